// One uPlot time chart: created for its series and theme, resized with its box, destroyed after.
import { useEffect, useEffectEvent, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { loneIndices, pointsFit, xScale, yTop } from './chartData';
import type { ChartTheme } from './chartTheme';

/** One series of a chart. */
export interface ChartSeries {
  label: string;
  values: (number | null)[];
  color: string;
  fill?: string;
  bars?: boolean;
  /** Formats a value for the legend. */
  format: (value: number) => string;
}

/** Props of a time chart. */
export interface TimeChartProps {
  title: string;
  /** Each slot's x (Unix seconds): the centre of its bar and the x of its points. */
  x: number[];
  /** The length of a slot (seconds): the x scale keeps room for the bars at both edges. */
  slot: number;
  series: ChartSeries[];
  theme: ChartTheme;
  /** Formats a y-axis tick (short: the axis is narrow). */
  axisFormat: (value: number) => string;
  /** The y axis starts at 0 and reaches at least this. */
  minMax?: number;
  /** …and at most this, unless a value is higher (a rate's 100 %). */
  maxMax?: number;
  height?: number;
}

// Bars centred on their slot, 70 % of it, never thinner than 2 px (a hairline reads as nothing).
const barsPath = uPlot.paths.bars?.({ size: [0.7, 24, 2], align: 0 });
/** Diameter of a latency or error-rate point (CSS px). */
const POINT_SIZE = 6;

/**
 * Points of a line series: every slot's where they fit, else only the values a line cannot
 * show (no value beside them), so a lone bucket (the current minute, say) is still drawn.
 */
const linePoints = (color: string): uPlot.Series.Points => ({
  size: POINT_SIZE,
  fill: color,
  show: (u) => pointsFit(u.bbox.width / uPlot.pxRatio, u.data[0].length, POINT_SIZE),
  filter: (u, seriesIdx, show) => {
    if (show) return null;
    const lone = loneIndices(u.data[seriesIdx] ?? []);
    return lone.length > 0 ? lone : null;
  },
});

/** A chart over time, titled by a figure caption. */
export function TimeChart({
  title,
  x,
  slot,
  series,
  theme,
  axisFormat,
  minMax = 1,
  maxMax = Number.POSITIVE_INFINITY,
  height = 150,
}: TimeChartProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<uPlot | null>(null);
  // The x scale reads the latest slot: data changes (a refresh, another range) use setData.
  const slotRef = useRef(slot);
  useEffect(() => {
    slotRef.current = slot;
  });
  const shapeKey = `${series.map((s) => `${s.label}:${s.color}`).join('|')}|${theme.ink}`;

  // Builds the plot from the current props; the effect below decides when to rebuild.
  const createPlot = useEffectEvent((host: HTMLDivElement): uPlot => {
    const axis = {
      stroke: theme.ink,
      grid: { stroke: theme.grid, width: 1 },
      ticks: { stroke: theme.grid, width: 1 },
      font: '11px system-ui, sans-serif',
    };
    const options: uPlot.Options = {
      width: Math.max(host.clientWidth, 200),
      height,
      legend: { show: true, live: true },
      // The x scale's room for points depends on the plot's width, known only once the plot is
      // sized (uPlot ranges its scales first): ranged again then (setData alone sets no size).
      hooks: { setSize: [(u) => u.setData(u.data)] },
      cursor: { points: { size: 6 }, drag: { x: false, y: false } },
      scales: {
        x: {
          time: true,
          range: (u) =>
            xScale(u.data[0], slotRef.current, {
              plotWidth: u.bbox.width / uPlot.pxRatio,
              marginPx: POINT_SIZE / 2 + 2,
            }),
        },
        y: { range: (_u, _min, max) => [0, yTop(max, minMax, maxMax)] },
      },
      axes: [
        axis,
        {
          ...axis,
          size: 60,
          // Three round ticks, the top one labelled: 0, half way and the top.
          splits: (_u, _axis, _min, max) => [0, max / 2, max],
          values: (_u, ticks) => ticks.map((tick) => axisFormat(tick)),
        },
      ],
      series: [
        {},
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: s.bars ? 0 : 1.5,
          fill: s.fill,
          spanGaps: false,
          points: s.bars ? { show: false } : linePoints(s.color),
          ...(s.bars && barsPath ? { paths: barsPath } : {}),
          value: (_u: uPlot, value: number | null) => (value === null ? '—' : s.format(value)),
        })),
      ],
    };
    const data = [x, ...series.map((s) => s.values)] as uPlot.AlignedData;
    return new uPlot(options, data, host);
  });

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const plot = createPlot(host);
    plotRef.current = plot;
    const observer = new ResizeObserver(() => {
      const width = Math.max(host.clientWidth, 200);
      if (width !== plot.width) plot.setSize({ width, height });
    });
    observer.observe(host);
    return () => {
      observer.disconnect();
      plot.destroy();
      plotRef.current = null;
    };
    // Re-created when the series set or the theme changes; data changes go through setData.
  }, [shapeKey, height, minMax, maxMax]);

  useEffect(() => {
    plotRef.current?.setData([x, ...series.map((s) => s.values)] as uPlot.AlignedData);
  }, [x, series]);

  return (
    <figure className="metrics__chart">
      <figcaption className="metrics__chart-title">{title}</figcaption>
      <div ref={hostRef} className="metrics__plot" role="img" aria-label={`${title} chart`} />
    </figure>
  );
}
