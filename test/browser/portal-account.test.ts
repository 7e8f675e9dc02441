import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desktop, launchChromium, openContext, signIn } from '../support/browser.js';
import { expectAccessible } from '../support/browser-checks.js';
import { advanceClock, customerOnClock, offeringNamed, orderOffering, setCardOnFile } from '../support/clock-journey.js';
import { apiUrl, call, eventually, tokenFor } from '../support/local-api.js';
import { emailChangeCodeIn, mailFor } from '../support/mailbox.js';

/**
 * The customer's own account in the portal, in a real browser with axe-core on every page: a
 * customer in Paris on a test clock whose card on file declines its first bill (1 Feb 2027) pays its
 * whole balance from home, reads the bill's message, sees its data use day by day against its
 * allowance, and keeps its profile: contact details, a
 * verified e-mail change, which messages it gets by SMS, and a download of all its data.
 */
const customers = '/tmf-api/customerManagement/v4/customer';
const accounts = '/tmf-api/accountManagement/v4/billingAccount';

let browser: Browser;
let context: BrowserContext;
let page: Page;
let admin: string;
let customer: { customerId: string; accountId: string; email: string };

beforeAll(async () => {
  [browser, admin] = await Promise.all([launchChromium(), tokenFor('admin')]);
  const clock = await call('/billing/v1/testClock', { method: 'POST', token: admin, body: { name: 'portal account', frozenTime: '2027-01-16T10:00:00+01:00' } });
  expect(clock.status).toBe(201);
  customer = await customerOnClock(admin, clock.body.id, 'portal-account');
  await orderOffering(admin, customer.accountId, await offeringNamed(admin, 'Mobile M'));
  await setCardOnFile(admin, customer.accountId, 'pm_card_declined');
  await advanceClock(admin, clock.body.id, '2027-02-01T12:00:00+01:00');
  // The bill is owed; its collection charges the account's card on file, which declines whenever it runs.
  await eventually(async () => ((await call(`${accounts}/${customer.accountId}`, { token: admin })).body.accountBalance?.[0]?.amount.value > 0 ? true : undefined), 30_000);

  context = await openContext(browser, { ...desktop, baseURL: apiUrl(), locale: 'en-GB' });
  page = await context.newPage();
  await signIn(page, 'portal', { email: customer.email });
}, 240_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe('the customer’s own account in the portal', () => {
  it('pays the whole balance from home, and home shows nothing owed', async () => {
    await page.getByRole('button', { name: 'Pay the whole balance' }).click();
    await page.getByRole('heading', { name: 'Pay your balance' }).waitFor();
    await expectAccessible(page, 'home, paying the balance');
    // The customer's own card, which it registered (customerOnClock): the account's default declines.
    await page.getByLabel('Card').selectOption('pm_card_visa');
    await page.getByRole('button', { name: /^Pay / }).click();
    await page.getByRole('button', { name: /^Confirm: pay / }).click();
    await expect.poll(() => page.getByRole('status').innerText(), { timeout: 15_000 }).toMatch(/^Thank you: .+ was paid\. It went to your oldest bills first\./);
    const account = (await call(`${accounts}/${customer.accountId}`, { token: admin })).body;
    expect(account.accountBalance[0].amount.value).toBe(0);
    await expect.poll(() => page.locator('.facts .amount').first().innerText()).toBe('€0.00');
    expect(await page.getByRole('button', { name: 'Pay the whole balance' }).count()).toBe(0);
  });

  it('sees this period’s data day by day against its allowance, and last period’s', async () => {
    const [mobile] = (await call<any[]>(`/tmf-api/productInventory/v4/product?relatedParty.id=${customer.customerId}`, { token: admin })).body;
    for (const [recordId, usageDate, quantity] of [
      ['portal-usage-1', '2027-01-20T10:00:00+01:00', 2],
      ['portal-usage-2', '2027-02-01T09:00:00+01:00', 0.5],
    ] as const) {
      const posted = await call('/tmf-api/usageManagement/v4/usage', {
        method: 'POST',
        token: admin,
        body: { usageDate, usageType: 'data', usageCharacteristic: [{ name: 'productId', value: mobile.id }, { name: 'quantity', value: quantity }, { name: 'unit', value: 'GB' }, { name: 'recordId', value: recordId }] },
      });
      expect(posted.status).toBe(201);
    }
    await page.getByRole('link', { name: 'Usage', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Your usage');
    const current = page.getByRole('region', { name: /^Mobile M, this period: 1 February 2027 to 28 February 2027/ });
    await expect.poll(() => current.locator('.usage-total').first().innerText()).toMatch(/^0\.5 GB used of \d+ GB included: [\d.]+ GB left$/);
    expect(await current.getByRole('img').count()).toBe(1);
    await current.getByText('Day by day').click();
    expect(await current.getByRole('row', { name: /1 Feb 2027/ }).innerText()).toContain('0.5');
    const previous = page.getByRole('region', { name: /^Mobile M, last period:/ });
    await expect.poll(() => previous.locator('.usage-total').first().innerText()).toMatch(/^2 GB used/);
    await expectAccessible(page, 'usage');
  });

  it('sees on home its next bill’s date and estimate, what it would charge, and this period’s data against the allowance', async () => {
    const overview = (await call(`/billing/v1/accountOverview?relatedParty.id=${customer.customerId}`, { token: admin })).body;
    const estimate = overview.accounts[0].nextBill.estimate;
    const euros = (value: number) => new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' }).format(value);
    await page.getByRole('link', { name: 'Home', exact: true }).click();
    const nextBill = page.locator('.facts div', { hasText: 'Next bill' });
    await expect.poll(() => nextBill.innerText()).toContain('1 March 2027');
    expect(await nextBill.innerText()).toContain(`About ${euros(estimate.taxIncludedAmount.value)} so far`);
    await page.locator('summary', { hasText: 'What your next bill charges so far' }).click();
    const lines = page.locator('details table');
    expect(await lines.getByRole('row', { name: /^Total, tax included/ }).innerText()).toContain(euros(estimate.taxIncludedAmount.value));
    expect(await lines.getByRole('row').count()).toBe(estimate.lines.length + 2);
    const usage = page.getByRole('region', { name: 'Usage this period' });
    expect(await usage.locator('.usage-total').first().innerText()).toMatch(/^0\.5 GB used of \d+ GB included: [\d.]+ GB left$/);
    expect(await usage.getByRole('meter').count()).toBeGreaterThanOrEqual(1);
    await expectAccessible(page, 'home, with the estimate open');
  });

  it('reads its messages, newest first, and goes from the bill’s message to the bill', async () => {
    await page.getByRole('link', { name: 'Messages', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Your messages');
    const first = page.locator('.message-list details').first();
    await first.waitFor();
    await expectAccessible(page, 'messages');
    // A closed message hides its link from the accessibility tree: found by the element, then opened.
    const billMessage = page.locator('.message-list details').filter({ has: page.locator('a', { hasText: 'See the bill' }) }).first();
    await billMessage.locator('summary').click();
    await expect.poll(() => billMessage.locator('.message-content').innerText()).not.toBe('');
    await billMessage.getByRole('link', { name: 'See the bill' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toMatch(/^Bill /);
  });

  it('changes its phone number and address, kept by the API with its e-mail untouched', async () => {
    await page.getByRole('link', { name: 'Profile' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Your profile');
    await expect.poll(() => page.getByLabel('City').inputValue()).toBe('Paris');
    await expectAccessible(page, 'profile');
    await page.getByLabel('Phone number').fill('+33 6 12 34 56 78');
    await page.getByLabel('Street', { exact: true }).fill('3 place Bellecour');
    await page.getByLabel('Postcode').fill('69002');
    await page.getByLabel('City').fill('Lyon');
    await page.getByRole('region', { name: 'Contact details' }).getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByRole('region', { name: 'Contact details' }).getByRole('status').innerText()).toBe('Saved.');
    const saved = (await call(`${customers}/${customer.customerId}`, { token: admin })).body;
    expect(saved.contactMedium).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ mediumType: 'email', characteristic: { emailAddress: customer.email } }),
        expect.objectContaining({ mediumType: 'postalAddress', characteristic: { street1: '3 place Bellecour', postCode: '69002', city: 'Lyon', country: 'FR' } }),
        expect.objectContaining({ mediumType: 'phone', characteristic: { phoneNumber: '+33 6 12 34 56 78' } }),
      ]),
    );
  });

  it('changes its e-mail address with the code sent to the new one', async () => {
    const moved = `moved.${Date.now()}@example.fr`;
    await page.getByLabel('New e-mail address').fill(moved);
    await page.getByRole('button', { name: 'Send a code to this address' }).click();
    await page.getByLabel('Code from the e-mail').waitFor();
    const code = await eventually(async () => {
      const [sent] = await mailFor(moved, admin);
      return sent ? emailChangeCodeIn(sent.content) : undefined;
    });
    await page.getByLabel('Code from the e-mail').fill(code);
    await page.getByRole('button', { name: 'Change my e-mail address' }).click();
    await expect.poll(() => page.getByRole('region', { name: 'E-mail address' }).getByRole('status').innerText()).toBe(`Done: we now write to ${moved}.`);
    await expect.poll(() => page.getByText(`We write to ${moved}.`).count()).toBe(1);
    await expectAccessible(page, 'profile, e-mail changed');
  });

  it('stops payment receipts by SMS, and cannot switch off new bills altogether', async () => {
    const preferences = page.getByRole('region', { name: 'Messages we send you' });
    await preferences.getByRole('checkbox', { name: 'Payment receipts by SMS' }).waitFor();
    await preferences.getByRole('checkbox', { name: 'Payment receipts by SMS' }).uncheck();
    await preferences.getByRole('checkbox', { name: 'New bills by e-mail' }).uncheck();
    await preferences.getByRole('checkbox', { name: 'New bills by SMS' }).uncheck();
    await expect.poll(() => preferences.getByRole('alert').innerText()).toBe('We must be able to reach you for: New bills. Keep e-mail or SMS for each.');
    expect(await preferences.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    await expectAccessible(page, 'profile, a required message switched off');
    await preferences.getByRole('checkbox', { name: 'New bills by e-mail' }).check();
    await preferences.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => preferences.getByRole('status').innerText()).toBe('Saved.');
    const saved = (await call(`/customers/v1/customer/${customer.customerId}/communicationPreferences`, { token: admin })).body;
    expect(saved.preferences).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'paymentReceipt', email: true, sms: false }),
        expect.objectContaining({ kind: 'billIssued', email: true, sms: false }),
      ]),
    );
  });

  it('downloads all its data as one JSON file', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download my data' }).click()]);
    expect(download.suggestedFilename()).toBe(`customer-${customer.customerId}.json`);
    const data = JSON.parse(await readFile((await download.path())!, 'utf8'));
    expect(data).toMatchObject({ customerId: customer.customerId, customer: { id: customer.customerId } });
    expect(data.bills.length).toBeGreaterThanOrEqual(1);
    expect(data.payments.length).toBeGreaterThanOrEqual(1);
  });
});

describe('an order the customer cancels before it starts', () => {
  let orderContext: BrowserContext;
  let orderPage: Page;
  let orderId: string;

  beforeAll(async () => {
    // Not on a test clock: the order waits for its requested start in real time (docs/orders.md).
    const email = `portal-cancel.${Date.now()}@example.fr`;
    const created = await call(customers, {
      method: 'POST',
      token: admin,
      body: {
        name: 'Portal Cancel',
        contactMedium: [
          { mediumType: 'email', preferred: true, characteristic: { emailAddress: email } },
          { mediumType: 'postalAddress', characteristic: { street1: '1 rue de Rivoli', postCode: '75001', city: 'Paris', country: 'FR' } },
        ],
        paymentMethod: [{ id: 'pm_card_visa', '@referredType': 'PaymentMethod' }],
      },
    });
    expect(created.status).toBe(201);
    const accountId = await eventually(async () => (await call<any[]>(`${accounts}?relatedParty.id=${created.body.id}`, { token: admin })).body[0]?.id as string | undefined);
    const placed = await call('/tmf-api/productOrderingManagement/v4/productOrder', {
      method: 'POST',
      token: admin,
      body: { billingAccount: { id: accountId }, requestedStartDate: new Date(Date.now() + 25_000).toISOString(), productOrderItem: [{ id: '1', action: 'add', productOffering: { id: await offeringNamed(admin, 'Mobile M') } }] },
    });
    expect(placed.status).toBe(201);
    orderId = placed.body.id;
    orderContext = await openContext(browser, { ...desktop, baseURL: apiUrl(), locale: 'en-GB' });
    orderPage = await orderContext.newPage();
    await signIn(orderPage, 'portal', { email });
  }, 60_000);

  afterAll(async () => {
    await orderContext?.close();
  });

  it('opens the order from its list, cancels it with a reason, and watches it end cancelled', async () => {
    await orderPage.getByRole('link', { name: 'Orders' }).click();
    await orderPage.getByRole('link', { name: 'Mobile M' }).click();
    await orderPage.getByRole('heading', { name: `Order ${orderId}` }).waitFor();
    await expectAccessible(orderPage, 'an order');
    await orderPage.getByRole('button', { name: 'Cancel this order…' }).click();
    await orderPage.getByLabel('Why? (optional)').fill('Found a better deal');
    await orderPage.getByRole('button', { name: 'Yes, cancel the order' }).click();
    await orderPage.getByText(/^We are cancelling your order/).waitFor();
    // The page reads the order again while it moves: once the saga reaches its gate, it is cancelled.
    await expect.poll(() => orderPage.locator('.facts .status').first().innerText(), { timeout: 45_000, interval: 1_000 }).toBe('Cancelled');
    const order = (await call(`/tmf-api/productOrderingManagement/v4/productOrder/${orderId}`, { token: admin })).body;
    expect(order).toMatchObject({ state: 'cancelled', cancellationReason: 'Found a better deal' });
    expect(await orderPage.getByRole('button', { name: 'Cancel this order…' }).count()).toBe(0);
  }, 90_000);
});
