import { describe, expect, it } from 'vitest';
import { bucketMs, metricsQueryFor, timeRangeById, TIME_RANGES } from './timeRange';

const NOW = Date.UTC(2025, 0, 10, 12, 0, 0);

describe('time ranges', () => {
  it('pick minute, hour and day buckets for hour, 24 h, 7 and 30 days', () => {
    expect(TIME_RANGES.map((range) => [range.id, range.bucket])).toEqual([
      ['hour', 'minute'],
      ['day', 'hour'],
      ['week', 'day'],
      ['month', 'day'],
    ]);
  });

  it('ask for the range ending now with its bucket', () => {
    expect(metricsQueryFor(timeRangeById('day'), NOW)).toEqual({
      from: NOW - 24 * 3600_000,
      to: NOW,
      bucket: 'hour',
      source: 'usage',
    });
  });

  it('count the editor previews only when asked', () => {
    expect(metricsQueryFor(timeRangeById('hour'), NOW, { previews: true }).source).toBe('all');
  });

  it('narrow the query to one prompt and one kind when asked', () => {
    const query = metricsQueryFor(timeRangeById('hour'), NOW, {
      promptId: 'release_notes',
      kind: 'render',
    });
    expect(query.prompt_id).toBe('release_notes');
    expect(query.kind).toBe('render');
  });

  it('leave the kind out for all events', () => {
    expect(metricsQueryFor(timeRangeById('hour'), NOW, { kind: 'all' }).kind).toBeUndefined();
  });

  it('fall back to the first range for an unknown id', () => {
    expect(timeRangeById('decade').id).toBe('hour');
  });

  it('know the length of each bucket', () => {
    expect(bucketMs('minute')).toBe(60_000);
    expect(bucketMs('hour')).toBe(3_600_000);
    expect(bucketMs('day')).toBe(86_400_000);
  });
});
