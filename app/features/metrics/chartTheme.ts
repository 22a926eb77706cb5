// Chart colours for each colour scheme: ink, grid and series that read on the panel background.

/** The colours one chart uses. */
export interface ChartTheme {
  ink: string;
  grid: string;
  count: string;
  countFill: string;
  error: string;
  p50: string;
  p95: string;
  p99: string;
}

/** Colours per scheme; series hues keep their meaning across both. */
export const CHART_THEMES: Readonly<Record<'light' | 'dark', ChartTheme>> = {
  light: {
    ink: '#57606a',
    grid: 'rgba(31, 35, 40, 0.08)',
    count: '#0969da',
    countFill: 'rgba(9, 105, 218, 0.55)',
    error: '#cf222e',
    p50: '#1a7f37',
    p95: '#9a6700',
    p99: '#cf222e',
  },
  dark: {
    ink: '#9198a1',
    grid: 'rgba(240, 246, 252, 0.09)',
    count: '#4493f8',
    countFill: 'rgba(68, 147, 248, 0.55)',
    error: '#ff7b72',
    p50: '#3fb950',
    p95: '#d29922',
    p99: '#ff7b72',
  },
};
