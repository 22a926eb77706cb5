import { describe, expect, it } from 'vitest';
import {
  isEvalJobEvent,
  isJobId,
  isLibraryChangeEvent,
  isProgressEvent,
  isProgressOperation,
} from './events';

const event = { job: 'job-1', operation: 'importFolder', stage: 'reading', done: 3, total: 9 };

describe('progress events', () => {
  it('accepts a well-formed event', () => {
    expect(isProgressEvent(event)).toBe(true);
    expect(isProgressEvent({ ...event, operation: 'exportFolder', stage: 'writing' })).toBe(true);
  });

  it('refuses events with a wrong field', () => {
    for (const bad of [
      null,
      'text',
      { ...event, job: '' },
      { ...event, job: 'a b' },
      { ...event, operation: 'deletePrompt' },
      { ...event, stage: 'done' },
      { ...event, done: -1 },
      { ...event, total: 1.5 },
      { ...event, done: '3' },
    ]) {
      expect(isProgressEvent(bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it('takes a UUID as a job id and refuses long or odd ones', () => {
    expect(isJobId('0b7e5c1a-8f55-4a8e-9f0e-1c2d3e4f5a6b')).toBe(true);
    expect(isJobId('x'.repeat(65))).toBe(false);
    expect(isJobId('../etc')).toBe(false);
    expect(isJobId(42)).toBe(false);
  });

  it('knows which operations report progress', () => {
    expect(isProgressOperation('importFolder')).toBe(true);
    expect(isProgressOperation('exportFolder')).toBe(true);
    expect(isProgressOperation('savePrompt')).toBe(false);
  });
});

describe('evaluation events', () => {
  const cell = { prompt: 'p', case: 'c', model: 'm:x', pass: true, assertions: [] };
  const wrap = (event: unknown) => ({ job: 'ev-1', operation: 'runEvaluation', event });

  it('accepts planned, cell and done events', () => {
    expect(isEvalJobEvent(wrap({ type: 'planned', total: 4 }))).toBe(true);
    expect(isEvalJobEvent(wrap({ type: 'cell', cell }))).toBe(true);
    expect(isEvalJobEvent(wrap({ type: 'done', run: { id: 'r', cells: [cell] } }))).toBe(true);
  });

  it('refuses events with a wrong job, operation, type or shape', () => {
    for (const bad of [
      null,
      { ...wrap({ type: 'planned', total: 1 }), job: '../x' },
      { ...wrap({ type: 'planned', total: 1 }), operation: 'runPrompt' },
      wrap({ type: 'planned', total: -1 }),
      wrap({ type: 'cell', cell: { ...cell, pass: 'yes' } }),
      wrap({ type: 'cell' }),
      wrap({ type: 'done', run: { id: 3, cells: [] } }),
      wrap({ type: 'delta', text: 'x' }),
      wrap([]),
    ]) {
      expect(isEvalJobEvent(bad), JSON.stringify(bad)).toBe(false);
    }
  });
});

describe('library change events', () => {
  it('accepts saves, deletions, label moves (set or removed) and resyncs', () => {
    for (const change of [
      { kind: 'saved', id: 'greet', version: '1.0.1' },
      { kind: 'deleted', id: 'greet' },
      { kind: 'label', id: 'greet', label: 'production', version: '1.0.0' },
      { kind: 'label', id: 'greet', label: 'staging', version: null },
      { kind: 'schema', name: 'reply', deleted: false },
      { kind: 'partial', name: 'footer', deleted: true },
      { kind: 'resync' },
    ]) {
      expect(isLibraryChangeEvent({ operation: 'library', change }), change.kind).toBe(true);
    }
  });

  it('refuses other operations, kinds and missing fields', () => {
    for (const bad of [
      null,
      { operation: 'run', change: { kind: 'deleted', id: 'greet' } },
      { operation: 'library', change: { kind: 'moved', id: 'greet' } },
      { operation: 'library', change: { kind: 'saved', id: 'greet' } },
      { operation: 'library', change: { kind: 'label', id: 'greet', version: '1.0.0' } },
      { operation: 'library', change: { kind: 'deleted', id: 7 } },
      { operation: 'library', change: [] },
      { operation: 'library', change: { kind: 'schema', name: 'reply' } },
    ]) {
      expect(isLibraryChangeEvent(bad), JSON.stringify(bad)).toBe(false);
    }
  });
});
