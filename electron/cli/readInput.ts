// Reads a file named on the command line: regular files only, bounded in size, strict UTF-8.
import { readFile, stat } from 'node:fs/promises';
import { AppError } from '../../src-shared/errors';

/** Largest JSON input file (variables, data to validate), as for an HTTP request body. */
export const MAX_JSON_INPUT_BYTES = 8 * 1024 * 1024;

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads `path` as text. A device or FIFO (`/dev/zero`) would be read until memory runs out, so
 * only regular files are read, and only up to `limit` bytes. `shown` is the name as typed.
 */
export async function readInputFile(path: string, shown: string, limit: number): Promise<string> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) {
      throw new AppError('invalid_input', `'${shown}' is not a regular file`, { file: shown });
    }
    size = info.size;
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('not_found', `cannot read '${shown}'`, { file: shown });
  }
  const tooLarge = (bytes: number) =>
    new AppError('too_large', `${shown}: file is ${bytes} bytes, over the ${limit}-byte limit`, {
      file: shown,
    });
  if (size > limit) throw tooLarge(size);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    throw new AppError('not_found', `cannot read '${shown}'`, { file: shown });
  }
  if (bytes.length > limit) throw tooLarge(bytes.length);
  try {
    return decoder.decode(bytes);
  } catch {
    throw new AppError('invalid_input', `${shown}: not valid UTF-8 text`, { file: shown });
  }
}

/**
 * Reads a stream (standard input) as strict UTF-8 text, refusing it once it passes `limit`
 * bytes: `pwb validate schema - < /dev/zero` must fail fast, not fill memory.
 */
export async function readBoundedStream(
  stream: AsyncIterable<Uint8Array | string>,
  shown: string,
  limit: number,
): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk);
    total += bytes.length;
    if (total > limit) {
      throw new AppError('too_large', `${shown} is over the ${limit}-byte limit`, { file: shown });
    }
    chunks.push(bytes);
  }
  try {
    return decoder.decode(Buffer.concat(chunks));
  } catch {
    throw new AppError('invalid_input', `${shown}: not valid UTF-8 text`, { file: shown });
  }
}
