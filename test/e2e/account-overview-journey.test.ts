import { beforeAll, describe, expect, it } from 'vitest';
import { accountOverviewSchema } from '../../domain/billing/account-overview.js';
import { accountsPath, advanceClock, customerOnClock, offeringNamed, orderOffering } from '../support/clock-journey.js';
import { call, eventually, tokenFor } from '../support/local-api.js';

/**
 * A customer's home screen over HTTP against the local runtime (docs/billing.md, "Account
 * overview"): Ada, in Paris on a test clock billed on the 1st, takes Mobile M (the demo catalog's,
 * 20 GB included, in its launch promotion) on 16 January 2027 and uses 22.5 GB by the 25th. Her
 * overview then shows her account as TMF666 serves it, her order's bill as the latest, her bill
 * of 1 February with its estimate, and her data against the allowance, all at her clock's time.
 * The clock then goes past 1 February: the billing run issues a bill for exactly the amount
 * estimated (the estimate is the run's own computation), and nothing the overview read was
 * written meanwhile. Bea, on the same clock, gets 404 for Ada's overview, as for an unknown one.
 */
const overviewPath = '/billing/v1/accountOverview';
const usagePath = '/tmf-api/usageManagement/v4/usage';
const billsPath = '/tmf-api/customerBillManagement/v4/customerBill';

const soldAt = '2027-01-16T10:00:00+01:00';
const january25 = '2027-01-25T11:00:00.000Z'; // 25 January 12:00 in Paris
const february3 = '2027-02-03T11:00:00.000Z'; // 3 February 12:00 in Paris, past the bill of 1 February
const february1 = '2027-01-31T23:00:00.000Z';
const march1 = '2027-02-28T23:00:00.000Z';

let admin: string;
let clockId: string;
const people: Record<'ada' | 'bea', { customerId: string; accountId: string; token: string; productId: string }> = {} as never;
let estimated: any;

const record = (productId: string, usageDate: string, quantity: number, recordId: string) => ({
  usageDate,
  usageType: 'data',
  usageCharacteristic: [
    { name: 'productId', value: productId },
    { name: 'quantity', value: quantity },
    { name: 'unit', value: 'GB' },
    { name: 'recordId', value: recordId },
  ],
});

async function overviewOf(customerId: string, token: string) {
  const answer = await call(`${overviewPath}?relatedParty.id=${encodeURIComponent(customerId)}`, { token });
  if (answer.status === 200) expect(accountOverviewSchema.safeParse(answer.body).error?.issues).toBeUndefined();
  return answer;
}

async function billsOf(customerId: string): Promise<any[]> {
  const listed = await call<any[]>(`${billsPath}?relatedParty.id=${customerId}`, { token: admin });
  expect(listed.status).toBe(200);
  return listed.body;
}

beforeAll(async () => {
  admin = await tokenFor('admin');
  const mobileM = await offeringNamed(admin, 'Mobile M');
  const clock = await call('/billing/v1/testClock', { method: 'POST', token: admin, body: { name: 'account overview journey', frozenTime: soldAt } });
  expect(clock.status).toBe(201);
  clockId = clock.body.id;
  const [ada, bea] = await Promise.all([customerOnClock(admin, clockId, 'ada'), customerOnClock(admin, clockId, 'bea')]);
  const [adaOrder, beaOrder] = await Promise.all([orderOffering(admin, ada.accountId, mobileM), orderOffering(admin, bea.accountId, mobileM)]);
  people.ada = { customerId: ada.customerId, accountId: ada.accountId, token: ada.token, productId: adaOrder.productOrderItem[0].product.id };
  people.bea = { customerId: bea.customerId, accountId: bea.accountId, token: bea.token, productId: beaOrder.productOrderItem[0].product.id };
}, 120_000);

describe("a customer's home screen in one read (Mobile M, Paris, test clock)", () => {
  it('25 Jan: the account as TMF666 serves it, the order’s bill, the bill of 1 February estimated, 22.5 GB of 20 used; all at the clock’s time', async () => {
    await advanceClock(admin, clockId, january25);
    for (const [date, quantity, id] of [['2027-01-20T09:15:00+01:00', 1.5, 'overview-1'], ['2027-01-22T14:00:00+01:00', 21, 'overview-2']] as const) {
      const posted = await call(usagePath, { method: 'POST', token: admin, body: record(people.ada.productId, date, quantity, id) });
      expect(posted.status).toBe(201);
      expect(posted.body.status).toBe('rated');
    }

    const answer = await overviewOf(people.ada.customerId, people.ada.token);
    expect(answer.status).toBe(200);
    // The clock rule: every instant is the clock's, never the system's.
    expect(answer.body.customer).toEqual({ id: people.ada.customerId });
    expect(answer.body.asOf).toBe(january25);
    expect(answer.body.accounts).toHaveLength(1);
    const [entry] = answer.body.accounts;
    expect(entry.asOf).toBe(january25);

    // The account exactly as GET /billingAccount/{id} answers it, to the same caller.
    const account = await call(`${accountsPath}/${people.ada.accountId}`, { token: people.ada.token });
    expect(entry.billingAccount).toEqual(account.body);
    expect(entry.billingAccount).toMatchObject({ paymentStatus: 'paidUp', testClock: { id: clockId }, accountBalance: [{ amount: { unit: 'EUR', value: 0 } }] });

    // The newest issued bill: the order's (the activation fee, paid by the order).
    const issued = (await billsOf(people.ada.customerId)).filter((bill) => bill.state !== 'new');
    expect(issued).toHaveLength(1);
    expect(entry.latestBill).toEqual({
      id: issued[0].id,
      href: issued[0].href,
      billNo: issued[0].billNo,
      billDate: issued[0].billDate,
      paymentDueDate: issued[0].paymentDueDate,
      state: 'settled',
      taxIncludedAmount: issued[0].taxIncludedAmount,
      remainingAmount: { unit: 'EUR', value: 0 },
    });

    // The bill of 1 February: January from the 16th and February in advance, and the 2.5 GB beyond the allowance.
    expect(entry.nextBill).toMatchObject({ billDate: february1, billingPeriod: { startDateTime: '2026-12-31T23:00:00.000Z', endDateTime: february1 } });
    const { estimate } = entry.nextBill;
    expect(estimate.usageUpTo).toBe(january25);
    expect(estimate.lines.map((line: any) => line.type)).toEqual(['recurring', 'recurring', 'usage']);
    expect(estimate.lines.every((line: any) => line.product?.id === people.ada.productId)).toBe(true);
    const cents = (amount: { value: number }) => Math.round(amount.value * 100);
    expect(estimate.lines.reduce((sum: number, line: any) => sum + cents(line.amount), 0)).toBe(cents(estimate.taxExcludedAmount));
    expect(cents(estimate.taxExcludedAmount) + cents(estimate.taxAmount)).toBe(cents(estimate.taxIncludedAmount));
    expect(estimate.creditBroughtForward).toBeUndefined();
    estimated = estimate;

    // January's data against the 20 GB, as the usage summary counts it, without the days.
    expect(entry.usage).toHaveLength(1);
    expect(entry.usage[0]).toMatchObject({ product: { id: people.ada.productId, name: 'Mobile M' }, start: '2026-12-31T23:00:00.000Z', end: february1, asOf: january25, truncated: false });
    expect(entry.usage[0].prices).toEqual([expect.objectContaining({ usageType: 'data', unit: 'GB', included: '20', used: '22.5', remainingIncluded: '0' })]);
    expect(entry.usage[0].prices[0].days).toBeUndefined();
    const summary = await call(`/usage/v1/usageSummary?product.id=${people.ada.productId}`, { token: people.ada.token });
    const { days: _days, ...summarised } = summary.body.periods[0].usage[0];
    expect(entry.usage[0].prices[0]).toEqual(summarised);

    // Staff read anyone's overview: the same answer.
    const staff = await overviewOf(people.ada.customerId, admin);
    expect(staff.body).toEqual(answer.body);

    // Read-only: no bill of 1 February was written, the records still wait for it.
    expect((await billsOf(people.ada.customerId)).filter((bill) => bill.billDate === february1)).toEqual([]);
    const waiting = await call<any[]>(`${usagePath}?product.id=${people.ada.productId}&status=rated`, { token: admin });
    expect(waiting.body).toHaveLength(2);
  }, 120_000);

  it("another customer's overview answers 404, exactly as an unknown customer's; a missing relatedParty.id is a 400 naming it", async () => {
    const foreign = await overviewOf(people.ada.customerId, people.bea.token);
    expect(foreign.status).toBe(404);
    const unknown = await overviewOf('no-such-customer', people.bea.token);
    expect(unknown.status).toBe(404);
    expect(foreign.body.message).toBe(unknown.body.message.replace('no-such-customer', people.ada.customerId));
    expect({ ...foreign.body, message: undefined }).toEqual({ ...unknown.body, message: undefined });
    const staffUnknown = await overviewOf('no-such-customer', admin);
    expect(staffUnknown.status).toBe(404);
    expect(staffUnknown.body.message).toBe(unknown.body.message);

    const missing = await call(overviewPath, { token: people.bea.token });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).toContain('relatedParty.id');
    const own = await overviewOf(people.bea.customerId, people.bea.token);
    expect(own.status).toBe(200);
    expect(own.body.accounts[0].usage[0].prices[0]).toMatchObject({ included: '20', used: '0', remainingIncluded: '20' });
  }, 60_000);

  it('3 Feb, past the bill of 1 February: the billing run issued exactly the amount estimated; the overview moves on to 1 March', async () => {
    await advanceClock(admin, clockId, february3);
    const bill = (await billsOf(people.ada.customerId)).find((candidate) => candidate.billDate === february1 && candidate.runType === 'onCycle');
    expect(bill, 'the bill of 1 February').toBeDefined();
    // The strong check: the estimate is the billing run's own computation.
    expect(bill.taxIncludedAmount).toEqual(estimated.taxIncludedAmount);
    expect(bill.taxExcludedAmount).toEqual(estimated.taxExcludedAmount);
    const lines = await call<any[]>(`/tmf-api/customerBillManagement/v4/appliedCustomerBillingRate?bill.id=${bill.id}`, { token: admin });
    expect(lines.body.map((line) => [line.type, line.name, line.description, line.taxExcludedAmount, line.product?.id])).toEqual(estimated.lines.map((line: any) => [line.type, line.name, line.description, line.amount, line.product?.id]));

    // Collected from the card at issue, by the rule on CustomerBillIssued: read once it is settled, the balance then still.
    await eventually(async () => ((await call(`${billsPath}/${bill.id}`, { token: admin })).body.state === 'settled' ? true : undefined), 30_000);
    const answer = await overviewOf(people.ada.customerId, people.ada.token);
    expect(answer.status).toBe(200);
    expect(answer.body.asOf).toBe(february3);
    const [entry] = answer.body.accounts;
    expect(entry.latestBill).toMatchObject({ id: bill.id, billNo: bill.billNo, billDate: february1, state: 'settled', taxIncludedAmount: bill.taxIncludedAmount, remainingAmount: { unit: 'EUR', value: 0 } });
    expect(entry.nextBill).toMatchObject({ billDate: march1, billingPeriod: { startDateTime: february1, endDateTime: march1 } });
    expect(entry.nextBill.estimate.usageUpTo).toBe(february3);
    expect(entry.usage[0]).toMatchObject({ start: february1, end: march1, asOf: february3 });
    expect(entry.usage[0].prices[0]).toMatchObject({ included: '20', used: '0', remainingIncluded: '20' });
    const account = await call(`${accountsPath}/${people.ada.accountId}`, { token: admin });
    expect(entry.billingAccount).toEqual(account.body);
  }, 120_000);
});
