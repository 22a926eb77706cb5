// Journey: render prompts in the Preview and export one, then find them on the Metrics dashboard:
// real usage by default, the editor's previews on request; the charts draw the bucket of just
// now whole, inside the plot (read from the canvas), in every range.
import type { Page } from '@playwright/test';
import { openDatabase } from '../electron/services/store/database';
import { EXACT_LIMIT, MetricsService } from '../electron/services/metrics/metricsService';
import { expect, test } from './fixtures';
import { ExportPanel } from './pages/export';
import { Library } from './pages/library';
import { MetricsPanel } from './pages/metrics';
import { shoot } from './pages/screenshots';
import { Variables } from './pages/variables';

/**
 * Records renders of one prompt into the library the server serves, as another process (pwb
 * in a terminal) would, stamped by `clock`.
 */
function recordRenders(dbPath: string, promptId: string, durations: number[], clock: () => Date) {
  const db = openDatabase(dbPath);
  const writer = new MetricsService(db, { clock });
  for (const duration_us of durations) {
    writer.record({ kind: 'render', prompt_id: promptId, version: '1.0.0', duration_us, ok: true });
  }
  writer.close();
  db.close();
}

/** Opens the dashboard on a library with no usage yet. */
async function openQuietDashboard(page: Page): Promise<MetricsPanel> {
  const metrics = new MetricsPanel(page);
  await metrics.open();
  await expect(metrics.region).toContainText('No renders in the last hour');
  return metrics;
}

test.describe('with the seed library', () => {
  test.use({ seeded: true });

  test('renders of the current minute draw a whole bar and a point inside the plot at Last hour', async ({
    app,
    sandbox,
  }) => {
    const metrics = await openQuietDashboard(app);
    // A few renders just now, recorded by another process into the library the server serves;
    // at one instant, so all of them fall in one bucket, the current (last) minute.
    const now = new Date();
    recordRenders(sandbox.dbPath, 'greeting', [1200, 3400, 8100], () => now);
    await metrics.refresh();
    await expect(metrics.row('greeting', '1.0.0').getByRole('cell').nth(1)).toHaveText('3');

    for (const scheme of ['light', 'dark'] as const) {
      await app.emulateMedia({ colorScheme: scheme });
      // The bar: one slot wide like any other, inside the plot, at its right end; the latency
      // of those renders: a point, whole, inside the plot.
      await expect
        .poll(() => metrics.lastMark('Renders over time', 2))
        .toMatchObject({ inside: true, wide: true, atTheEnd: true });
      await expect
        .poll(() => metrics.lastMark('Latency', 4))
        .toMatchObject({ inside: true, wide: true, atTheEnd: true });
    }
    await app.emulateMedia({ colorScheme: 'light' });

    // The legend reads the bar under the pointer: its count, and its latency.
    const drawn = await metrics.chartInk('Renders over time');
    const bar = drawn.runs.at(-1);
    expect(bar).toBeDefined();
    const x = ((bar?.left ?? 0) + (bar?.right ?? 0)) / 2;
    const y = drawn.plot.height - 2;
    await metrics.plotArea('Renders over time').hover({ position: { x, y } });
    await expect(metrics.legendValue('Renders over time', 'Renders')).toHaveText('3');
    await metrics.plotArea('Latency').hover({ position: { x, y } });
    await expect(metrics.legendValue('Latency', 'p50')).toHaveText('3.40 ms');
    await app.mouse.move(0, 0);
    await shoot(app, 'metrics-last-hour');

    // Every other range draws the same bucket whole, inside the plot.
    for (const range of ['Last 24 hours', 'Last 7 days', 'Last 30 days']) {
      await metrics.setRange(range);
      for (const title of ['Renders over time', 'Latency']) {
        await expect
          .poll(async () => ({ range, ...(await metrics.lastMark(title, 4)) }))
          .toMatchObject({ inside: true, wide: true, atTheEnd: true });
      }
    }
  });

  test('previews show on request, exports as usage, in the chart and the table', async ({
    app,
  }) => {
    const library = new Library(app);
    const variables = new Variables(app);
    const preview = app.getByRole('region', { name: 'Preview' });

    await library.open('greeting');
    await variables.fill('name', 'Ada');
    await variables.fill('role', 'admin');
    await expect(preview).toContainText('Hello Ada!');

    await library.open('customer_support');
    await variables.fill('company', 'Acme');
    await variables.fill('customer_query', 'Where is my parcel?');
    await expect(preview).toContainText('Where is my parcel?');

    const metrics = new MetricsPanel(app);
    await metrics.open();
    // Previews are how a prompt is written, not how it is used.
    await expect(metrics.region).toContainText('No renders in the last hour');
    await expect(metrics.includePreviews).not.toBeChecked();
    await metrics.includePreviews.check();
    await expect(metrics.chart('Renders over time')).toBeVisible();
    await expect(metrics.chart('Renders over time').locator('canvas')).toBeVisible();
    await expect(metrics.chart('Latency')).toBeVisible();
    await expect(metrics.row('greeting', '1.0.0')).toBeVisible();
    await expect(metrics.row('customer_support', '1.0.0')).toBeVisible();
    const cells = metrics.row('greeting', '1.0.0').getByRole('cell');
    const count = Number(await cells.nth(1).innerText());
    expect(count).toBeGreaterThanOrEqual(1);

    await expect(metrics.columnHeader('Count')).toHaveAttribute('aria-sort', 'descending');
    await metrics.sortBy('Prompt');
    await expect(metrics.columnHeader('Prompt')).toHaveAttribute('aria-sort', 'ascending');
    await expect(metrics.columnHeader('Count')).toHaveAttribute('aria-sort', 'none');
    await expect(metrics.table.getByRole('rowheader').first()).toHaveText('customer_support');
    await metrics.sortBy('Prompt');
    await expect(metrics.table.getByRole('rowheader').first()).toHaveText('greeting');

    await metrics.setRange('Last 7 days');
    await expect(metrics.row('greeting', '1.0.0')).toBeVisible();
    await shoot(app, 'metrics-dashboard');

    // An export is usage: it counts without the previews.
    await library.option('greeting').click();
    const exporter = new ExportPanel(app);
    await exporter.open();
    await expect(exporter.payloadEditor).toBeVisible();
    await metrics.open();
    await metrics.includePreviews.uncheck();
    await metrics.setEvents('Exports');
    await expect(metrics.row('greeting', '1.0.0')).toBeVisible();
    await expect(metrics.row('customer_support', '1.0.0')).toHaveCount(0);
  });
});

test('an empty library says how to get metrics', async ({ app }) => {
  const metrics = new MetricsPanel(app);
  await metrics.open();
  await expect(metrics.region).toContainText('The editor’s own previews count only with');
  await shoot(app, 'metrics-empty');
});

test('a range with more events than are ranked exactly says its percentiles are approximate', async ({
  app,
  sandbox,
}) => {
  const metrics = await openQuietDashboard(app);
  // Another process (here the test) records a busy hour into the library the server serves.
  const durations = Array.from({ length: EXACT_LIMIT + 1 }, (_, n) => 100 + n);
  recordRenders(sandbox.dbPath, 'busy', durations, () => new Date());
  await metrics.refresh();
  await expect(metrics.row('busy', '1.0.0')).toBeVisible();
  await expect(metrics.region).toContainText('Approximate percentiles');
  await expect(metrics.region).toContainText('within 1 %');
  // Percentiles from histograms are drawn as exact ones are: a point inside the plot.
  await expect
    .poll(() => metrics.lastMark('Latency', 4))
    .toMatchObject({ inside: true, wide: true });
});
