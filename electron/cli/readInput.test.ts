import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readBoundedStream } from './readInput';

/** An endless stream of zero bytes that counts how much was pulled from it. */
function endlessZeros(): { stream: Readable; pulled: () => number } {
  let pulled = 0;
  const stream = new Readable({
    read() {
      pulled += 64 * 1024;
      this.push(Buffer.alloc(64 * 1024));
    },
  });
  return { stream, pulled: () => pulled };
}

describe('readBoundedStream', () => {
  it('reads text split across chunks, multi-byte characters included', async () => {
    const euro = Buffer.from('{"price":"10 €"}', 'utf8');
    const chunks = [euro.subarray(0, 13), euro.subarray(13)];
    await expect(readBoundedStream(Readable.from(chunks), 'standard input', 100)).resolves.toBe(
      '{"price":"10 €"}',
    );
  });

  it('stops an endless stream soon after the limit with too_large', async () => {
    const { stream, pulled } = endlessZeros();
    await expect(readBoundedStream(stream, 'standard input', 1024 * 1024)).rejects.toMatchObject({
      code: 'too_large',
      message: 'standard input is over the 1048576-byte limit',
    });
    expect(pulled()).toBeLessThan(2 * 1024 * 1024);
  });

  it('refuses invalid UTF-8 naming the input', async () => {
    const bytes = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
    await expect(
      readBoundedStream(Readable.from([bytes]), 'standard input', 100),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'standard input: not valid UTF-8 text',
    });
  });
});
