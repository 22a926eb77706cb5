import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src-shared/**/*.test.ts', 'electron/**/*.test.ts', 'app/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['./vitest.setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Polls wait for something to arrive (a live update, a file written by another process), not
    // for it to be fast: a loaded CI machine may take seconds. Speed is the benchmarks' concern.
    expect: { poll: { timeout: 10_000, interval: 20 } },
    // The JSON report is what .ci/run sums into its closing line.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
