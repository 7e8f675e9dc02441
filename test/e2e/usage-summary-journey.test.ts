import { beforeAll, describe, expect, it } from 'vitest';
import { usageSummarySchema } from '../../domain/usage/usage-summary.js';
import { advanceClock, customerOnClock, offeringNamed, orderOffering } from '../support/clock-journey.js';
import { call, tokenFor } from '../support/local-api.js';

/**
 * The usage summary a portal draws its charts from (docs/usage.md, "Usage summary"), over HTTP
 * against the local runtime: Ada, in Paris on a test clock billed on the 1st, takes Mobile M (the
 * demo catalog's: 20 GB included a month, data beyond at 2.00 then 1.00 a GB) on 16 January
 * 2027. Her data on two January days shows on those days, with the allowance and zeros on every
 * other day up to her clock's now; a record no price of the plan counts (SMS) is rejected and
 * shows nowhere. Once the clock is past the bill of 1 February, January is the previous period,
 * whole, and February the current one. Bea, on the same clock, gets 404 for Ada's product.
 */
const usagePath = '/tmf-api/usageManagement/v4/usage';
const summaryPath = '/usage/v1/usageSummary';

const soldAt = '2027-01-16T10:00:00+01:00';
const january25 = '2027-01-25T11:00:00.000Z'; // 25 January 12:00 in Paris
const february3 = '2027-02-03T11:00:00.000Z'; // 3 February 12:00 in Paris, past the bill of 1 February

let admin: string;
let clockId: string;
const people: Record<'ada' | 'bea', { customerId: string; token: string; productId: string }> = {} as never;

const record = (productId: string, usageDate: string, quantity: number, unit: string, recordId: string) => ({
  usageDate,
  usageType: 'data',
  usageCharacteristic: [
    { name: 'productId', value: productId },
    { name: 'quantity', value: quantity },
    { name: 'unit', value: unit },
    { name: 'recordId', value: recordId },
  ],
});

async function post(body: ReturnType<typeof record>, status: 'rated' | 'rejected') {
  const answer = await call(usagePath, { method: 'POST', token: admin, body });
  expect(answer.status).toBe(201);
  expect(answer.body.status).toBe(status);
}

async function summaryOf(productId: string, token: string) {
  const answer = await call(`${summaryPath}?product.id=${encodeURIComponent(productId)}`, { token });
  if (answer.status === 200) expect(usageSummarySchema.safeParse(answer.body).error?.issues).toBeUndefined();
  return answer;
}

/** The days a data entry used something on, and how many days it lists. */
const usedDays = (entry: { days: { date: string; quantity: string }[] }) => entry.days.filter((day) => day.quantity !== '0');

beforeAll(async () => {
  admin = await tokenFor('admin');
  const mobileM = await offeringNamed(admin, 'Mobile M');
  const clock = await call('/billing/v1/testClock', { method: 'POST', token: admin, body: { name: 'usage summary journey', frozenTime: soldAt } });
  expect(clock.status).toBe(201);
  clockId = clock.body.id;
  const [ada, bea] = await Promise.all([customerOnClock(admin, clockId, 'ada'), customerOnClock(admin, clockId, 'bea')]);
  const [adaOrder, beaOrder] = await Promise.all([orderOffering(admin, ada.accountId, mobileM), orderOffering(admin, bea.accountId, mobileM)]);
  people.ada = { customerId: ada.customerId, token: ada.token, productId: adaOrder.productOrderItem[0].product.id };
  people.bea = { customerId: bea.customerId, token: bea.token, productId: beaOrder.productOrderItem[0].product.id };
}, 120_000);

describe('a product’s usage against its allowance, per day, current and previous period (Mobile M, Paris, test clock)', () => {
  it('25 Jan: the two days with data show their totals, the 20 GB allowance what is left, every other day 0; no previous period yet', async () => {
    await advanceClock(admin, clockId, january25);
    const { productId } = people.ada;
    await post(record(productId, '2027-01-20T09:15:00+01:00', 1.5, 'GB', 'summary-1'), 'rated');
    await post(record(productId, '2027-01-20T23:40:00+01:00', 500, 'MB', 'summary-2'), 'rated');
    await post(record(productId, '2027-01-22T14:00:00+01:00', 3.25, 'GB', 'summary-3'), 'rated');
    // Mobile M counts no SMS: stored rejected, counted nowhere.
    await post(record(productId, '2027-01-21T10:00:00+01:00', 4, 'SMS', 'summary-4'), 'rejected');

    const answer = await summaryOf(productId, people.ada.token);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ product: { id: productId, name: 'Mobile M' }, timeZone: 'Europe/Paris' });
    expect(answer.body.periods).toHaveLength(1);
    const [current] = answer.body.periods;
    expect(current).toMatchObject({ which: 'current', start: '2026-12-31T23:00:00.000Z', end: '2027-01-31T23:00:00.000Z', asOf: january25, truncated: false });
    // Only the data price has an allowance, and the calls are unused: one entry.
    expect(current.usage).toHaveLength(1);
    const [data] = current.usage;
    expect(data).toMatchObject({ usageType: 'data', usagePrice: { name: 'Mobile M data overage' }, productOffering: { name: 'Mobile M' }, unit: 'GB', included: '20', used: '5.25', remainingIncluded: '14.75' });
    expect(data.validFor.startDateTime).toBe('2027-01-16T09:00:00.000Z');
    expect(data.days).toHaveLength(25);
    expect(data.days[0]).toEqual({ date: '2027-01-01', quantity: '0' });
    expect(data.days.at(-1)).toEqual({ date: '2027-01-25', quantity: '0' });
    expect(usedDays(data)).toEqual([
      { date: '2027-01-20', quantity: '2' },
      { date: '2027-01-22', quantity: '3.25' },
    ]);
  }, 120_000);

  it('3 Feb, past the bill of 1 February: January is the previous period, whole; February the current one', async () => {
    await advanceClock(admin, clockId, february3);
    await post(record(people.ada.productId, '2027-02-02T08:00:00+01:00', 0.75, 'GB', 'summary-5'), 'rated');
    const answer = await summaryOf(people.ada.productId, people.ada.token);
    expect(answer.status).toBe(200);
    const [current, previous] = answer.body.periods;
    expect(current).toMatchObject({ which: 'current', start: '2027-01-31T23:00:00.000Z', end: '2027-02-28T23:00:00.000Z', asOf: february3 });
    expect(current.usage[0]).toMatchObject({ included: '20', used: '0.75', remainingIncluded: '19.25' });
    expect(current.usage[0].days).toEqual([
      { date: '2027-02-01', quantity: '0' },
      { date: '2027-02-02', quantity: '0.75' },
      { date: '2027-02-03', quantity: '0' },
    ]);
    expect(previous).toMatchObject({ which: 'previous', start: '2026-12-31T23:00:00.000Z', end: '2027-01-31T23:00:00.000Z', asOf: '2027-01-31T23:00:00.000Z' });
    // January's records were billed on 1 February: billed records count as rated ones did.
    expect(previous.usage[0]).toMatchObject({ included: '20', used: '5.25', remainingIncluded: '14.75' });
    expect(previous.usage[0].days).toHaveLength(31);
    expect(usedDays(previous.usage[0])).toEqual([
      { date: '2027-01-20', quantity: '2' },
      { date: '2027-01-22', quantity: '3.25' },
    ]);
    const billed = await call<any[]>(`${usagePath}?product.id=${people.ada.productId}&status=billed`, { token: admin });
    expect(billed.body).toHaveLength(3);

    // Staff read any product's summary: the same answer.
    const staff = await summaryOf(people.ada.productId, admin);
    expect(staff.body).toEqual(answer.body);
  }, 120_000);

  it("another customer's product answers 404, as an unknown one does; her own answers", async () => {
    const foreign = await summaryOf(people.ada.productId, people.bea.token);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toMatchObject({ code: 'NOT_FOUND', status: '404' });
    const unknown = await summaryOf('no-such-product', people.bea.token);
    expect(unknown.status).toBe(404);
    const own = await summaryOf(people.bea.productId, people.bea.token);
    expect(own.status).toBe(200);
    expect(own.body.periods.map((period: { usage: { used: string }[] }) => period.usage.map((entry) => entry.used))).toEqual([['0'], ['0']]);
  }, 60_000);
});
