// Journey: the Metrics dashboard on a team library (PostgreSQL). Renders from a terminal are
// usage and show in the table and charts; the editor's own previews count only on request; an
// admin's retention change from the terminal is kept by the library.
import { expect, test } from '@playwright/test';
import { Editor } from './pages/editor';
import { Library } from './pages/library';
import { MetricsPanel } from './pages/metrics';
import { shoot } from './pages/screenshots';
import { Variables } from './pages/variables';
import { openPage, startTeamLibrary, watchPageErrors } from './teamLibrary';
import type { TeamLibrary } from './teamLibrary';

let team: TeamLibrary;
const errors: string[] = [];

test.beforeEach(async ({ page }) => {
  team = await startTeamLibrary();
  watchPageErrors(page, errors);
});

test.afterEach(async () => {
  // Checked before the servers stop (the page then reports the refused connections).
  const reported = errors.splice(0);
  await team.dispose();
  expect(reported, 'the page reported errors').toEqual([]);
});

test('the dashboard counts renders on a team library, previews on request', async ({ page }) => {
  const running = await team.serve();
  await openPage(page, running);
  const library = new Library(page);
  const editor = new Editor(page);
  await library.newPrompt('team-hello');
  await editor.replaceText('Hello {{name}} from the team');
  const save = await editor.openSaveDialog();
  await save.saveButton.click();
  await expect(save.dialog).toBeHidden();

  // The editor's live preview: not usage.
  await new Variables(page).fill('name', 'Ada');
  await expect(page.getByRole('region', { name: 'Preview' })).toContainText(
    'Hello Ada from the team',
  );
  // Two renders from a terminal: usage, recorded in the team library.
  for (const name of ['Ann', 'Bo']) {
    expect(await team.pwb(['render', 'team-hello', '--var', `name=${name}`])).toBe(
      `Hello ${name} from the team`,
    );
  }

  const metrics = new MetricsPanel(page);
  await metrics.open();
  await expect(metrics.includePreviews).not.toBeChecked();
  const row = metrics.row('team-hello', '1.0.0');
  await expect(row).toBeVisible();
  await expect(row.getByRole('cell').nth(1)).toHaveText('2');
  // At Last hour, the renders of just now: a bar and latency points, whole, inside the plots.
  for (const [title, minWidth] of [
    ['Renders over time', 2],
    ['Latency', 4],
  ] as const) {
    await expect
      .poll(() => metrics.lastMark(title, minWidth))
      .toMatchObject({ inside: true, wide: true, atTheEnd: true });
  }
  await shoot(page, 'team-metrics-dashboard');

  // With the previews, the editor's renders count too.
  await metrics.includePreviews.check();
  await expect
    .poll(async () => Number(await row.getByRole('cell').nth(1).innerText()))
    .toBeGreaterThan(2);

  // The retention is the library's; the admin (the database owner) changes it from a terminal.
  expect(await team.pwb(['--metrics-retention', '30'])).toBe(
    'Metric events are kept for 30 days.\n',
  );
});
