import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desktop, launchChromium, openContext, signIn } from '../support/browser.js';
import { expectAccessible } from '../support/browser-checks.js';
import { advanceClock, customerOnClock, offeringNamed, orderOffering, setCardOnFile } from '../support/clock-journey.js';
import { apiUrl, call, eventually, tokenFor } from '../support/local-api.js';

/**
 * The agent desktop in a real browser, axe-core on every page: an agent finds a customer by the
 * number of its unpaid bill, credits part of that bill and sees the balance move, then works the
 * customer's support case about it to resolved. A customer who opens the desktop is turned away.
 */
const bills = '/tmf-api/customerBillManagement/v4/customerBill';
const tickets = '/tmf-api/troubleTicket/v4/troubleTicket';

let browser: Browser;
let context: BrowserContext;
let page: Page;
let admin: string;
let customer: { customerId: string; accountId: string; email: string; token: string };
let bill: { id: string; billNo: string; remainingAmount: { unit: string; value: number } };
let caseId: string;

const balanceOf = async () => (await call(`/tmf-api/accountManagement/v4/billingAccount/${customer.accountId}`, { token: admin })).body.accountBalance[0].amount.value as number;
/** A section of the customer 360, by its heading's id. */
const section = (id: string) => page.locator(`section[aria-labelledby="section-${id}"]`);
const euros = (value: number) => new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' }).format(value);

beforeAll(async () => {
  [browser, admin] = await Promise.all([launchChromium(), tokenFor('admin')]);
  const clock = await call('/billing/v1/testClock', { method: 'POST', token: admin, body: { name: 'agent desktop', frozenTime: '2027-01-16T10:00:00+01:00' } });
  expect(clock.status).toBe(201);
  customer = await customerOnClock(admin, clock.body.id, 'agent-desk');
  await orderOffering(admin, customer.accountId, await offeringNamed(admin, 'Mobile M'));
  await setCardOnFile(admin, customer.accountId, 'pm_card_declined');
  await advanceClock(admin, clock.body.id, '2027-02-01T12:00:00+01:00');
  [bill] = (await call<any[]>(`${bills}?relatedParty.id=${customer.customerId}&runType=onCycle`, { token: admin })).body;
  expect(bill.remainingAmount.value).toBeGreaterThan(10);
  const opened = await call(tickets, {
    method: 'POST',
    token: customer.token,
    body: { name: 'Charged for roaming', description: 'My February bill charges roaming I did not use.', ticketType: 'complaint', severity: 'Major', relatedEntity: [{ id: bill.id, '@referredType': 'CustomerBill' }] },
  });
  expect(opened.status).toBe(201);
  caseId = opened.body.id;
  // The search index is a read model of the events: wait until the bill's number finds the customer.
  const agent = await tokenFor('agent');
  await eventually(async () => ((await call<any[]>(`/customers/v1/customerSearch?q=${encodeURIComponent(bill.billNo)}`, { token: agent })).body?.length ? true : undefined), 20_000);

  context = await openContext(browser, { ...desktop, baseURL: apiUrl(), locale: 'en-GB' });
  page = await context.newPage();
  await signIn(page, 'agent', { label: 'Demo agent' });
}, 240_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe('the agent desktop', () => {
  it('finds the customer by its bill number', async () => {
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Find a customer');
    await expectAccessible(page, 'search, empty');
    await page.getByRole('searchbox').fill(bill.billNo);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const result = page.locator('.results li').first();
    await expect.poll(() => result.innerText()).toContain(`Bill ${bill.billNo}`);
    expect(await result.innerText()).toContain(customer.email);
    expect(new URL(page.url()).searchParams.get('q')).toBe(bill.billNo);
    await expectAccessible(page, 'search results');
    await result.getByRole('link').click();
    await page.waitForURL(`**/agent/customers/${customer.customerId}`);
  });

  it('shows the customer 360 with the unpaid bill and the balance it makes', async () => {
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('agent-desk');
    const balance = page.locator(`[data-account-balance="${customer.accountId}"]`);
    await expect.poll(() => balance.innerText()).toBe(euros(bill.remainingAmount.value));
    await expect.poll(() => section('bills').innerText()).toContain(bill.billNo);
    await expect.poll(() => section('cases').innerText()).toContain('Charged for roaming');
    await expectAccessible(page, 'customer 360');
  });

  it('credits 5 € of the bill, with a reason and a confirmation, and sees the balance move', async () => {
    const before = await balanceOf();
    await page.getByRole('button', { name: `Credit note for ${bill.billNo}` }).click();
    await page.getByLabel('An amount, tax included').check();
    await page.getByLabel('Amount in EUR, tax included').fill('5.00');
    await page.getByLabel('Reason (kept on record)').fill('Roaming charged in error');
    await page.getByRole('button', { name: 'Review' }).click();
    await expect.poll(() => page.getByRole('group').innerText()).toContain(`Issue a credit note of ${euros(5)} on bill ${bill.billNo}? Reason: Roaming charged in error`);
    await expectAccessible(page, 'credit note, confirm');
    await page.getByRole('button', { name: `Issue the credit note of ${euros(5)}` }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Credit note' }).innerText()).toMatch(/^Credit note CN-\S+ issued: €5\.00, of which €5\.00 off the bill and €0\.00 to the account’s credit\.$/);

    expect(await balanceOf()).toBe(Math.round((before - 5) * 100) / 100);
    await expect.poll(() => page.locator(`[data-account-balance="${customer.accountId}"]`).innerText()).toBe(euros(before - 5));
    await expect.poll(() => section('credit-notes').innerText()).toContain('Roaming charged in error');
    await expectAccessible(page, 'customer 360 after the credit note');
  });

  it('records a bank transfer of what is left, confirmed first: the account is paid up', async () => {
    const owed = await balanceOf();
    await page.getByRole('button', { name: /^Take a payment into / }).click();
    expect(await page.getByLabel('Amount in EUR').inputValue()).toBe(owed.toFixed(2));
    await page.getByLabel('Reference of the transfer or receipt').fill('TRF-2027-0042');
    await page.getByLabel('Reason (kept on record)').fill('Transfer received on 3 February');
    await page.getByRole('button', { name: 'Review' }).click();
    await expect.poll(() => page.getByRole('group').innerText()).toContain(`Record ${euros(owed)} into`);
    await page.getByRole('button', { name: `Record the payment of ${euros(owed)}` }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Payment of' }).innerText()).toBe(`Payment of ${euros(owed)} recorded (captured).`);
    await expect.poll(() => page.locator(`[data-account-balance="${customer.accountId}"]`).innerText()).toBe(euros(0));
    await expect.poll(() => section('payments').innerText()).toContain('Transfer received on 3 February');
    await expectAccessible(page, 'customer 360 after the payment');
    await page.getByRole('region', { name: /^Take a payment into / }).getByRole('button', { name: 'Close' }).click();
  });

  it('pays 2 € of that transfer back with a reason: the bill owes them again', async () => {
    await page.getByRole('button', { name: /^Refund the payment of / }).first().click();
    await page.getByLabel('Amount to pay back, in EUR').fill('2');
    await page.getByLabel('Reason (kept on record)').fill('Overpaid by mistake');
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByRole('button', { name: `Pay back ${euros(2)}` }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'paid back' }).innerText()).toBe(`${euros(2)} paid back.`);
    await expect.poll(() => page.locator(`[data-account-balance="${customer.accountId}"]`).innerText()).toBe(euros(2));
    await expect.poll(() => section('payments').innerText()).toContain('Overpaid by mistake');
    expect(await balanceOf()).toBe(2);
    await expectAccessible(page, 'customer 360 after the refund');
  });

  it('works the customer’s case to resolved, telling the customer why', async () => {
    // The case's own link, in the cases section: the timeline links to it too.
    await section('cases').getByRole('link', { name: 'Charged for roaming' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Support case: Charged for roaming');
    await expectAccessible(page, 'support case, submitted');
    const move = async (to: string, reason?: string) => {
      await page.getByLabel('Move the case to').selectOption({ label: to });
      if (reason) await page.getByLabel(/^Reason/).fill(reason);
      await page.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => page.locator('.facts').innerText()).toContain(to);
    };
    await move('Acknowledged');
    await move('In progress');
    // Resolving needs a reason: the form will not send one without.
    await page.getByLabel('Move the case to').selectOption({ label: 'Resolved' });
    expect(await page.getByLabel('Reason (required: the customer is told)').getAttribute('required')).not.toBeNull();
    await move('Resolved', 'A credit note of €5.00 takes the roaming off your bill.');
    await expectAccessible(page, 'support case, resolved');

    const resolved = await call(`${tickets}/${caseId}`, { token: customer.token });
    expect(resolved.body).toMatchObject({ status: 'resolved', statusChangeReason: 'A credit note of €5.00 takes the roaming off your bill.' });
    expect(resolved.body.statusChange.map((change: any) => change.status)).toEqual(['submitted', 'acknowledged', 'inProgress', 'resolved']);
  });

  it('turns a customer away, pointing to the portal', async () => {
    const other = await openContext(browser, { ...desktop, baseURL: apiUrl(), locale: 'en-GB' });
    try {
      const customerPage = await other.newPage();
      await signIn(customerPage, 'agent', { email: customer.email });
      await expect.poll(() => customerPage.getByRole('heading', { level: 1 }).innerText()).toBe('The agent desktop is for staff. Customers sign in to the portal.');
      expect(await customerPage.getByRole('link', { name: 'Go to the customer portal' }).getAttribute('href')).toBe('/portal/');
      await customerPage.goto(`${apiUrl()}/agent/customers/${customer.customerId}`);
      await expect.poll(() => customerPage.getByRole('heading', { level: 1 }).innerText()).toBe('The agent desktop is for staff. Customers sign in to the portal.');
      expect(await customerPage.locator('section[aria-labelledby="section-bills"]').count()).toBe(0);
    } finally {
      await other.close();
    }
  });
});
