// Page benchmarks in Chromium against the real `pwb serve`: cold start, 10k library, typing, memory.
import { chromium } from '@playwright/test';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { findChromium } from '../scripts/chromium';
import type { Served } from './serve';
import { summarize } from './stats';

/** Results keyed as in results.json. */
export type BenchValues = Record<string, number>;

/**
 * Playwright's own `--disable-features` list (playwright-core's chromiumSwitches). Chromium
 * honours only the last `--disable-features` switch, so ours must repeat it.
 */
const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
];

/**
 * Chromium 15x renders each window's address-bar popup as a WebUI page in a renderer process of
 * its own. Every fresh context is a new window, so each page load measured here paid for about
 * a second of that CPU on the same two cores (traced: more than the page itself). The app's
 * window has no address bar, so the bench leaves it out.
 */
const OMNIBOX_WEBUI_FEATURES = [
  'WebUIOmniboxPopup',
  'WebUIOmniboxFullPopup',
  'WebUIOmniboxAimPopup',
];

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...OMNIBOX_WEBUI_FEATURES].join(',')}`,
];

/** A fresh context: empty cache and storage, the e2e tests' window size, bounded waits. */
export async function freshContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  context.setDefaultTimeout(30_000);
  return context;
}

/** Launches the Chromium the e2e tests use (the system's, else Playwright's own). */
export function launchChromium(): Promise<Browser> {
  const found = findChromium();
  if (found.kind === 'missing') throw new Error(found.message);
  return chromium.launch({
    ...(found.kind === 'path' ? { executablePath: found.path } : {}),
    args: CHROMIUM_ARGS,
  });
}

/**
 * Resolves with the first truthy value of the expression `condition`, checked every animation
 * frame in the page. Evaluated through the DevTools protocol: the page's CSP forbids the
 * string evaluation Playwright's waitForFunction uses. Strings, because bench/ is compiled
 * without DOM types.
 */
export async function waitInPage(
  page: Page,
  condition: string,
  timeoutMs = 60_000,
): Promise<unknown> {
  return page.evaluate(`new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out waiting for: ' + ${JSON.stringify(condition.slice(0, 120))})), ${timeoutMs});
    const tick = () => {
      const value = ${condition};
      if (value) { clearTimeout(timer); resolve(value); } else requestAnimationFrame(tick);
    };
    tick();
  })`);
}

/**
 * `performance.now()` (ms since navigation start) once the library can be used: the
 * navigation "Prompt library", an enabled "Search prompts" box and a loaded first row.
 */
export const LIBRARY_INTERACTIVE = `(() => {
  const nav = document.querySelector('nav[aria-label="Prompt library"]');
  if (!nav) return false;
  const search = nav.querySelector('input[aria-label="Search prompts"]');
  if (!search || search.disabled) return false;
  const row = nav.querySelector('[role="listbox"][aria-label="Prompts"] [role="option"]:not([aria-label="Loading…"])');
  return row ? performance.now() : false;
})()`;

/**
 * Opens the library in a fresh browser context (empty cache and storage: a cold page) `runs`
 * times and returns navigation-start → library-interactive times in ms, as the page clocks them.
 */
export async function measureLibraryReady(
  browser: Browser,
  url: string,
  runs: number,
): Promise<number[]> {
  const samples: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const context = await freshContext(browser);
    try {
      const page = await context.newPage();
      await page.goto(url, { waitUntil: 'commit', timeout: 30_000 });
      samples.push(Number(await waitInPage(page, LIBRARY_INTERACTIVE, 30_000)));
    } finally {
      await context.close();
    }
  }
  return samples;
}

/** Cold start with the 500-prompt library: median and p95 of `runs` fresh page loads. */
export async function runColdStartBench(
  browser: Browser,
  served: Served,
  runs: number,
): Promise<BenchValues> {
  const summary = summarize(await measureLibraryReady(browser, served.url, runs));
  return {
    'ui.cold_start_ms': summary.median,
    'ui.cold_start_p95_ms': summary.p95,
    'ui.cold_start_n': summary.n,
  };
}

/**
 * The 10,000-prompt library: time to interactive, then every row loaded by scrolling the
 * list to its end, then the page's JS heap after a GC and the server's resident memory.
 */
export async function runLibrary10kBench(
  browser: Browser,
  served: Served,
  runs: number,
): Promise<BenchValues> {
  const summary = summarize(await measureLibraryReady(browser, served.url, runs));
  const context = await freshContext(browser);
  try {
    const page = await context.newPage();
    await page.goto(served.url);
    await waitInPage(page, LIBRARY_INTERACTIVE);
    const heapFirstPage = await pageHeapMb(page);
    const rows = await scrollLibraryToEnd(page);
    const heapAllRows = await pageHeapMb(page);
    return {
      'ui.library_10k_ready_ms': summary.median,
      'ui.library_10k_ready_p95_ms': summary.p95,
      'ui.library_10k_ready_n': summary.n,
      'memory.page_heap_mb_10k': heapAllRows,
      'memory.page_heap_mb_10k_first_page': heapFirstPage,
      'memory.page_rows_loaded_10k': rows,
      'memory.server_rss_mb_10k': served.rssMb(),
      'memory.server_peak_rss_mb_10k': served.peakRssMb(),
    };
  } finally {
    await context.close();
  }
}

/** Used JS heap of the page in MB after a full garbage collection (CDP). */
async function pageHeapMb(page: Page): Promise<number> {
  const session = await page.context().newCDPSession(page);
  try {
    await session.send('HeapProfiler.enable');
    await session.send('HeapProfiler.collectGarbage');
    const usage = await session.send('Runtime.getHeapUsage');
    return usage.usedSize / (1024 * 1024);
  } finally {
    await session.detach();
  }
}

/**
 * Scrolls the virtual list down in steps of about one page of rows, waiting at each step until
 * the visible rows are loaded, so every page of the library has been fetched and kept.
 * Returns the number of the last row shown (its aria-posinset).
 */
async function scrollLibraryToEnd(page: Page): Promise<number> {
  const script = `(async () => {
    const list = document.querySelector('[role="listbox"][aria-label="Prompts"]');
    if (!list) throw new Error('no Prompts listbox');
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
    const loaded = async () => {
      for (let tries = 0; tries < 600; tries += 1) {
        await frame();
        if (!list.querySelector('[role="option"][aria-label="Loading…"]')) return;
      }
      throw new Error('rows stayed "Loading…" for 600 frames');
    };
    const row = list.querySelector('[role="option"]');
    const rowHeight = row ? row.getBoundingClientRect().height || 40 : 40;
    const step = Math.max(list.clientHeight, rowHeight * 150);
    await loaded();
    while (list.scrollTop + list.clientHeight < list.scrollHeight - 1) {
      list.scrollTop = Math.min(list.scrollTop + step, list.scrollHeight);
      await loaded();
    }
    const options = list.querySelectorAll('[role="option"]');
    const last = options[options.length - 1];
    return last ? Number(last.getAttribute('aria-posinset')) : 0;
  })()`;
  return Number(await page.evaluate(script));
}

/** The keystroke benchmark's prompt and the variable values its preview needs. */
export interface KeystrokeTarget {
  id: string;
  variables: Record<string, string>;
  /** Text the template ends with; typed letters follow it in the preview. */
  tail: string;
}

/**
 * Opens `target` in the editor, fills its variables, then types `keystrokes` letters at the end
 * of the template one at a time, each after the previous one reached the preview. A keydown
 * listener and a MutationObserver on the Preview region, both in the page, time each
 * keystroke from its keydown event to the preview text that contains it.
 */
export async function runKeystrokeBench(
  browser: Browser,
  served: Served,
  target: KeystrokeTarget,
  keystrokes: number,
  /** `before` runs once the preview is ready (starts work to type over); `after`, after typing. */
  hooks: { before?: (page: Page) => Promise<void>; after?: (page: Page) => Promise<void> } = {},
): Promise<BenchValues> {
  const context = await freshContext(browser);
  try {
    const page = await context.newPage();
    await page.goto(served.url);
    await waitInPage(page, LIBRARY_INTERACTIVE);
    const library = page.getByRole('navigation', { name: 'Prompt library' });
    await library.getByRole('searchbox', { name: 'Search prompts' }).fill(target.id);
    await library.getByRole('option', { name: new RegExp(`^${target.id}(,|$)`) }).click();
    const variables = page.getByRole('region', { name: 'Variables' });
    for (const [name, value] of Object.entries(target.variables)) {
      await variables.getByLabel(name, { exact: true }).fill(value);
    }
    const preview = page.getByRole('region', { name: 'Preview' });
    await preview.getByText(target.tail).first().waitFor({ timeout: 30_000 });

    const letters = Array.from({ length: keystrokes }, (_, index) =>
      String.fromCharCode(97 + ((index * 7) % 26)),
    ).join('');
    await hooks.before?.(page);
    const editor = page.getByRole('region', { name: 'Template' }).locator('.monaco-editor').first();
    await editor.click();
    await page.keyboard.press('Control+End');
    // Installed after the navigation keys, so that keydown number i is letter number i.
    await page.evaluate(installKeystrokeProbe(target.tail, letters));
    for (let index = 0; index < keystrokes; index += 1) {
      await page.keyboard.press(letters[index] as string);
      await waitInPage(page, `window.__pwbProbe.hits.length > ${index}`, 10_000);
    }
    await hooks.after?.(page);
    const latencies = (await page.evaluate('window.__pwbProbe.latencies()')) as number[];
    const summary = summarize(latencies);
    const edits = summarize((await page.evaluate('window.__pwbProbe.editTimes()')) as number[]);
    return {
      'ui.keystroke_preview_p95_ms': summary.p95,
      'ui.keystroke_preview_p50_ms': summary.median,
      'ui.keystroke_preview_max_ms': summary.max,
      'ui.keystroke_preview_n': summary.n,
      'ui.keystroke_edit_p50_ms': edits.median,
      'ui.keystroke_edit_p95_ms': edits.p95,
    };
  } finally {
    await context.close();
  }
}

/**
 * In-page probe: keydown times, and when the preview first shows each keystroke's text. It also
 * notes when the page has handled each key's text (`edits`): after the editor's own text
 * listener and all that ran from it before the next listener (our change handler, the store,
 * React's render in its microtask). Preview time minus edit time is what the preview waited for
 * beyond that (a server round trip when the page does not render the template itself). Monaco
 * takes text through an EditContext where Chromium has one, else through a textarea.
 */
function installKeystrokeProbe(tail: string, letters: string): string {
  return `(() => {
    const tail = ${JSON.stringify(tail)};
    const letters = ${JSON.stringify(letters)};
    const region = document.querySelector('section[aria-label="Preview"]');
    if (!region) throw new Error('no Preview region');
    const probe = { keys: [], hits: [], edits: [] };
    probe.latencies = () => probe.hits.map((hit, index) => hit - probe.keys[index]);
    probe.editTimes = () =>
      probe.edits.map((edit, index) => edit - probe.keys[index]).filter((time) => time >= 0);
    const edited = () => {
      if (probe.edits.length >= probe.keys.length) return;
      while (probe.edits.length < probe.keys.length - 1) probe.edits.push(NaN);
      probe.edits.push(performance.now());
    };
    const watched = new WeakSet();
    document.addEventListener('keydown', (event) => {
      const context = event.target && event.target.editContext;
      if (context && !watched.has(context)) {
        watched.add(context);
        context.addEventListener('textupdate', edited);
      }
    }, true);
    document.addEventListener('input', edited);
    document.addEventListener('keydown', (event) => probe.keys.push(event.timeStamp), true);
    const check = () => {
      const next = probe.hits.length;
      if (next >= probe.keys.length) return;
      const expected = tail + letters.slice(0, next + 1);
      const text = region.textContent || '';
      if (text.includes(expected)) probe.hits.push(performance.now());
    };
    new MutationObserver(check).observe(region, { subtree: true, childList: true, characterData: true });
    window.__pwbProbe = probe;
  })()`;
}
