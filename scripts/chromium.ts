// Which Chromium the end-to-end tests drive: $PWB_CHROMIUM, else the system's (Debian's
// /usr/bin/chromium), else Playwright's own download. Run directly, it stops `npm test` at once
// with one line saying how to get one when there is none.
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium } from '@playwright/test';

const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** The browser the e2e tests launch: a path, or `playwright` for Playwright's own Chromium. */
export type ChromiumChoice = { kind: 'path'; path: string } | { kind: 'playwright' };

/** Finds a Chromium to test with, or returns the one line that tells a person how to get one. */
export function findChromium(): ChromiumChoice | { kind: 'missing'; message: string } {
  const given = process.env['PWB_CHROMIUM'];
  if (given) {
    return existsSync(given)
      ? { kind: 'path', path: given }
      : {
          kind: 'missing',
          message: `e2e: PWB_CHROMIUM is set to '${given}', which does not exist`,
        };
  }
  const system = SYSTEM_CHROMIUM.find((path) => existsSync(path));
  if (system) return { kind: 'path', path: system };
  if (playwrightChromiumInstalled()) return { kind: 'playwright' };
  return {
    kind: 'missing',
    message:
      'e2e: no Chromium found: install one with `apt-get install chromium` (Debian/Ubuntu) or `npx playwright install chromium`, or set PWB_CHROMIUM to a Chromium binary',
  };
}

function playwrightChromiumInstalled(): boolean {
  try {
    return existsSync(chromium.executablePath());
  } catch {
    // Playwright throws when it has no browser registry entry for this platform.
    return false;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const found = findChromium();
  if (found.kind === 'missing') {
    console.error(found.message);
    process.exit(1);
  }
}
