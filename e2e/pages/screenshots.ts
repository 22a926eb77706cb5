// Screenshots for a person to look at: the page in light and in dark, saved to e2e-output/.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { REPO_ROOT } from '../server';

const OUTPUT = join(REPO_ROOT, 'e2e-output');

/** Saves `<name>-light.png` and `<name>-dark.png`, then leaves the page in the light scheme. */
export async function shoot(page: Page, name: string): Promise<void> {
  await mkdir(OUTPUT, { recursive: true });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    // Charts and editors re-theme on the media change; let them paint first.
    await page.evaluate(
      'new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))',
    );
    await page.screenshot({ path: join(OUTPUT, `${name}-${scheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}
