import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { demoBillingEmail } from '../../infra/seed/seed-demo-billing.js';
import { issueToken, loadSigningKey } from '../../infra/local/dev-issuer.js';
import { desktop, launchChromium, phone, signIn } from '../support/browser.js';
import { startRuntimeProcess } from '../support/runtime-process.js';

/**
 * `npm run screenshots`: a screenshot of each main page of the customer portal and the agent
 * desktop, written to docs/screenshots/ (the portal's home and a bill also at 375 px, and the
 * preview of a plan change). It starts
 * the system in memory with its demo data, as `npm start -- --in-memory` does, gives the demo
 * customer (Camille Martin) a support case the agents answered, through the API as anyone would,
 * then signs in through the sign-in page in Debian's Chromium (test/browser/install-chromium.sh).
 */
const repositoryRoot = resolve(import.meta.dirname, '../..');
const outputDirectory = join(repositoryRoot, 'docs/screenshots');
const tickets = '/tmf-api/troubleTicket/v4/troubleTicket';

interface Shot {
  file: string;
  path: string;
  /** What shows once the page's requests have answered. */
  ready: string;
  /** What to do on the page before the picture, and what shows once it is done. */
  then?: { act: (page: Page) => Promise<void>; ready: string };
}

const log = (line: string) => process.stdout.write(`${line}\n`);

async function api<T>(apiUrl: string, token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ body: T; etag: string | null }> {
  const answer = await fetch(`${apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json' } : {}), ...headers },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!answer.ok) throw new Error(`${method} ${path} answered ${answer.status}: ${await answer.text()}`);
  return { body: (await answer.json()) as T, etag: answer.headers.get('etag') };
}

interface DemoData {
  customerId: string;
  caseId: string;
  billId: string;
  /** Her Mobile M, whose plan change the portal previews. */
  mobileProductId: string;
  /** Her latest order. */
  orderId: string;
}

/** Camille's support case about her latest bill, asked a question by the agents and answered; and her Mobile M. */
async function demoData(apiUrl: string, signingKey: Uint8Array): Promise<DemoData> {
  const admin = await issueToken(signingKey, { role: 'admin', subject: 'screenshots' });
  const [camille] = (await api<{ id: string }[]>(apiUrl, admin, 'GET', `/tmf-api/customerManagement/v4/customer?contactMedium.characteristic.emailAddress=${encodeURIComponent(demoBillingEmail)}&fields=id`)).body;
  if (!camille) throw new Error('the demo customer is not there: did the seed fail? (see the runtime output above)');
  const bills = (await api<{ id: string; billNo?: string; billDate: string }[]>(apiUrl, admin, 'GET', `/tmf-api/customerBillManagement/v4/customerBill?relatedParty.id=${camille.id}&fields=billNo,billDate`)).body;
  const latest = bills.filter((bill) => bill.billNo).sort((a, b) => b.billDate.localeCompare(a.billDate))[0]!;
  const customer = await issueToken(signingKey, { role: 'customer', customerId: camille.id });
  const opened = await api<{ id: string }>(apiUrl, customer, 'POST', tickets, {
    name: 'Data abroad',
    description: 'My phone had no mobile data in Italy last week, though my plan includes roaming.',
    ticketType: 'incident',
    severity: 'Major',
    relatedEntity: [{ id: latest.id, '@referredType': 'CustomerBill' }],
  });
  const agent = await issueToken(signingKey, { role: 'agent', subject: 'screenshots-agent', name: 'Demo agent' });
  for (const change of [{ status: 'acknowledged' }, { status: 'inProgress' }, { status: 'pending', statusChangeReason: 'Which days were you in Italy?', note: [{ text: 'Sorry about this. Which days were you in Italy, and in which city?' }] }]) {
    const read = await api<unknown>(apiUrl, agent, 'GET', `${tickets}/${opened.body.id}`);
    await api(apiUrl, agent, 'PATCH', `${tickets}/${opened.body.id}`, change, { 'if-match': read.etag ?? '' });
  }
  const products = (await api<{ id: string; name: string; status: string }[]>(apiUrl, admin, 'GET', `/tmf-api/productInventory/v4/product?relatedParty.id=${camille.id}&fields=name,status`)).body;
  const mobile = products.find((product) => product.name === 'Mobile M' && product.status === 'active');
  if (!mobile) throw new Error('the demo customer has no active Mobile M');
  const orders = (await api<{ id: string; orderDate: string }[]>(apiUrl, admin, 'GET', `/tmf-api/productOrderingManagement/v4/productOrder?relatedParty.id=${camille.id}&fields=orderDate`)).body;
  const order = orders.sort((a, b) => b.orderDate.localeCompare(a.orderDate))[0];
  if (!order) throw new Error('the demo customer has no order');
  return { customerId: camille.id, caseId: opened.body.id, billId: latest.id, mobileProductId: mobile.id, orderId: order.id };
}

async function capture(page: Page, shot: Shot): Promise<void> {
  await page.goto(shot.path);
  await page.getByText(shot.ready, { exact: false }).first().waitFor({ timeout: 15_000 });
  // Every section's request has answered: no loading state left.
  await page.waitForFunction("document.querySelectorAll('.loading').length === 0", undefined, { timeout: 15_000 });
  if (shot.then) {
    await shot.then.act(page);
    await page.getByText(shot.then.ready, { exact: false }).first().waitFor({ timeout: 15_000 });
  }
  const file = join(outputDirectory, shot.file);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  log(`  ${relative(repositoryRoot, file)}`);
}

async function shoot(browser: Browser, apiUrl: string, demo: DemoData): Promise<number> {
  const portal: Shot[] = [
    { file: 'portal-home.png', path: '/portal/', ready: 'Recent messages' },
    { file: 'portal-bills.png', path: '/portal/bills', ready: 'Bills, newest first' },
    { file: 'portal-bill.png', path: `/portal/bills/${demo.billId}`, ready: 'What this bill charges' },
    { file: 'portal-products.png', path: '/portal/products', ready: 'Mobile M' },
    {
      file: 'portal-change-plan.png',
      path: `/portal/products/${demo.mobileProductId}/change`,
      ready: 'Mobile L',
      then: {
        act: async (page) => {
          await page.getByRole('radio', { name: /^Mobile L( ·|$)/ }).check();
          await page.getByRole('button', { name: 'See what it costs' }).click();
        },
        ready: 'Lines of this product on your next bill',
      },
    },
    { file: 'portal-orders.png', path: '/portal/orders', ready: 'Orders, newest first' },
    { file: 'portal-order.png', path: `/portal/orders/${demo.orderId}`, ready: 'What this order does' },
    { file: 'portal-payment-methods.png', path: '/portal/payment-methods', ready: 'Your cards' },
    { file: 'portal-support.png', path: '/portal/support', ready: 'Data abroad' },
    { file: 'portal-support-case.png', path: `/portal/support/${demo.caseId}`, ready: 'Which days were you in Italy?' },
    { file: 'portal-new-support-case.png', path: '/portal/support/new', ready: 'Say what happened and when' },
  ];
  const portalPhone: Shot[] = [
    { file: 'portal-home-phone.png', path: '/portal/', ready: 'Recent messages' },
    { file: 'portal-bill-phone.png', path: `/portal/bills/${demo.billId}`, ready: 'What this bill charges' },
  ];
  const agent: Shot[] = [
    { file: 'agent-search.png', path: '/agent/?q=camille', ready: 'Camille Martin' },
    { file: 'agent-customer-360.png', path: `/agent/customers/${demo.customerId}`, ready: 'Data abroad' },
    { file: 'agent-support-case.png', path: `/agent/cases/${demo.caseId}`, ready: 'Work the case' },
  ];
  const sessions: { label: string; options: typeof desktop; app: 'portal' | 'agent'; who: { email: string } | { label: string }; shots: Shot[] }[] = [
    { label: 'customer portal', options: desktop, app: 'portal', who: { email: demoBillingEmail }, shots: portal },
    { label: 'customer portal at 375 px', options: phone, app: 'portal', who: { email: demoBillingEmail }, shots: portalPhone },
    { label: 'agent desktop', options: desktop, app: 'agent', who: { label: 'Demo agent' }, shots: agent },
  ];
  for (const session of sessions) {
    log(`${session.label}:`);
    const context = await browser.newContext({ ...session.options, baseURL: apiUrl, locale: 'en-GB', timezoneId: 'Europe/Paris' });
    try {
      const page = await context.newPage();
      await signIn(page, session.app, session.who);
      for (const shot of session.shots) await capture(page, shot);
    } finally {
      await context.close();
    }
  }
  return sessions.reduce((count, session) => count + session.shots.length, 0);
}

const started = performance.now();
const dataDirectory = mkdtempSync(join(tmpdir(), 'bss-screenshots-'));
mkdirSync(outputDirectory, { recursive: true });
log('starting the system in memory with its demo data (about a minute)…');
const runtime = await startRuntimeProcess({ dataDirectory, inMemory: true, startTimeoutMs: 180_000 });
let browser: Browser | undefined;
try {
  const demo = await demoData(runtime.apiUrl, loadSigningKey(join(dataDirectory, 'dev-issuer.key')));
  browser = await launchChromium();
  const count = await shoot(browser, runtime.apiUrl, demo);
  log(`${count} screenshots in ${relative(repositoryRoot, outputDirectory)}/ in ${((performance.now() - started) / 1000).toFixed(0)} s`);
} catch (error) {
  process.stderr.write(`screenshots failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
} finally {
  await browser?.close();
  await runtime.stop();
  rmSync(dataDirectory, { recursive: true, force: true });
}
