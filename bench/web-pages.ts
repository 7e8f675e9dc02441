import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { issueToken, loadSigningKey } from '../infra/local/dev-issuer.js';
import { demoBillingEmail } from '../infra/seed/seed-demo-billing.js';
import { buildWebApps, firstLoadJavaScript, type WebAppName } from '../infra/web/web-build.js';
import { desktop, launchChromium, openContext, signIn } from '../test/support/browser.js';
import { startRuntimeProcess } from '../test/support/runtime-process.js';
import { BenchApi } from './api-client.js';
import { benchPaths } from './work-directory.js';
import { rounded, summarize, type Summary } from './statistics.js';

export interface WebPlan {
  /** Timed visits of each page, after one untimed. */
  visits: number;
}

export interface WebFirstLoad {
  app: WebAppName;
  /** The scripts index.html loads, minified. */
  bytes: number;
  gzipBytes: number;
}

export interface WebPageFigures {
  app: WebAppName;
  page: string;
  /** Navigation start to usable: the page's heading shown and every section's request answered (no loading state left), in the page's own clock. */
  usableMs: Summary;
  /** Requests to the API the page made before it was usable (its first visit's; the same on every visit). */
  apiRequests: number;
  /** Those requests, as method and path without the query. */
  apiRequestPaths: string[];
  /** Every request of the visit, the app's own files included (the browser cache disabled). */
  allRequests: number;
}

export interface WebFigures {
  firstLoad: WebFirstLoad[];
  pages: WebPageFigures[];
}

/** The two pages the issue's time goal names. */
export const timedGoalPages = { home: 'portal home', customer360: 'agent customer 360' } as const;

interface PageToVisit {
  page: string;
  path: string;
}

/** The app's own files and the sign-in pages; everything else the apps fetch is the public API. */
const notApi = /^\/(portal|agent|_local)\//;

/**
 * The web apps as a user meets them (docs/web.md): what the first load ships, then in headless
 * Chromium against the system started as `npm start -- --in-memory` starts it (its own process,
 * demo data seeded), signed in as the demo customer and as an agent through the sign-in page,
 * each main page visited `plan.visits` times after an untimed visit with the browser cache
 * disabled, so each visit loads the app again as a first visit would.
 */
export async function measureWebPages(plan: WebPlan, onProgress: (line: string) => void): Promise<WebFigures> {
  onProgress('building the web apps');
  const apps = await buildWebApps(benchPaths.repositoryRoot);
  const firstLoad = apps.map((app) => ({ app: app.name, ...firstLoadJavaScript(app) }));
  for (const figure of firstLoad) onProgress(`  ${figure.app}: first load ${(figure.gzipBytes / 1024).toFixed(1)} KB of JavaScript gzipped`);

  const dataDirectory = mkdtempSync(join(tmpdir(), 'bss-bench-web-'));
  onProgress('starting the system in its own process with its demo data (about a minute)');
  const runtime = await startRuntimeProcess({ dataDirectory, inMemory: true, startTimeoutMs: 180_000 });
  let browser: Browser | undefined;
  try {
    const demo = await demoCustomer(runtime.apiUrl, loadSigningKey(join(dataDirectory, 'dev-issuer.key')));
    browser = await launchChromium();
    const portal: PageToVisit[] = [
      { page: timedGoalPages.home, path: '/portal/' },
      { page: 'portal bills', path: '/portal/bills' },
      { page: 'portal bill', path: `/portal/bills/${demo.billId}` },
      { page: 'portal products', path: '/portal/products' },
      { page: 'portal usage', path: '/portal/usage' },
      { page: 'portal orders', path: '/portal/orders' },
      { page: 'portal payment methods', path: '/portal/payment-methods' },
      { page: 'portal messages', path: '/portal/messages' },
      { page: 'portal profile', path: '/portal/profile' },
      { page: 'portal support cases', path: '/portal/support' },
    ];
    const agent: PageToVisit[] = [
      { page: 'agent search', path: '/agent/?q=camille' },
      { page: timedGoalPages.customer360, path: `/agent/customers/${demo.customerId}` },
      { page: 'agent case queue', path: '/agent/cases' },
    ];
    const pages = [
      ...(await visitAll(browser, runtime.apiUrl, 'portal', { email: demoBillingEmail }, portal, plan, onProgress)),
      ...(await visitAll(browser, runtime.apiUrl, 'agent', { label: 'Demo agent' }, agent, plan, onProgress)),
    ];
    return { firstLoad, pages };
  } finally {
    await browser?.close();
    await runtime.stop();
    rmSync(dataDirectory, { recursive: true, force: true });
  }
}

/** The demo customer (Camille Martin, seeded with bills) and her latest numbered bill. */
async function demoCustomer(apiUrl: string, signingKey: Uint8Array): Promise<{ customerId: string; billId: string }> {
  const api = new BenchApi(apiUrl, await issueToken(signingKey, { role: 'admin', subject: 'bench-web' }));
  const customers = await api.call<{ id: string }[]>(`/tmf-api/customerManagement/v4/customer?contactMedium.characteristic.emailAddress=${encodeURIComponent(demoBillingEmail)}&fields=id`);
  const customerId = customers.body[0]?.id;
  if (!customerId) throw new Error('the demo customer is not there: did the seed fail?');
  const bills = await api.call<{ id: string; billNo?: string; billDate: string }[]>(`/tmf-api/customerBillManagement/v4/customerBill?relatedParty.id=${customerId}&fields=billNo,billDate`);
  const latest = bills.body.filter((bill) => bill.billNo).sort((a, b) => b.billDate.localeCompare(a.billDate))[0];
  if (!latest) throw new Error('the demo customer has no bill: did the seed fail?');
  return { customerId, billId: latest.id };
}

async function visitAll(
  browser: Browser,
  apiUrl: string,
  app: WebAppName,
  who: { email: string } | { label: string },
  pages: readonly PageToVisit[],
  plan: WebPlan,
  onProgress: (line: string) => void,
): Promise<WebPageFigures[]> {
  const context = await openContext(browser, { ...desktop, baseURL: apiUrl, locale: 'en-GB', timezoneId: 'Europe/Paris' });
  try {
    const page = await context.newPage();
    await signIn(page, app, who);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const figures: WebPageFigures[] = [];
    for (const visit of pages) {
      const first = await timedVisit(page, visit.path);
      const times: number[] = [];
      for (let round = 0; round < plan.visits; round += 1) times.push((await timedVisit(page, visit.path)).usableMs);
      const usableMs = rounded(summarize(times));
      figures.push({ app, page: visit.page, usableMs, apiRequests: first.apiRequestPaths.length, apiRequestPaths: first.apiRequestPaths, allRequests: first.allRequests });
      onProgress(`  ${visit.page}: usable in ${usableMs.p50} ms (median of ${plan.visits}), ${first.apiRequestPaths.length} API requests`);
    }
    return figures;
  } finally {
    await context.close();
  }
}

/**
 * In the page: false until it is usable; then the instant, or the error state it shows instead.
 * A function rather than a string, which the apps' Content-Security-Policy would refuse to
 * evaluate; `document` through globalThis, since this file is compiled without the DOM's types.
 */
function usableInPage(): false | { ms: number } | { error: string } {
  const document = (globalThis as unknown as { document: { querySelector(selector: string): { textContent: string | null } | null } }).document;
  const error = document.querySelector('.error-state');
  if (error) return { error: error.textContent || 'an error state' };
  const usable = document.querySelector('main#main:not(.gate) h1') !== null && document.querySelector('.loading') === null;
  return usable ? { ms: performance.now() } : false;
}

/** One visit: a full navigation to `path`, timed in the page until it is usable, and the requests it made until then. */
async function timedVisit(page: Page, path: string): Promise<{ usableMs: number; apiRequestPaths: string[]; allRequests: number }> {
  const requests: string[] = [];
  const seen = (request: { method(): string; url(): string }) => requests.push(`${request.method()} ${new URL(request.url()).pathname}`);
  page.on('request', seen);
  try {
    await page.goto(path, { waitUntil: 'commit' });
    const outcome = await page.waitForFunction(usableInPage, undefined, { polling: 'raf', timeout: 30_000 });
    const answer = (await outcome.jsonValue()) as { ms: number } | { error: string };
    if ('error' in answer) throw new Error(`${path} showed an error instead of its content: ${answer.error}`);
    const apiRequestPaths = requests.filter((request) => !notApi.test(request.split(' ')[1]!));
    return { usableMs: answer.ms, apiRequestPaths, allRequests: requests.length };
  } finally {
    page.off('request', seen);
  }
}
