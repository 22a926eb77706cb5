import { performance } from 'node:perf_hooks';
import { secretLintProfiler } from '@secretlint/profiler';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors';
import { promptScanTargets, refuseSecrets, scanForSecrets } from './secretScanner';
import type { Prompt } from '../../../src-shared/model/prompt';

// Built at run time so no scanner of this repository flags the test itself.
const awsKey = ['AKIA', 'IOSFODNN7', 'EXAMPLE'].join('');
const slackToken = ['xoxb', '123456789012', '1234567890123', 'AbCdEfGhIjKlMnOpQrStUvWx'].join('-');

const timelineSize = () =>
  performance.getEntriesByType('mark').length + performance.getEntriesByType('measure').length;

/** Lets queued PerformanceObserver callbacks run, so anything they would store is stored. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('scanForSecrets', () => {
  it('finds a planted key and names the rule, the location, the line and the column', async () => {
    const findings = await scanForSecrets([
      { location: 'template', text: 'Hello {{name}}' },
      { location: 'message 2', text: `first line\nuse ${slackToken} here` },
    ]);
    expect(findings).toEqual([{ rule: 'slack', location: 'message 2', line: 2, column: 5 }]);
  });

  it('maps findings in several texts, scanned together, back to each text and line', async () => {
    const findings = await scanForSecrets([
      { location: 'template', text: `a\nb\nkey ${slackToken}` },
      { location: 'empty', text: '' },
      { location: 'partial footer', text: 'plain' },
      { location: 'message 1', text: `${slackToken}\nsecond\nthird ${slackToken}` },
      { location: 'metadata', text: '{"tags":[]}' },
    ]);
    expect(findings).toEqual([
      { rule: 'slack', location: 'template', line: 3, column: 5 },
      { rule: 'slack', location: 'message 1', line: 1, column: 1 },
      { rule: 'slack', location: 'message 1', line: 3, column: 7 },
    ]);
  });

  it('never puts the secret itself into a finding', async () => {
    const findings = await scanForSecrets([{ location: 'metadata', text: `key=${slackToken}` }]);
    expect(findings.length).toBeGreaterThan(0);
    expect(JSON.stringify(findings)).not.toContain(slackToken);
  });

  it('reports nothing for ordinary prompt text and skips empty texts', async () => {
    expect(
      await scanForSecrets([
        { location: 'template', text: 'Summarise {{document}} in three bullet points.' },
        { location: 'empty', text: '' },
      ]),
    ).toEqual([]);
  });

  it('leaves nothing in the performance timeline, however many texts it scans', async () => {
    const before = timelineSize();
    for (let round = 0; round < 200; round += 1) {
      await scanForSecrets([{ location: `text ${round}`, text: `Prompt ${round} for {{name}}` }]);
    }
    await settle();
    expect(timelineSize()).toBe(before);
  });

  it('keeps the profiler of secretlint from storing entries (its search over them was quadratic)', async () => {
    for (let round = 0; round < 50; round += 1) {
      await scanForSecrets([{ location: 'template', text: `key ${awsKey} round ${round}` }]);
    }
    await settle();
    expect(await secretLintProfiler.getEntries()).toHaveLength(0);
    expect(await secretLintProfiler.getMeasures()).toHaveLength(0);
  });

  it('scans the 1,000th text as it scanned the 10th: the number of stored entries stays bounded', async () => {
    const sizes: number[] = [];
    for (let round = 1; round <= 1000; round += 1) {
      await scanForSecrets([{ location: 'template', text: `Round ${round}: {{topic}}` }]);
      if (round === 10 || round === 1000) {
        await settle();
        sizes.push(timelineSize() + (await secretLintProfiler.getEntries()).length);
      }
    }
    expect(sizes[1]).toBe(sizes[0]);
  }, 120_000);
});

describe('promptScanTargets', () => {
  const prompt = {
    id: 'p',
    version: '1.0.0',
    format: 'chat',
    template: null,
    chat_template: {
      messages: [
        { role: 'system', content: 'You are helpful.' },
        { role: 'user', content: '{{question}}' },
      ],
    },
    metadata: { tags: ['a'] },
  } as unknown as Prompt;

  it('names each message by its position and prefixes every location', () => {
    expect(promptScanTargets(prompt, 'p.yaml: ').map((target) => target.location)).toEqual([
      'p.yaml: message 1',
      'p.yaml: message 2',
      'p.yaml: metadata',
    ]);
  });
});

describe('refuseSecrets', () => {
  it('passes when nothing was found', () => {
    expect(() => refuseSecrets([], 'use --allow-secrets')).not.toThrow();
  });

  it('refuses with forbidden, lists at most five findings and says how to override', () => {
    const findings = Array.from({ length: 7 }, (_, index) => ({
      rule: 'aws',
      location: `file${index}.yaml: template`,
      line: 1,
      column: index + 1,
    }));
    try {
      refuseSecrets(findings, 'use --allow-secrets');
      expect.unreachable('refuseSecrets should throw');
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      const appError = error as AppError;
      expect(appError.code).toBe('forbidden');
      expect(appError.message).toContain('aws in file0.yaml: template at line 1, column 1');
      expect(appError.message).toContain('and 2 more');
      expect(appError.message).toContain('use --allow-secrets');
      expect(appError.details?.['findings']).toHaveLength(7);
    }
  });
});
