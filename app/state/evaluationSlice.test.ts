// The Tests panel's and the evaluation matrix's slices, driven over the real HTTP server, a real
// SQLite file and the local model server (deterministic echo answers), without a DOM.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '../api/client';
import { startLiveLibrary } from '../testing/liveLibrary';
import type { LiveLibrary } from '../testing/liveLibrary';
import { startLocalModels } from '../testing/localModels';
import type { ModelServer } from '../testing/localModels';
import { buildMatrix } from '../features/evaluation/matrix';
import { parseModels } from './evaluationSlice';
import { createWorkbenchStore } from './store';
import type { WorkbenchStore } from './store';

let live: LiveLibrary;
let models: ModelServer;
let store: WorkbenchStore;

beforeEach(async () => {
  live = await startLiveLibrary();
  const api = createClient(live.transport);
  models = await startLocalModels(api);
  store = createWorkbenchStore(api, { delays: { search: 1, draft: 1 } });
  store.getState().newPrompt('greeting', 'text');
  store.getState().setTemplateContent('Say hello to {{name}}');
  expect(await store.getState().saveVersion('patch', 'first')).toBe('saved');
});

afterEach(async () => {
  await live.close();
  await models.close();
});

/** Saves the typed Variables as a case checking the answer contains `text`. */
async function caseFromVariables(name: string, text: string): Promise<void> {
  store.getState().setVariable('name', name);
  expect(await store.getState().saveVariablesAsCase()).toBe(true);
  const index = store.getState().tests.selected ?? -1;
  store.getState().setAssertion(index, 0, {});
  store.getState().addAssertion(index);
  const at = (store.getState().tests.drafts[index]?.assert.length ?? 0) - 1;
  store.getState().setAssertion(index, at, { type: 'contains', value: text });
  expect(await store.getState().saveTests()).toBe(true);
}

function matrixOf() {
  const { cells, planned, baseline, run } = store.getState().evaluation;
  return buildMatrix(cells, planned, baseline && baseline.id !== run?.id ? baseline.cells : null);
}

describe('tests slice', () => {
  it('saves the Variables as typed as a test case and shows it in the Tests panel', async () => {
    store.getState().setVariable('name', 'Ada');
    expect(await store.getState().saveVariablesAsCase()).toBe(true);
    expect(store.getState().ui.activeTab).toBe('tests');
    expect(await live.transport.call('listTestCases', { id: 'greeting' })).toEqual({
      ok: true,
      value: [{ name: 'case 1', vars: { name: 'Ada' }, assert: [] }],
    });
    expect(store.getState().tests.selected).toBe(0);
    expect(store.getState().tests.dirty).toBe(false);
  });

  it('edits variables and assertions of each type, and refuses a limit that is not a number', async () => {
    await store.getState().loadTests('greeting');
    store.getState().addCase();
    store.getState().setCase(0, { name: 'long list' });
    store.getState().setCaseVariable(0, 'name', 'Bo');
    store.getState().setAssertion(0, 0, { type: 'contains-all', value: 'Bo\nhello\n' });
    store.getState().addAssertion(0);
    store.getState().setAssertion(0, 1, { type: 'max-latency-ms', value: 'soon' });
    expect(await store.getState().saveTests()).toBe(false);
    expect(store.getState().tests.problems).toEqual([
      "'long list', assertion 2: max-latency-ms needs a number.",
    ]);
    store.getState().setAssertion(0, 1, { value: '5000', weight: '2' });
    expect(await store.getState().saveTests()).toBe(true);
    const stored = await live.transport.call('listTestCases', { id: 'greeting' });
    expect(stored).toEqual({
      ok: true,
      value: [
        {
          name: 'long list',
          vars: { name: 'Bo' },
          assert: [
            { type: 'contains-all', value: ['Bo', 'hello'] },
            { type: 'max-latency-ms', value: 5000, weight: 2 },
          ],
        },
      ],
    });
  });

  it('shows the server’s refusal and keeps the edits (two cases with one name)', async () => {
    await store.getState().loadTests('greeting');
    store.getState().addCase();
    store.getState().addCase();
    store.getState().setCase(1, { name: 'case 1' });
    store.getState().setAssertion(0, 0, { value: 'hello' });
    store.getState().setAssertion(1, 0, { value: 'hello' });
    expect(await store.getState().saveTests()).toBe(false);
    expect(store.getState().tests.error?.message).toMatch(/already named 'case 1'/);
    expect(store.getState().tests.dirty).toBe(true);
    expect(store.getState().tests.drafts).toHaveLength(2);
  });
});

describe('evaluation slice', () => {
  it('runs a two-version matrix, marks a baseline and finds the regression', async () => {
    await caseFromVariables('Ada', 'hello');
    await caseFromVariables('Bo', 'hello');
    store.getState().setTemplateContent('Say hello, {{name}}');
    expect(await store.getState().saveVersion('minor', 'comma')).toBe('saved');
    await store.getState().loadHistory('greeting');
    await store.getState().loadEvaluation('greeting');
    expect(store.getState().evaluation.versions).toEqual(['1.1.0']);
    store.getState().toggleMatrixVersion('1.0.0');
    expect(store.getState().evaluation.versions).toEqual(['1.0.0', '1.1.0']);
    store.getState().setMatrixModels('local:m');
    await store.getState().runMatrix();
    const first = store.getState().evaluation;
    expect(first.error).toBeNull();
    expect(first.run?.summary).toEqual({ passed: 4, failed: 0 });
    const matrix = matrixOf();
    expect(matrix.rows).toEqual(['case 1', 'case 2']);
    expect(matrix.columns.map((column) => column.key)).toEqual([
      '1.0.0 · local:m',
      '1.1.0 · local:m',
    ]);
    expect(matrix.totals.get('1.0.0 · local:m')).toMatchObject({ done: 2, passRate: 1 });
    expect(first.runs.map((run) => run.id)).toEqual([first.run?.id]);

    expect(await store.getState().markBaseline()).toBe(true);
    expect(store.getState().evaluation.baseline?.id).toBe(first.run?.id);

    // The unsaved changes lose the word the cases check: a regression against the baseline.
    store.getState().setTemplateContent('Greet {{name}}');
    store.getState().toggleMatrixVersion('1.0.0');
    store.getState().setMatrixUnsaved(true);
    await store.getState().runMatrix();
    const second = store.getState().evaluation;
    expect(second.run?.summary).toEqual({ passed: 2, failed: 2 });
    const after = matrixOf();
    expect(after.columns.map((column) => column.key)).toEqual([
      '1.1.0 · local:m',
      'unsaved · local:m',
    ]);
    expect(after.regressions.map((cell) => [cell.case, cell.version])).toEqual([
      ['case 1', null],
      ['case 2', null],
    ]);
    expect(after.change('case 1', 'unsaved · local:m')).toBe('regression');
    expect(after.change('case 1', '1.1.0 · local:m')).toBeNull();
    const failed = after.cell('case 1', 'unsaved · local:m');
    expect(failed?.assertions).toEqual([
      { type: 'contains', pass: false, reason: 'the answer does not contain "hello"' },
    ]);
    expect(failed?.output).toBe('echo: Greet Ada');
  });

  it('shows cells as they arrive; Stop cancels the matrix, nothing is kept', async () => {
    await caseFromVariables('Ada', 'hello');
    await caseFromVariables('Bo', 'hello');
    await store.getState().loadEvaluation('greeting');
    store.getState().setMatrixModels('local:m');
    models.script({ kind: 'answer' }, { kind: 'stall', afterChunks: 1 });
    const running = store.getState().runMatrix();
    await expect.poll(() => store.getState().evaluation.cells.length).toBe(1);
    expect(store.getState().evaluation.status).toBe('running');
    expect(store.getState().evaluation.total).toBe(2);
    await store.getState().stopMatrix();
    await running;
    const state = store.getState().evaluation;
    expect(state.status).toBe('idle');
    expect(state.notice).toBe('Stopped: nothing was kept.');
    expect(state.cells.map((cell) => [cell.case, cell.pass])).toEqual([['case 1', true]]);
    expect(state.runs).toEqual([]);
  });

  it('refuses a model name that is not provider:model, and an empty choice of columns', async () => {
    await caseFromVariables('Ada', 'hello');
    await store.getState().loadEvaluation('greeting');
    store.getState().setMatrixModels('gpt4');
    await store.getState().runMatrix();
    expect(store.getState().evaluation.error?.message).toMatch(/not 'gpt4'/);
    store.getState().setMatrixModels('local:m');
    store.getState().toggleMatrixVersion('1.0.0');
    await store.getState().runMatrix();
    expect(store.getState().evaluation.error?.message).toMatch(/Pick at least one version/);
    expect(models.requests).toHaveLength(0);
  });
});

describe('parseModels', () => {
  it('reads models separated by commas or spaces, once each', () => {
    expect(parseModels('local:a, local:b local:a')).toEqual({ models: ['local:a', 'local:b'] });
    expect(parseModels('  ')).toEqual({ models: [] });
    expect(parseModels('local:a nope')).toEqual({ bad: 'nope' });
  });
});
