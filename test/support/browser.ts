import axe from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * A real browser for tests: Debian's Chromium driven by playwright-core. Never
 * downloads a browser; never talks to anything but the app on 127.0.0.1.
 */

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] as const;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export interface OpenedPage {
  page: Page;
  context: BrowserContext;
  /** The response status of the page itself. */
  status: number;
  /** Console messages in which the browser reports a Content Security Policy block. */
  cspViolations: string[];
  /** Sub-resources (CSS, fonts, scripts, images) that failed or came back 4xx/5xx. */
  failedResources: string[];
  /** Uncaught exceptions from the page's scripts. */
  pageErrors: string[];
  /** Runs axe-core with the WCAG 2.2 AA tags; one readable line per failing element. */
  accessibilityViolations(): Promise<string[]>;
  close(): Promise<void>;
}

interface AxeNode {
  target: unknown[];
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

export function formatViolations(violations: readonly AxeViolation[]): string[] {
  return violations.flatMap((v) =>
    v.nodes.map(
      (node) =>
        `[${v.impact ?? 'unknown'}] ${v.id}: ${v.help}\n    at ${node.target.map(String).join(' ')}\n    ${(node.failureSummary ?? '').replace(/\n/g, '\n    ')}`,
    ),
  );
}

/** Evaluated through the DevTools protocol, which the page's CSP does not govern, unlike an injected <script> element. */
async function injectAxe(page: Page): Promise<void> {
  await page.evaluate(axe.source);
}

async function runInjectedAxe(page: Page): Promise<string[]> {
  const violations = await page.evaluate(
    (tags) =>
      (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe
        .run(document, { runOnly: { type: 'tag', values: tags } })
        .then((result) => result.violations),
    [...AXE_TAGS],
  );
  return formatViolations(violations);
}

async function runAxe(page: Page): Promise<string[]> {
  await injectAxe(page);
  return runInjectedAxe(page);
}

interface Replay {
  page: Page;
  /** The origin the replaying page is on (its CSS and fonts come from there). */
  origin: string;
  /** One replay at a time per browser: the page is shared. */
  queue: Promise<unknown>;
}

const replays = new WeakMap<Browser, Promise<Replay>>();

async function openReplay(browser: Browser): Promise<Replay> {
  const context = await browser.newContext({ javaScriptEnabled: true });
  return { page: await context.newPage(), origin: '', queue: Promise.resolve() };
}

/** A path no app serves: the replaying page's own, answered by the browser itself. */
const REPLAY_PATH = '/__axe-replay';

/**
 * Chromium with JavaScript off runs no timers, and axe needs them. So the
 * page as a no-JavaScript browser built it is replayed, scripts removed, into
 * a page that may run axe: on the same origin (so the same CSS and fonts
 * load), the same markup. The replaying page is kept per browser with axe
 * loaded once (parsing axe is most of a check's cost): each page is written
 * in place of its document element, which keeps its window, and axe runs once
 * the page's stylesheets and fonts have loaded.
 */
async function runAxeOnNoScriptPage(browser: Browser, page: Page): Promise<string[]> {
  const html = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '');
  const { origin } = new URL(page.url());
  let pending = replays.get(browser);
  if (!pending) {
    pending = openReplay(browser);
    replays.set(browser, pending);
  }
  const replay = await pending;
  const run = replay.queue.then(async () => {
    if (replay.origin !== origin) {
      await replay.page.route(`${origin}${REPLAY_PATH}`, (route) =>
        route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: '<!DOCTYPE html><title>replay</title>' }),
      );
      await replay.page.goto(`${origin}${REPLAY_PATH}`, { waitUntil: 'load' });
      await injectAxe(replay.page);
      replay.origin = origin;
    }
    await replay.page.evaluate(async (markup) => {
      // The whole document element swapped for the page's: the window (and axe in it) stays.
      const parsed = new DOMParser().parseFromString(markup, 'text/html');
      document.replaceChild(document.adoptNode(parsed.documentElement), document.documentElement);
      const sheets = [...document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')];
      await Promise.all(
        sheets
          .filter((link) => !link.sheet)
          .map(
            (link) =>
              new Promise((resolve) => {
                link.addEventListener('load', resolve);
                link.addEventListener('error', resolve);
              }),
          ),
      );
      await document.fonts.ready;
    }, html);
    return runInjectedAxe(replay.page);
  });
  replay.queue = run.catch(() => undefined);
  return run;
}

/**
 * axe-core (WCAG 2.2 A/AA) on whatever `page` shows now, one line per failing
 * element. Pass the JavaScript setting of the page's context.
 */
export function accessibilityViolationsOf(browser: Browser, page: Page, javaScriptEnabled: boolean): Promise<string[]> {
  return javaScriptEnabled ? runAxe(page) : runAxeOnNoScriptPage(browser, page);
}

export async function openPage(browser: Browser, url: string, { javaScriptEnabled }: { javaScriptEnabled: boolean }): Promise<OpenedPage> {
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  const cspViolations: string[] = [];
  const failedResources: string[] = [];
  const pageErrors: string[] = [];
  page.on('console', (message) => {
    if (/content security policy/i.test(message.text())) cspViolations.push(message.text());
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('requestfailed', (request) => failedResources.push(`${request.url()} (${request.failure()?.errorText ?? 'failed'})`));
  page.on('response', (response) => {
    if (response.url() !== url && response.status() >= 400) failedResources.push(`${response.url()} (${response.status()})`);
  });

  const response = await page.goto(url, { waitUntil: 'load' });
  return {
    page,
    context,
    status: response?.status() ?? 0,
    cspViolations,
    failedResources,
    pageErrors,
    accessibilityViolations: () => accessibilityViolationsOf(browser, page, javaScriptEnabled),
    close: () => context.close(),
  };
}
