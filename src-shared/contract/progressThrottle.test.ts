import { describe, expect, it } from 'vitest';
import { throttleProgress } from './progressThrottle';
import type { ThrottledStep } from './progressThrottle';

/** A throttle over a hand-driven clock, and what it let through. */
function harness(intervalMs = 50) {
  let clock = 0;
  const sent: ThrottledStep[] = [];
  const step = throttleProgress<ThrottledStep>((s) => sent.push(s), {
    intervalMs,
    now: () => clock,
  });
  return {
    sent,
    at(ms: number, stage: string, done: number, total: number) {
      clock = ms;
      step({ stage, done, total });
    },
  };
}

describe('throttleProgress', () => {
  it('passes the first step at once', () => {
    const h = harness();
    h.at(0, 'reading', 0, 2000);
    expect(h.sent).toEqual([{ stage: 'reading', done: 0, total: 2000 }]);
  });

  it('keeps 2,000 steps inside one interval down to the first and the last', () => {
    const h = harness();
    for (let done = 0; done <= 2000; done += 1) h.at(10, 'reading', done, 2000);
    expect(h.sent.map((s) => s.done)).toEqual([0, 2000]);
  });

  it('lets one step through per interval', () => {
    const h = harness(50);
    for (let ms = 0; ms < 1000; ms += 5) h.at(ms, 'reading', ms, 10_000);
    // 1 s at one step per 50 ms: about 20 steps, never a flood.
    expect(h.sent.length).toBe(20);
    const gaps = h.sent.slice(1).map((s, i) => s.done - (h.sent[i]?.done ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(50);
  });

  it('always passes the first step of a new stage', () => {
    const h = harness();
    h.at(0, 'reading', 0, 10);
    h.at(1, 'reading', 5, 10);
    h.at(2, 'writing', 0, 10);
    expect(h.sent.map((s) => `${s.stage} ${s.done}`)).toEqual(['reading 0', 'writing 0']);
  });

  it('always passes a finished step, but only once', () => {
    const h = harness();
    h.at(0, 'writing', 0, 3);
    h.at(1, 'writing', 3, 3);
    h.at(2, 'writing', 3, 3);
    expect(h.sent.map((s) => s.done)).toEqual([0, 3]);
  });

  it('passes an empty job (0 of 0) once', () => {
    const h = harness();
    h.at(0, 'reading', 0, 0);
    h.at(0, 'reading', 0, 0);
    expect(h.sent).toEqual([{ stage: 'reading', done: 0, total: 0 }]);
  });
});
