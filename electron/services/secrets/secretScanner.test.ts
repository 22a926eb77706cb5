import { performance } from 'node:perf_hooks';
import { secretLintProfiler } from '@secretlint/profiler';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors';
import { promptScanTargets, refuseSecrets, scanForSecrets, scanGroups } from './secretScanner';
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

describe('scanGroups', () => {
  // A private key block of the size the rule looks for, split where a group may end.
  const keyBody = `${['MIIE', 'pAIBAAKCAQEA'].join('')}${'q'.repeat(120)}`;
  const keyStart = ['-----BEGIN', 'RSA PRIVATE KEY-----'].join(' ');
  const keyEnd = ['-----END', 'RSA PRIVATE KEY-----'].join(' ');
  const clean = (index: number) => [
    { location: `p${index}: template`, text: `Prompt ${index} greets {{name}}.` },
    { location: `p${index}: metadata`, text: `{"tags":["t${index}"]}` },
  ];

  /** What scanning each group on its own gives. */
  const oneByOne = (groups: { location: string; text: string }[][]) =>
    Promise.all(groups.map((group) => scanForSecrets(group)));

  it('finds what one scan per group finds, each in its own group', async () => {
    const groups = [
      clean(0),
      [{ location: 'p1: template', text: `a\nkey ${slackToken}` }],
      clean(2),
      clean(3),
      [{ location: 'p4: message 1', text: `${slackToken} twice ${slackToken}` }],
    ];
    const found = await scanGroups(groups);
    expect(found).toEqual(await oneByOne(groups));
    expect(found.map((findings) => findings.length)).toEqual([0, 1, 0, 0, 2]);
  });

  it('gives clean groups no findings however many are scanned together', async () => {
    const groups = Array.from({ length: 3000 }, (_, index) => clean(index));
    const found = await scanGroups(groups);
    expect(found).toHaveLength(3000);
    expect(found.every((findings) => findings.length === 0)).toBe(true);
  });

  it("does not let one group's secretlint-disable comment hide the next group's secret", async () => {
    const groups = [
      [{ location: 'p0: template', text: 'text // secretlint-disable' }],
      [{ location: 'p1: template', text: `token ${slackToken}` }],
    ];
    const found = await scanGroups(groups);
    expect(found[1]).toEqual([{ rule: 'slack', location: 'p1: template', line: 1, column: 7 }]);
    expect(found).toEqual(await oneByOne(groups));
  });

  it('does not join a key block that starts in one group and ends in the next', async () => {
    const groups = [
      clean(0),
      [{ location: 'p1: template', text: `${keyStart}\n${keyBody}` }],
      [{ location: 'p2: template', text: `${keyEnd}\nthanks` }],
      [{ location: 'p3: template', text: `${keyStart}\n${keyBody}\n${keyEnd}` }],
    ];
    const found = await scanGroups(groups);
    expect(found).toEqual(await oneByOne(groups));
    expect(found.map((findings) => findings.length)).toEqual([0, 0, 0, 1]);
  });
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
