import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desktop, launchChromium, openContext, signIn } from '../support/browser.js';
import { expectAccessible } from '../support/browser-checks.js';
import { advanceClock, customerOnClock, offeringNamed, orderOffering } from '../support/clock-journey.js';
import { apiUrl, call, eventually, tokenFor } from '../support/local-api.js';

/**
 * A plan change in the portal, in a real browser with axe-core on every page: a customer in
 * Paris on a test clock with Mobile M moves to Mobile L on 10 February 2027 at 13:00. The
 * preview shows what its 1 March bill will carry for the product; once the clock reaches that
 * bill, the bill carries exactly those lines, and the portal's bill page shows them.
 */
const bills = '/tmf-api/customerBillManagement/v4/customerBill';
const lines = '/tmf-api/customerBillManagement/v4/appliedCustomerBillingRate';
const orders = '/tmf-api/productOrderingManagement/v4/productOrder';

let browser: Browser;
let context: BrowserContext;
let page: Page;
let admin: string;
let clockId: string;
let customer: { customerId: string; accountId: string; email: string };
let productId: string;
/** The preview's rows as the page shows them: name, period, amount including tax. */
let previewed: string[][];

const rowsOf = (table: ReturnType<Page['locator']>) => table.locator('tbody tr').evaluateAll((rows) => rows.map((row) => [...row.children].map((cell) => (cell.textContent ?? '').trim())));

beforeAll(async () => {
  [browser, admin] = await Promise.all([launchChromium(), tokenFor('admin')]);
  const clock = await call('/billing/v1/testClock', { method: 'POST', token: admin, body: { name: 'portal plan change', frozenTime: '2027-01-16T10:00:00+01:00' } });
  expect(clock.status).toBe(201);
  clockId = clock.body.id;
  customer = await customerOnClock(admin, clockId, 'portal-plan');
  const order = await orderOffering(admin, customer.accountId, await offeringNamed(admin, 'Mobile M'));
  productId = (await call<any[]>(`/tmf-api/productInventory/v4/product?relatedParty.id=${customer.customerId}`, { token: admin })).body.find((product) => product.productOffering.name === 'Mobile M').id;
  expect(order.state).toBe('completed');
  await advanceClock(admin, clockId, '2027-02-10T13:00:00+01:00');

  context = await openContext(browser, { ...desktop, baseURL: apiUrl(), locale: 'en-GB' });
  page = await context.newPage();
  await signIn(page, 'portal', { email: customer.email });
}, 240_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe('changing plan in the portal', () => {
  it('previews the move to Mobile L: the lines its next bill will carry, from the clock’s now', async () => {
    await page.getByRole('link', { name: 'Products' }).click();
    await page.getByRole('link', { name: 'Change plan: Mobile M' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Change the plan of Mobile M');
    await expectAccessible(page, 'change plan, choosing');
    // By its whole name: other tests on the shared runtime add offerings named 'Mobile L …' to the same specification.
    await page.getByRole('radio', { name: /^Mobile L( ·|$)/ }).check();
    await page.getByRole('button', { name: 'See what it costs' }).click();
    const table = page.getByRole('table');
    await table.waitFor();
    await expect.poll(() => page.getByText('The new plan starts now').innerText()).toBe('The new plan starts now, 10 Feb 2027, 13:00 CET. These lines will be on your bill of 1 March 2027.');
    previewed = await rowsOf(table);
    // The prepaid rest of February at Mobile M comes back, Mobile L is charged for it, and March in advance.
    expect(previewed.some(([name, , amount]) => name!.includes('Mobile M') && amount!.startsWith('-'))).toBe(true);
    expect(previewed.filter(([name]) => name!.includes('Mobile L')).length).toBeGreaterThanOrEqual(1);
    await expectAccessible(page, 'change plan, preview');
  });

  it('confirms; the order completes and the product is Mobile L', async () => {
    await page.getByRole('button', { name: 'Confirm the change' }).click();
    await page.waitForURL('**/portal/orders');
    const order = await eventually(async () => {
      const [latest] = (await call<any[]>(`${orders}?relatedParty.id=${customer.customerId}&limit=100`, { token: admin })).body.filter((each) => each.productOrderItem.some((item: any) => item.action === 'modify'));
      return latest?.state === 'completed' ? latest : undefined;
    }, 30_000);
    expect(order.productOrderItem[0]).toMatchObject({ action: 'modify', productOffering: { name: 'Mobile L' } });
    const product = (await call(`/tmf-api/productInventory/v4/product/${productId}`, { token: admin })).body;
    expect(product.productOffering.name).toBe('Mobile L');
  });

  it('the 1 March bill carries exactly the previewed lines, and the portal shows them on the bill', async () => {
    await advanceClock(admin, clockId, '2027-03-01T12:00:00+01:00');
    const march = (await call<any[]>(`${bills}?relatedParty.id=${customer.customerId}&runType=onCycle`, { token: admin })).body.find((bill) => bill.billDate === '2027-02-28T23:00:00.000Z');
    expect(march).toBeDefined();
    const billed = (await call<any[]>(`${lines}?bill.id=${march.id}&limit=1000`, { token: admin })).body.filter((line) => line.product?.id === productId && line.type !== 'usage');
    const euros = (value: number) => new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' }).format(value);
    const day = (instant: string) => new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(new Date(instant));
    expect(billed.map((line) => [line.name, line.periodCoverage ? `${day(line.periodCoverage.startDateTime)} to ${day(line.periodCoverage.endDateTime)}` : '—', euros(line.taxIncludedAmount.value)])).toEqual(previewed);

    await page.goto(`/portal/bills/${march.id}`);
    const shown = await page.getByRole('table', { name: 'What this bill charges' }).innerText();
    for (const [name, , amount] of previewed) {
      expect(shown).toContain(name);
      expect(shown).toContain(amount);
    }
    await expectAccessible(page, 'the March bill');
  });
});
