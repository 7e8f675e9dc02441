import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desktop, launchChromium, openContext, signIn } from '../support/browser.js';
import { expectAccessible } from '../support/browser-checks.js';
import { customerOnClock, offeringNamed, orderOffering } from '../support/clock-journey.js';
import { apiUrl, call, tokenFor } from '../support/local-api.js';

/**
 * A support case (TMF621) from the customer's side, in a real browser with axe-core on every
 * page: a customer on a test clock opens a case about its product, answers the agents' question
 * with a note, and closes the case once resolved. The agents' side goes through the API here.
 * The case's dates are the clock's (16 January 2027), not the machine's.
 */
const tickets = '/tmf-api/troubleTicket/v4/troubleTicket';

let browser: Browser;
let context: BrowserContext;
let page: Page;
let agent: string;
let customer: { customerId: string; accountId: string; email: string };
let caseId: string;

/** An agent's status change, as the agent desktop will send it. */
async function agentMoves(status: string, statusChangeReason?: string) {
  const read = await call(`${tickets}/${caseId}`, { token: agent });
  const moved = await call(`${tickets}/${caseId}`, {
    method: 'PATCH',
    token: agent,
    headers: { 'if-match': read.headers.get('etag')! },
    body: { status, ...(statusChangeReason ? { statusChangeReason } : {}) },
  });
  expect(moved.status).toBe(200);
}

beforeAll(async () => {
  const admin = await tokenFor('admin');
  [browser, agent] = await Promise.all([launchChromium(), tokenFor('agent')]);
  const clock = await call('/billing/v1/testClock', { method: 'POST', token: admin, body: { name: 'portal support case', frozenTime: '2027-01-16T10:00:00+01:00' } });
  expect(clock.status).toBe(201);
  customer = await customerOnClock(admin, clock.body.id, 'portal-support');
  await orderOffering(admin, customer.accountId, await offeringNamed(admin, 'Mobile M'));
  context = await openContext(browser, { ...desktop, baseURL: apiUrl(), locale: 'en-GB' });
  page = await context.newPage();
  await signIn(page, 'portal', { email: customer.email });
}, 120_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe('a support case in the portal', () => {
  it('opens a case about its product from the support page, dated by its clock', async () => {
    await page.getByRole('link', { name: 'Support' }).click();
    await expect.poll(() => page.getByText('You have no support cases.').count()).toBe(1);
    await expectAccessible(page, 'support cases, none');
    await page.getByRole('link', { name: 'Open a support case' }).click();
    await page.getByLabel('What is the trouble?').waitFor();
    await expect.poll(() => page.getByLabel('About (optional)').locator('option').count()).toBeGreaterThan(1);
    await expectAccessible(page, 'new support case');

    await page.getByLabel('A complaint').check();
    await page.getByLabel('How much does it affect you?').selectOption('Major');
    await page.getByLabel('Title (optional)').fill('Roaming does not work');
    await page.getByLabel('What is the trouble?').fill('Since Tuesday my phone has no data abroad.');
    await page.getByLabel('About (optional)').selectOption({ label: 'Mobile M' });
    await page.getByRole('button', { name: 'Open the case' }).click();

    await page.waitForURL((url) => /^\/portal\/support\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith('/new'));
    caseId = new URL(page.url()).pathname.split('/').at(-1)!;
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Support case: Roaming does not work');
    const details = await page.locator('.facts').innerText();
    expect(details).toContain('Submitted');
    expect(details).toContain('A complaint');
    expect(details).toContain('Major: it works badly');
    expect(details).toContain('Mobile M');
    expect(details).toContain('16 Jan 2027');
    await expectAccessible(page, 'support case, submitted');

    const opened = await call(`${tickets}/${caseId}`, { token: agent });
    expect(opened.body).toMatchObject({ ticketType: 'complaint', severity: 'Major', channel: { id: 'selfService' }, creationDate: '2027-01-16T09:00:00.000Z' });
    expect(opened.body.relatedEntity).toEqual([expect.objectContaining({ '@referredType': 'Product', name: 'Mobile M' })]);
  });

  it('sees the agents wait for it, and answers with a note', async () => {
    await agentMoves('acknowledged');
    await agentMoves('inProgress');
    await agentMoves('pending', 'Which country were you in?');
    await page.reload();
    await expect.poll(() => page.getByRole('note').innerText()).toBe('We are waiting for you: Which country were you in? Please answer with a note.');
    expect(await page.locator('.facts').innerText()).toContain('Waiting for you');
    // Waiting for the customer, the case can still be withdrawn, not closed.
    expect(await page.getByRole('button', { name: 'Withdraw the case' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'It is solved: close the case' }).count()).toBe(0);

    await page.getByLabel('Your note').fill('In Italy, from Tuesday to Friday.');
    await page.getByRole('button', { name: 'Send the note' }).click();
    await expect.poll(() => page.getByRole('status').innerText()).toBe('Your note was added.');
    await expect.poll(() => page.locator('.note-customer').innerText()).toContain('In Italy, from Tuesday to Friday.');
    expect(await page.locator('.note-customer .note-meta').innerText()).toMatch(/^You · 16 Jan 2027/);
    await expectAccessible(page, 'support case, pending, note added');
  });

  it('closes the case once the agents resolved it; it is then over, and listed as closed', async () => {
    await agentMoves('inProgress');
    await agentMoves('resolved', 'Roaming is now enabled on your line.');
    await page.reload();
    await expect.poll(() => page.getByRole('note').innerText()).toBe('We think this is solved: Roaming is now enabled on your line. Tell us if it is.');
    await page.getByRole('button', { name: 'It is solved: close the case' }).click();
    await expect.poll(() => page.locator('.facts').innerText()).toContain('Closed');
    expect(await page.getByText('This case is over. To go on, open a new case.').count()).toBe(1);
    expect(await page.getByLabel('Your note').count()).toBe(0);
    await expectAccessible(page, 'support case, closed');
    expect((await call(`${tickets}/${caseId}`, { token: agent })).body.status).toBe('closed');

    await page.getByRole('link', { name: 'All your support cases' }).click();
    const row = page.getByRole('row', { name: /Roaming does not work/ });
    await expect.poll(() => row.innerText()).toContain('Closed');
    expect(await row.innerText()).toContain('16 January 2027');
    await expectAccessible(page, 'support cases, one closed');
  });
});
