// Journey: add a provider pointing at the local protocol server, run a prompt and watch the answer
// stream, stop one, then compare two versions' answers side by side with a word diff.
import { startModelServer } from '../electron/testKit/modelServer';
import type { ModelServer } from '../electron/testKit/modelServer';
import { expect, test } from './fixtures';
import { expectAccessible } from './pages/axe';
import { Library } from './pages/library';
import { MetricsPanel } from './pages/metrics';
import { RunPanel, SideBySide } from './pages/run';
import { shoot } from './pages/screenshots';
import { Variables } from './pages/variables';

test.use({ seeded: true });

let models: ModelServer;
test.beforeEach(async () => {
  models = await startModelServer();
});
test.afterEach(async () => {
  await models.close();
});

test('runs a prompt against a local provider, streams, stops and compares versions', async ({
  app,
}) => {
  await new Library(app).open('evolving_prompt');
  const variables = new Variables(app);
  await variables.fill('input', 'the report');
  await variables.fill('context', 'Q3');
  await variables.fill('format', 'bullets');

  const run = new RunPanel(app);
  await run.open();
  const providers = await run.openProviders();
  await expect(providers.dialog).toContainText('environment of pwb serve');
  await providers.add('local', models.openaiUrl);
  await expectAccessible(app, 'Providers dialog', { include: 'dialog[open]', allImpacts: true });
  await providers.close();
  await run.chooseModels('local:echo');

  // Tokens arrive a quarter second apart: part of the answer shows before the end.
  models.script({
    kind: 'answer',
    text: 'First words arrive before the last ones do',
    chunkDelayMs: 250,
  });
  await run.run();
  const answer = run.answer('local:echo');
  await expect(run.answerText('local:echo')).toContainText('First');
  await expect(answer.getByRole('status')).toHaveText('Streaming…');
  await expect(run.answerText('local:echo')).not.toContainText('ones do');
  await expect(answer.getByRole('status')).toHaveText('Done', { timeout: 15_000 });
  await expect(run.answerText('local:echo')).toHaveText(
    'First words arrive before the last ones do',
  );
  const figures = answer.getByRole('definition');
  await expect(answer.getByRole('term')).toHaveText([
    'Time to first token',
    'Latency',
    'Input tokens',
    'Output tokens',
    'Cost',
    'Finish reason',
  ]);
  await expect(figures.nth(3)).toHaveText('8');
  await expect(figures.nth(5)).toHaveText('stop');
  await shoot(app, 'run');
  await expectAccessible(app, 'Run panel', {
    include: 'section[aria-label="Run"]',
    allImpacts: true,
  });

  // A stream that stalls after its first word: Stop ends it and keeps what arrived.
  models.script({ kind: 'stall', afterChunks: 1 });
  await run.region.getByRole('checkbox', { name: 'Skip the cache' }).check();
  await run.run();
  await expect(run.answerText('local:echo')).toHaveText('echo:');
  await run.stop();
  await expect(answer.getByRole('status')).toHaveText('Stopped');

  const sideBySide = new SideBySide(app);
  await sideBySide.open();
  await sideBySide.chooseVersions('1.0.0', '2.0.0');
  await sideBySide.chooseModels('local:echo');
  await sideBySide.run();
  const older = sideBySide.answer('1.0.0 · local:echo');
  const newer = sideBySide.answer('2.0.0 · local:echo');
  await expect(older.getByRole('status')).toHaveText(/Done|Cached/);
  await expect(newer.getByRole('status')).toHaveText(/Done|Cached/);
  await expect(newer.getByLabel('Answer text')).toContainText('Major update: the report');
  await expect(sideBySide.diff.locator('ins')).not.toHaveCount(0);
  await expect(sideBySide.diff.locator('ins').first()).toBeVisible();
  await shoot(app, 'side-by-side');
  await expectAccessible(app, 'Side by side panel', {
    include: 'section[aria-label="Side by side"]',
    allImpacts: true,
  });

  // Every call is in the metrics: the Model calls view groups them by prompt, version and model.
  const metrics = new MetricsPanel(app);
  await metrics.open();
  await metrics.showEvents('Model calls');
  const rows = metrics.modelCalls.getByRole('row');
  await expect(rows.filter({ hasText: '1.0.0' })).toContainText('local:echo');
  // Version 2.0.0: the streamed run, the stopped one (an error) and the side-by-side cell.
  const current = rows.filter({ has: app.getByRole('cell', { name: '2.0.0', exact: true }) });
  await expect(current.getByRole('cell').nth(2)).toHaveText('3');
  await expect(metrics.region.getByRole('definition').first()).toHaveText('4');
  await shoot(app, 'model-calls');
  await expectAccessible(app, 'Model calls table', {
    include: 'table[aria-label="Model calls by prompt"]',
    allImpacts: true,
  });
});
