import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desktop, launchChromium, openContext, signIn } from '../support/browser.js';
import { expectAccessible } from '../support/browser-checks.js';
import { advanceClock, customerOnClock, offeringNamed, orderOffering, setCardOnFile } from '../support/clock-journey.js';
import { apiUrl, call, eventually, tokenFor } from '../support/local-api.js';

/**
 * The agent desktop's work on a customer, in a real browser with axe-core on every page: the
 * support queue finds the customer's new critical case; an agent places an order for the
 * customer and changes its plan, each priced first and with a reason kept on the order; once the
 * customer's card declines its first bill, the agent pauses its dunning on a promise to pay
 * (stopping it is for admins, and the form says so), and reads it all on the timeline.
 */
const tickets = '/tmf-api/troubleTicket/v4/troubleTicket';
const orders = '/tmf-api/productOrderingManagement/v4/productOrder';
const products = '/tmf-api/productInventory/v4/product';

let browser: Browser;
let context: BrowserContext;
let page: Page;
let admin: string;
let customer: { customerId: string; accountId: string; email: string; token: string };
let caseId: string;
let clockId: string;

/** A section of the customer 360, by its heading's id. */
const section = (id: string) => page.locator(`section[aria-labelledby="section-${id}"]`);
const ordersOf = async (action: string) => (await call<any[]>(`${orders}?relatedParty.id=${customer.customerId}&limit=100`, { token: admin })).body.filter((order) => order.productOrderItem.some((item: any) => item.action === action));

beforeAll(async () => {
  [browser, admin] = await Promise.all([launchChromium(), tokenFor('admin')]);
  const clock = await call('/billing/v1/testClock', { method: 'POST', token: admin, body: { name: 'agent actions', frozenTime: '2027-01-16T10:00:00+01:00' } });
  expect(clock.status).toBe(201);
  clockId = clock.body.id;
  customer = await customerOnClock(admin, clockId, 'agent-actions');
  await orderOffering(admin, customer.accountId, await offeringNamed(admin, 'Mobile M'));
  const opened = await call(tickets, {
    method: 'POST',
    token: customer.token,
    body: { name: `No service at all ${Date.now()}`, description: 'Nothing works since this morning.', ticketType: 'incident', severity: 'Critical' },
  });
  expect(opened.status).toBe(201);
  caseId = opened.body.id;

  context = await openContext(browser, { ...desktop, baseURL: apiUrl(), locale: 'en-GB' });
  page = await context.newPage();
  await signIn(page, 'agent', { label: 'Demo agent' });
}, 240_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe('an agent at work on a customer', () => {
  it('finds the customer’s new critical case in the support queue, filtered by status and severity', async () => {
    await page.getByRole('link', { name: 'Support queue' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Support queue');
    await page.getByLabel('Status').selectOption({ label: 'Submitted' });
    await page.getByLabel('Severity').selectOption('Critical');
    await page.waitForURL('**/agent/cases?status=submitted&severity=Critical');
    const row = page.locator('tbody tr').filter({ has: page.locator(`a[href="/agent/cases/${caseId}"]`) });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.innerText()).toContain('agent-actions');
    await expectAccessible(page, 'support queue');
    // A case opened now is not older than a day.
    await page.getByLabel('Opened').selectOption({ label: 'More than 1 days ago' });
    await page.waitForURL('**/agent/cases?status=submitted&severity=Critical&age=1');
    await page.locator('caption, [role="status"]').first().waitFor();
    expect(await page.locator(`a[href="/agent/cases/${caseId}"]`).count()).toBe(0);
    await page.goto(`/agent/customers/${customer.customerId}`);
  });

  it('places an order for the customer, priced first, with a reason on record', async () => {
    await page.getByRole('link', { name: 'Place an order' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Place an order for agent-actions');
    await page.getByLabel('Offering').selectOption({ label: 'Home Broadband' });
    await page.getByRole('button', { name: 'See the price' }).click();
    await expect.poll(() => page.getByRole('region', { name: /^Home Broadband for this customer/ }).innerText()).toMatch(/€[\d.]+ per month/);
    await expectAccessible(page, 'place an order, priced');
    expect(await page.getByRole('button', { name: 'Place the order' }).isDisabled()).toBe(true);
    await page.getByLabel('Reason (kept on record)').fill('Customer called to add home broadband');
    await page.getByRole('button', { name: 'Place the order' }).click();
    await page.waitForURL(`**/agent/customers/${customer.customerId}`);
    const placed = await eventually(async () => {
      const [order] = (await ordersOf('add')).filter((each) => each.productOrderItem[0].productOffering?.name === 'Home Broadband');
      return order?.state === 'completed' ? order : undefined;
    }, 30_000);
    expect(placed.note).toEqual([expect.objectContaining({ author: expect.any(String), text: 'Customer called to add home broadband' })]);
    await expect.poll(() => section('products').innerText(), { timeout: 10_000 }).toContain('Home Broadband');
  });

  it('changes the customer’s plan from Mobile M to Mobile L with the preview and a reason', async () => {
    await page.reload();
    await page.getByRole('link', { name: 'Change plan: Mobile M' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Change the plan of Mobile M');
    await page.getByRole('radio', { name: /^Mobile L( ·|$)/ }).check();
    await page.getByRole('button', { name: 'See what it costs' }).click();
    await page.getByRole('table').waitFor();
    await expectAccessible(page, 'agent change plan, preview');
    await page.getByLabel('Reason (kept on record)').fill('Customer asked for more data');
    await page.getByRole('button', { name: 'Confirm the change' }).click();
    await page.waitForURL(`**/agent/customers/${customer.customerId}`);
    const changed = await eventually(async () => {
      const [order] = await ordersOf('modify');
      return order?.state === 'completed' ? order : undefined;
    }, 30_000);
    expect(changed.note).toEqual([expect.objectContaining({ text: 'Customer asked for more data' })]);
    const mobile = (await call<any[]>(`${products}?relatedParty.id=${customer.customerId}`, { token: admin })).body.filter((product) => product.productOffering.name.startsWith('Mobile'));
    expect(mobile.map((product) => product.productOffering.name)).toEqual(['Mobile L']);
  });

  it('pauses the dunning of an unpaid account until a promised day; stopping it is for admins', async () => {
    await setCardOnFile(admin, customer.accountId, 'pm_card_declined');
    // The 1 February bill is declined; its due date is 15 February, so 16 February is dunning's first day.
    await advanceClock(admin, clockId, '2027-02-01T12:00:00+01:00');
    await advanceClock(admin, clockId, '2027-02-16T12:00:00+01:00');
    await eventually(async () => ((await call(`/collections/v1/dunning/${customer.accountId}`, { token: admin })).body?.status === 'active' ? true : undefined), 30_000);
    await page.goto(`/agent/customers/${customer.customerId}`);
    await page.getByRole('button', { name: 'Pause, stop or restore: dunning of agent-actions' }).click();
    const panel = page.getByRole('region', { name: 'Dunning of agent-actions' });
    expect(await panel.getByRole('radio', { name: /^Stop dunning/ }).isDisabled()).toBe(true);
    expect(await panel.getByText('(admins only)').count()).toBeGreaterThanOrEqual(1);
    await panel.getByRole('radio', { name: 'Pause dunning' }).check();
    await panel.getByLabel(/^Paused until the end of/).fill('2027-02-26');
    await panel.getByLabel('Reason (kept on record)').fill('Promised to pay on the 26th');
    await panel.getByRole('button', { name: 'Review' }).click();
    await expect.poll(() => panel.getByRole('group').innerText()).toContain('until the end of 26 February 2027');
    await expectAccessible(page, 'dunning pause, confirming');
    await panel.getByRole('button', { name: 'Pause dunning' }).click();
    await expect.poll(() => panel.getByRole('status').innerText()).toMatch(/^Done: dunning is now Active/);
    const dunning = (await call(`/collections/v1/dunning/${customer.accountId}`, { token: admin })).body;
    // The end of 26 February in Paris.
    expect(dunning).toMatchObject({ pausedUntil: '2027-02-26T22:59:59.000Z', pauseReason: 'Promised to pay on the 26th' });
    await expect.poll(() => section('accounts').innerText()).toContain('paused until');
  });

  it('reads what happened on the customer’s timeline, newest first, at its clock’s instants', async () => {
    const timeline = section('timeline');
    // The timeline is written from the events a moment after the pause: read again until it is there.
    await expect
      .poll(
        async () => {
          await timeline.getByRole('button', { name: 'Read the timeline again' }).click();
          await page.waitForTimeout(500);
          return timeline.innerText();
        },
        { timeout: 20_000, interval: 500 },
      )
      .toContain('Dunning paused');
    const entries = await timeline.locator('li').allInnerTexts();
    expect(entries.findIndex((entry) => entry.includes('Dunning paused'))).toBeLessThan(entries.findIndex((entry) => entry.includes('issued')));
    expect(entries.some((entry) => entry.includes('2027'))).toBe(true);
    await expectAccessible(page, 'customer 360 with the timeline');
  });
});
