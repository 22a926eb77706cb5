// End-to-end tests: Chromium (the system's, else Playwright's own) against the real `pwb serve`;
// an Electron project when a runtime is installed.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';
import type { Project } from '@playwright/test';
import { findChromium } from './scripts/chromium';

const found = findChromium();
if (found.kind === 'missing') {
  console.error(found.message);
  process.exit(1);
}

/** The Electron binary, when the optional dependency is installed with its runtime. */
function electronBinary(): string | null {
  try {
    const binary = createRequire(import.meta.url)('electron') as unknown;
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const projects: Project[] = [
  {
    name: 'browser',
    use: {
      browserName: 'chromium',
      launchOptions: {
        ...(found.kind === 'path' ? { executablePath: found.path } : {}),
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      },
    },
  },
];

if (electronBinary()) {
  projects.push({ name: 'electron', use: { appKind: 'electron' } as Project['use'] });
} else if (!process.env['PWB_E2E_QUIET']) {
  // Printed once per run (the config is evaluated in the runner and in each worker).
  process.env['PWB_E2E_QUIET'] = '1';
  console.log('e2e: electron project skipped: no Electron runtime installed');
}

export default defineConfig({
  testDir: './e2e',
  outputDir: 'test-results/playwright',
  // Each test starts its own server on its own database; a busy machine needs the slack.
  timeout: 120_000,
  expect: { timeout: 20_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: Boolean(process.env['CI']),
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    viewport: { width: 1440, height: 900 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    actionTimeout: 20_000,
  },
  projects,
});
