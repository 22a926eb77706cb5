// Journey: save a test case from the Variables, run the matrix on two versions against the local
// model server, mark a baseline, change the prompt and see the regression.
import { startModelServer } from '../electron/testKit/modelServer';
import type { ModelServer } from '../electron/testKit/modelServer';
import { expect, test } from './fixtures';
import { Editor } from './pages/editor';
import { Library } from './pages/library';
import { shoot } from './pages/screenshots';
import { Evaluation, Tests } from './pages/tests';
import { Variables } from './pages/variables';
import { runPwb } from './server';

let models: ModelServer;

test.beforeEach(async () => {
  models = await startModelServer();
});
test.afterEach(async () => {
  await models.close();
});

test('a test case from the variables catches a regression against the baseline', async ({
  app,
  sandbox,
}) => {
  // The local protocol server answers `echo: ` and the prompt: deterministic answers.
  await runPwb(sandbox.dbPath, [
    'providers',
    'add',
    'local',
    '--kind',
    'openai-compatible',
    '--base-url',
    models.openaiUrl,
  ]);
  const library = new Library(app);
  const editor = new Editor(app);
  const variables = new Variables(app);
  const tests = new Tests(app);
  const evaluation = new Evaluation(app);

  // Two versions of a prompt, both saying hello.
  await library.newPrompt('greeting');
  await editor.replaceText('Say hello to {{name}}');
  const first = await editor.openSaveDialog();
  await first.changelog.fill('first');
  await first.dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(first.dialog).toBeHidden();
  await editor.replaceText('Say hello, {{name}}');
  await (await editor.openSaveDialog()).save('minor', 'a comma');

  // A test case from the variables just typed, with an assertion added in the Tests panel.
  await variables.fill('name', 'Ada');
  await variables.region.getByRole('button', { name: 'Save as test case' }).click();
  await expect(tests.region).toBeVisible();
  await expect(tests.caseItem('case 1')).toBeVisible();
  await expect(tests.region.getByRole('textbox', { name: 'name', exact: true })).toHaveValue('Ada');
  await tests.addAssertion('icontains', 'HELLO');
  await tests.save();
  await shoot(app, 'panel-tests');

  // The matrix on both versions: two passing cells, then the run becomes the baseline.
  await evaluation.open();
  await expect(evaluation.version('1.1.0')).toBeChecked();
  await evaluation.version('1.0.0').check();
  // The model picker offers the configured providers (and still takes a typed model).
  await expect(evaluation.region.locator('datalist option[value="local:"]')).toHaveCount(1);
  await evaluation.chooseModels('local:m');
  await evaluation.run();
  await expect(evaluation.cell('case 1', '1.0.0 · local:m')).toHaveAccessibleName(
    'case 1 on 1.0.0 · local:m: pass',
  );
  await expect(evaluation.cell('case 1', '1.1.0 · local:m')).toHaveAccessibleName(
    'case 1 on 1.1.0 · local:m: pass',
  );
  await expect(evaluation.matrix.getByRole('row', { name: /^Pass rate/ })).toContainText(
    '100 % (1/1)',
  );
  await evaluation.markBaseline();

  // Change the prompt (unsaved) and run it as a column of its own: the regression shows.
  await app.getByRole('tab', { name: 'Editor', exact: true }).click();
  await editor.replaceText('Greet {{name}}');
  await evaluation.open();
  await evaluation.version('1.0.0').uncheck();
  await evaluation.unsaved.check();
  await evaluation.run();
  const regressed = evaluation.cell('case 1', 'unsaved · local:m');
  await expect(regressed).toHaveAccessibleName('case 1 on unsaved · local:m: fail, regression');
  await expect(evaluation.region.getByRole('list', { name: 'Regressions' })).toContainText(
    'case 1 on unsaved · local:m',
  );
  await regressed.click();
  const result = evaluation.cellResult;
  await expect(result.getByLabel('Answer', { exact: true })).toHaveText('echo: Greet Ada');
  await expect(result.getByRole('list', { name: 'Assertion results' })).toContainText(
    'does not contain "HELLO", in any case',
  );
  const diff = result.getByRole('figure', { name: 'Word diff' });
  await expect(diff).toContainText('only in the baseline');
  await expect(diff.locator('del')).toHaveText('Say hello,');
  await expect(diff.locator('ins')).toHaveText('Greet');
  await shoot(app, 'panel-evaluation');
});
