// The Metrics panel as a user reaches it: by roles and accessible names only.
import type { Locator, Page } from '@playwright/test';
import { TabPanel } from './tabPanel';

/** A box in CSS pixels, relative to a chart's plot area. */
export interface InkBox {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** What a chart's canvas shows: its plot area's size and the coloured marks drawn on it. */
export interface ChartInk {
  plot: { width: number; height: number };
  /** The box around every coloured pixel (bars, points, lines); null when nothing is drawn. */
  ink: InkBox | null;
  /** Runs of columns holding coloured pixels, left to right: the bars of a bar chart. */
  runs: { left: number; right: number }[];
}

/** The Metrics region and its controls. */
export class MetricsPanel extends TabPanel {
  constructor(page: Page) {
    super(page, 'Metrics');
  }

  get table(): Locator {
    return this.region.getByRole('table', { name: 'Metrics by prompt' });
  }

  /** The table row of one prompt at one version (its row header is the prompt id). */
  row(promptId: string, version: string): Locator {
    return this.table
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name: promptId, exact: true }) })
      .filter({ has: this.page.getByRole('cell', { name: version, exact: true }) });
  }

  chart(title: string): Locator {
    return this.region.getByRole('img', { name: `${title} chart` });
  }

  /**
   * Reads a chart's canvas: where the coloured marks (series colours, not the grey grid and
   * axes) are, relative to the plot area uPlot reports by its overlay's box.
   */
  async chartInk(title: string): Promise<ChartInk> {
    // A chart is drawn anew when its data or the colour scheme changes: between two drawings it
    // may have no canvas for a moment, so wait for the next one.
    for (;;) {
      await this.chart(title).locator('canvas').first().waitFor();
      const drawn = await this.readInk(title);
      if (drawn !== null) return drawn;
      await this.page.waitForTimeout(50);
    }
  }

  /** The chart's ink as its canvas holds it now; null while it has no canvas. */
  private readInk(title: string): Promise<ChartInk | null> {
    return this.chart(title).evaluate((host) => {
      const canvas = host.querySelector('canvas');
      const over = host.querySelector('.u-over');
      const context = canvas?.getContext('2d');
      if (!canvas || !over || !context) return null;
      const canvasBox = canvas.getBoundingClientRect();
      const plotBox = over.getBoundingClientRect();
      const ratio = canvas.width / canvasBox.width;
      const { data, width, height } = context.getImageData(0, 0, canvas.width, canvas.height);
      const inkedColumns = new Set<number>();
      let [firstRow, lastRow] = [height, -1];
      for (let y = 0; y < height; y += 1) {
        for (let x = 0; x < width; x += 1) {
          const at = (y * width + x) * 4;
          const rgb = [data[at] ?? 0, data[at + 1] ?? 0, data[at + 2] ?? 0];
          // Series colours are saturated; the grid and the axes' ink are greys.
          if ((data[at + 3] ?? 0) < 60 || Math.max(...rgb) - Math.min(...rgb) < 80) continue;
          inkedColumns.add(x);
          firstRow = Math.min(firstRow, y);
          lastRow = Math.max(lastRow, y);
        }
      }
      const toLeft = (x: number) => x / ratio + canvasBox.left - plotBox.left;
      const toTop = (y: number) => y / ratio + canvasBox.top - plotBox.top;
      const columns = [...inkedColumns].sort((a, b) => a - b);
      const ink: InkBox | null =
        columns.length === 0
          ? null
          : {
              left: toLeft(columns[0] ?? 0),
              right: toLeft((columns.at(-1) ?? 0) + 1),
              top: toTop(firstRow),
              bottom: toTop(lastRow + 1),
            };
      const runs: { left: number; right: number }[] = [];
      for (const x of columns) {
        const last = runs.at(-1);
        if (last && Math.abs(last.right - toLeft(x)) < 0.5 / ratio) last.right = toLeft(x + 1);
        else runs.push({ left: toLeft(x), right: toLeft(x + 1) });
      }
      return { plot: { width: plotBox.width, height: plotBox.height }, ink, runs };
    });
  }

  /**
   * How a chart's last mark (the rightmost bar or point) is drawn: whether every mark lies
   * inside the plot, whether the last one is at least `minWidth` px wide and in the plot's last
   * tenth, and where the marks lie (for a readable failure).
   */
  async lastMark(title: string, minWidth: number) {
    const drawn = await this.chartInk(title);
    const last = drawn.runs.at(-1);
    return {
      title,
      inside: insidePlot(drawn),
      wide: last !== undefined && last.right - last.left >= minWidth,
      atTheEnd: last !== undefined && last.right > drawn.plot.width * 0.9,
      ...marks(drawn),
    };
  }

  /** A chart's plot area (uPlot's overlay, which takes the pointer). */
  plotArea(title: string): Locator {
    return this.chart(title).locator('.u-over');
  }

  /** The value a chart's legend shows for one series (the one under the pointer). */
  legendValue(title: string, series: string): Locator {
    return this.chart(title)
      .locator('.u-legend .u-series')
      .filter({ has: this.page.locator('.u-label', { hasText: series }) })
      .locator('.u-value');
  }

  columnHeader(label: string): Locator {
    return this.table.getByRole('columnheader', { name: label });
  }

  async sortBy(label: string): Promise<void> {
    await this.columnHeader(label).getByRole('button').click();
  }

  async refresh(): Promise<void> {
    await this.region.getByRole('button', { name: 'Refresh' }).click();
  }

  get includePreviews(): Locator {
    return this.region.getByRole('checkbox', { name: 'Include editor previews' });
  }

  async setEvents(label: string): Promise<void> {
    await this.region.getByRole('combobox', { name: 'Events' }).selectOption({ label });
  }

  async setRange(label: string): Promise<void> {
    await this.region.getByRole('combobox', { name: 'Time range' }).selectOption({ label });
  }

  async showEvents(label: string): Promise<void> {
    await this.region.getByRole('combobox', { name: 'Events' }).selectOption({ label });
  }

  /** The Model calls view's table. */
  get modelCalls(): Locator {
    return this.region.getByRole('table', { name: 'Model calls by prompt' });
  }
}

/** Where a chart's marks lie, in whole CSS px relative to its plot (for readable failures). */
function marks(drawn: ChartInk) {
  const px = (value: number) => Math.round(value);
  return {
    plot: { width: px(drawn.plot.width), height: px(drawn.plot.height) },
    ink: drawn.ink && {
      left: px(drawn.ink.left),
      top: px(drawn.ink.top),
      right: px(drawn.ink.right),
      bottom: px(drawn.ink.bottom),
    },
    runs: drawn.runs.map((run) => ({ left: px(run.left), width: px(run.right - run.left) })),
  };
}

/** Whether every mark lies inside the plot area (a mark at its very edge is clipped). */
function insidePlot(drawn: ChartInk): boolean {
  const { ink, plot } = drawn;
  return (
    ink !== null &&
    ink.left >= 0 &&
    ink.top >= 0 &&
    ink.right <= plot.width &&
    ink.bottom <= plot.height
  );
}
