import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desktop, launchChromium, openContext, phone, signIn } from '../support/browser.js';
import { expectAccessible, expectFitsWidth } from '../support/browser-checks.js';
import { advanceClock, customerOnClock, offeringNamed, orderOffering, setCardOnFile } from '../support/clock-journey.js';
import { apiUrl, call, eventually, tokenFor } from '../support/local-api.js';

/**
 * The customer portal in a real browser (Debian's Chromium, driven by Playwright) against the
 * shared runtime, with axe-core on every page visited. A customer in Paris on a test clock whose
 * card declines has its first bill (1 Feb 2027) unpaid; on 1 March, day 14 of dunning, its
 * service is suspended (docs/collections.md). It signs in, is told, tries the declined card,
 * adds another, pays, and sees its service back. Then: the portal at 375 px, the demo customer
 * in French, editing a URL to another customer's bill, a failing API, the keyboard alone.
 */
const bills = '/tmf-api/customerBillManagement/v4/customerBill';

let browser: Browser;
let admin: string;
let payer: { customerId: string; accountId: string; email: string };
let openBillId: string;

beforeAll(async () => {
  [browser, admin] = await Promise.all([launchChromium(), tokenFor('admin')]);
  const clock = await call('/billing/v1/testClock', { method: 'POST', token: admin, body: { name: 'portal journey', frozenTime: '2027-01-16T10:00:00+01:00' } });
  expect(clock.status).toBe(201);
  payer = await customerOnClock(admin, clock.body.id, 'portal-payer', 'pm_card_mastercard');
  await orderOffering(admin, payer.accountId, await offeringNamed(admin, 'Mobile M'));
  // From now on the account's card declines: the first bill is not collected.
  await setCardOnFile(admin, payer.accountId, 'pm_card_declined');
  await advanceClock(admin, clock.body.id, '2027-02-01T12:00:00+01:00');
  // Day 14 after the 15 February due date: a late run performs every step due, suspension last.
  await advanceClock(admin, clock.body.id, '2027-03-01T12:00:00+01:00');
  await eventually(async () => ((await call(`/collections/v1/dunning/${payer.accountId}`, { token: admin })).body?.suspended ? true : undefined), 30_000);
  const [bill] = (await call<any[]>(`${bills}?relatedParty.id=${payer.customerId}&runType=onCycle`, { token: admin })).body;
  openBillId = bill.id;
}, 240_000);

afterAll(async () => {
  await browser?.close();
});

describe('a suspended customer pays in the portal and gets its service back', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await openContext(browser, { ...desktop, baseURL: apiUrl(), locale: 'en-GB' });
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
  });

  it('signs in through the sign-in page and is told, on home, that its account is suspended', async () => {
    await signIn(page, 'portal', { email: payer.email });
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Your account');
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('Your account is suspended. Pay your open bills to restore your service.');
    await expect.poll(() => page.locator('.facts').innerText()).toContain('Overdue');
    await expectAccessible(page, 'home, suspended');
  });

  it('finds the open bill, and the declined card is refused with a plain message: nothing charged', async () => {
    await page.getByRole('link', { name: 'See your open bills' }).click();
    await page.getByRole('table').waitFor();
    await expectAccessible(page, 'bills');
    await page.locator(`a[href="/portal/bills/${openBillId}"]`).click();
    await page.getByRole('heading', { name: 'Pay this bill' }).waitFor();
    await expectAccessible(page, 'bill, open');
    await page.getByRole('button', { name: /^Pay / }).click();
    await page.getByRole('button', { name: /^Confirm: pay / }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('Your card was declined. Nothing was charged.');
    await expectAccessible(page, 'bill, payment declined');
  });

  it('adds a card on the payment methods page, makes it the one that pays its bills, removes its old card, pays the bill with the new one, and sees the bill paid', async () => {
    await page.getByRole('link', { name: 'Payment methods' }).click();
    await page.getByLabel('Card token').fill('pm_card_visa');
    await page.getByLabel('Name (optional)').fill('My Visa');
    await page.getByRole('button', { name: 'Add the card' }).click();
    await expect.poll(() => page.getByText('The card was added.').count()).toBe(1);
    await expectAccessible(page, 'payment methods');

    // The declined card staff put on the account is not one of the customer's own: it chooses its new Visa instead.
    await page.getByText(/^Your bills are collected today from pm_card_declined/).waitFor();
    await page.getByRole('radio', { name: 'My Visa' }).check();
    await page.getByRole('button', { name: 'Use this card' }).click();
    await page.getByText('From now on your bills are collected from this card.').waitFor();
    expect((await call(`/tmf-api/accountManagement/v4/billingAccount/${payer.accountId}`, { token: admin })).body.defaultPaymentMethod).toMatchObject({ id: 'pm_card_visa', name: 'My Visa' });
    // The card it registered with goes; the one paying its bills could not.
    await expect.poll(() => page.getByRole('button', { name: 'Remove My Visa' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Remove pm_card_mastercard' }).click();
    await page.getByRole('button', { name: 'Yes, remove it' }).click();
    await page.getByText('The card was removed.').waitFor();
    expect((await call(`/tmf-api/customerManagement/v4/customer/${payer.customerId}`, { token: admin })).body.paymentMethod.map((card: { id: string }) => card.id)).toEqual(['pm_card_visa']);
    await expectAccessible(page, 'payment methods, default chosen');

    await page.goto(`${apiUrl()}/portal/bills/${openBillId}`);
    await page.getByLabel('Card').selectOption('pm_card_visa');
    await page.getByRole('button', { name: /^Pay / }).click();
    await page.getByRole('button', { name: /^Confirm: pay / }).click();
    await expect.poll(() => page.getByRole('status').innerText(), { timeout: 15_000 }).toMatch(/^Thank you: .+ was paid\./);
    await expectAccessible(page, 'bill, paid');
  });

  it('home no longer calls for payment, and the product is active again', async () => {
    await expect
      .poll(
        async () => {
          await page.goto(`${apiUrl()}/portal/products`);
          return page.locator('.products .status').first().innerText();
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe('Active');
    // Bought on 16 January 2027 (its clock) before March: 50 % off for 3 months, as its bills apply it.
    expect(await page.locator('.products .prices').first().innerText()).toContain('Mobile M launch promotion: until 16 April 2027');
    await expectAccessible(page, 'products');
    await page.getByRole('link', { name: 'Home' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await expect.poll(() => page.locator('.facts').innerText()).not.toContain('Overdue');
    expect(await page.getByRole('alert').count()).toBe(0);
  });
});

describe('the portal at 375 px', () => {
  it('fits a phone’s width and passes axe on every page', async () => {
    const context = await openContext(browser, { ...phone, baseURL: apiUrl(), locale: 'en-GB' });
    try {
      const page = await context.newPage();
      await signIn(page, 'portal', { email: payer.email });
      const pages = [
        ['/portal/', 'Your account'],
        ['/portal/bills', 'Your bills'],
        [`/portal/bills/${openBillId}`, undefined],
        ['/portal/products', 'Your products'],
        ['/portal/orders', undefined],
        ['/portal/payment-methods', 'Payment methods'],
        ['/portal/support', 'Your support cases'],
        ['/portal/support/new', 'Open a support case'],
        ['/portal/usage', 'Your usage'],
        ['/portal/messages', 'Your messages'],
        ['/portal/profile', 'Your profile'],
      ] as const;
      for (const [path, heading] of pages) {
        await page.goto(`${apiUrl()}${path}`);
        // Loaded: the request behind the page has answered (no loading state left).
        await page.locator('main h1').waitFor();
        await expect.poll(() => page.locator('[aria-busy="true"], .loading').count()).toBe(0);
        if (heading) expect(await page.locator('main h1').innerText()).toBe(heading);
        // Nothing left of the static page the app replaced (its "Loading…").
        expect(await page.locator('#app > p').count()).toBe(0);
        await expectFitsWidth(page, path);
        await expectAccessible(page, `${path} at 375 px`);
      }
    } finally {
      await context.close();
    }
    // Eleven pages, each loaded, measured and checked by axe: about 20 s alone, three times that on a busy machine.
  }, 150_000);
});

describe('the demo customer', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await openContext(browser, { ...desktop, baseURL: apiUrl(), locale: 'fr-FR' });
    page = await context.newPage();
    await signIn(page, 'portal', { label: 'Camille Martin' });
  });
  afterAll(async () => {
    await context?.close();
  });

  it('reads the portal in French, as its browser asks, with the document’s language set', async () => {
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Votre compte');
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    await expect.poll(() => page.getByRole('navigation').innerText()).toContain('Factures');
    await expectAccessible(page, 'home in French');
  });

  it('sees the not-found page when it edits the URL to another customer’s bill', async () => {
    await page.goto(`${apiUrl()}/portal/bills/${openBillId}`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Page introuvable');
    expect(await page.getByText(payer.email).count()).toBe(0);
    await expectAccessible(page, 'not found');
  });

  it('is shown an error with a way to try again when the API fails, and the page once it answers', async () => {
    let failures = 0;
    await page.route(`**${bills}?**`, async (route) => {
      if (failures === 0) {
        failures += 1;
        await route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ code: 'unavailable', reason: 'Service unavailable', message: 'try again' }) });
      } else {
        await route.continue();
      }
    });
    try {
      await page.getByRole('link', { name: 'Factures' }).click();
      const retry = page.getByRole('button', { name: 'Réessayer' });
      await retry.waitFor();
      await expectAccessible(page, 'error state');
      await retry.click();
      await page.getByRole('table').waitFor();
      expect(failures).toBe(1);
    } finally {
      await page.unroute(`**${bills}?**`);
    }
  });

  it('gets around with the keyboard alone: the skip link first, then a bill from the list', async () => {
    await page.goto(`${apiUrl()}/portal/bills`);
    await page.getByRole('table').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Aller au contenu');
    await page.keyboard.press('Enter');
    // From the main content, Tab reaches the first bill's link; Enter opens it.
    let reached = '';
    for (let presses = 0; presses < 10 && !reached.includes('/portal/bills/'); presses += 1) {
      await page.keyboard.press('Tab');
      reached = ((await page.evaluate("document.activeElement?.getAttribute('href')")) as string | null) ?? '';
    }
    expect(reached).toContain('/portal/bills/');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === reached);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toMatch(/^Facture /);
  });
});
