// The accessibility audit of the page as it stands: axe-core in light and in dark.
import { AxeBuilder } from '@axe-core/playwright';
import { expect } from '@playwright/test';
import type { Page } from '@playwright/test';

/** The impacts that fail the audit. */
const BLOCKING = new Set(['serious', 'critical']);

/** One line per failing node: rule, impact, target and axe's summary of what is wrong. */
function describe(violations: Awaited<ReturnType<AxeBuilder['analyze']>>['violations']): string[] {
  return violations.flatMap((violation) =>
    violation.nodes.map((node) => {
      const summary = (node.failureSummary ?? '').replace(/\s+/g, ' ').trim();
      return `${violation.id} (${violation.impact ?? '?'}) ${node.target.join(' ')}: ${summary}`;
    }),
  );
}

/** What to audit: part of the page (a CSS selector), and whether minor findings fail too. */
export interface AuditScope {
  include?: string;
  /** Fail on every violation, not only the serious and critical ones. */
  allImpacts?: boolean;
}

/**
 * Runs axe on the page (or the part `scope.include` selects) in the light and the dark scheme and
 * fails with the list of violations (serious and critical ones, or all), if any; `where` names the
 * state audited in the message.
 */
export async function expectAccessible(
  page: Page,
  where: string,
  scope: AuditScope = {},
): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    // Editors and charts re-theme on the media change; let them paint first.
    await page.evaluate(
      'new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))',
    );
    const builder = new AxeBuilder({ page });
    const results = await (scope.include ? builder.include(scope.include) : builder).analyze();
    const blocking = results.violations.filter(
      (violation) => scope.allImpacts || BLOCKING.has(violation.impact ?? ''),
    );
    expect.soft(describe(blocking), `axe: ${where} (${scheme})`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}
