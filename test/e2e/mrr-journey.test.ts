import { beforeAll, describe, expect, it } from 'vitest';
import { advanceClock, customerOnClock, offeringNamed, orderOffering } from '../support/clock-journey.js';
import { apiUrl, call, eventually, tokenFor } from '../support/local-api.js';

/**
 * MRR movements over HTTP against the local runtime, on a test clock (docs/revenue-recognition.md,
 * "MRR and ARR"; demo catalog, prices including 20 % VAT): a customer in Paris orders Mobile M in
 * its launch promotion on 16 January 2027 (10.00 → 8.33 tax excluded: new MRR), upgrades to Mobile L
 * on 10 March (25.00: expansion), downgrades to Mobile S on 5 May (10.00 → 8.33: contraction) and
 * leaves on 20 June (churn). Each move is read back from GET /reports/v1/mrr with the clock's id;
 * the live report knows nothing of the clock's months.
 */
const ordering = '/tmf-api/productOrderingManagement/v4/productOrder';
const eur = (value: number) => ({ unit: 'EUR', value });

let admin: string;
let clockId: string;
let accountId: string;
let customerToken: string;
let productId: string;
const offerings = new Map<string, string>();

async function order(items: unknown[]) {
  const placed = await call(ordering, { method: 'POST', token: admin, body: { billingAccount: { id: accountId }, productOrderItem: items } });
  expect(placed.status).toBe(201);
  const done = await eventually(async () => {
    const current = await call(`${ordering}/${placed.body.id}`, { token: admin });
    return ['completed', 'partial', 'failed', 'cancelled'].includes(current.body.state) ? current.body : undefined;
  }, 30_000);
  expect(done.state).toBe('completed');
}

/** The clock's MRR report of `month`, once its EUR row satisfies `settled` (the read model is kept from events, a moment later). */
async function mrrOf(month: string, settled: (row: any) => boolean) {
  return eventually(async () => {
    const answer = await call(`/reports/v1/mrr?month=${month}&testClock.id=${clockId}`, { token: admin });
    expect(answer.status).toBe(200);
    const row = answer.body.mrr.find((candidate: any) => candidate.currency === 'EUR');
    return row && settled(row) ? row : undefined;
  }, 30_000);
}

beforeAll(async () => {
  admin = await tokenFor('admin');
  for (const name of ['Mobile S', 'Mobile M', 'Mobile L']) offerings.set(name, await offeringNamed(admin, name));
  const clock = await call('/billing/v1/testClock', { method: 'POST', token: admin, body: { name: 'mrr journey', frozenTime: '2027-01-16T10:00:00+01:00' } });
  expect(clock.status).toBe(201);
  clockId = clock.body.id;
  const person = await customerOnClock(admin, clockId, 'mrr');
  accountId = person.accountId;
  customerToken = person.token;
}, 120_000);

describe('MRR on a test clock: a customer orders, upgrades, downgrades and leaves', () => {
  it('16 Jan: Mobile M in the launch promotion is new MRR, 8.33', async () => {
    const done = await orderOffering(admin, accountId, offerings.get('Mobile M')!);
    productId = done.productOrderItem[0].product.id;
    const january = await mrrOf('2027-01', (row) => row.activeProducts === 1);
    expect(january).toEqual({
      currency: 'EUR',
      startingMrr: eur(0),
      newMrr: eur(8.33),
      expansionMrr: eur(0),
      contractionMrr: eur(0),
      churnedMrr: eur(0),
      mrr: eur(8.33),
      arr: eur(99.96),
      activeCustomers: 1,
      activeProducts: 1,
      arpu: eur(8.33),
    });
  }, 60_000);

  it('10 Mar: the upgrade to Mobile L is expansion, 16.67; February moved nothing', async () => {
    await advanceClock(admin, clockId, '2027-03-10T13:00:00+01:00');
    await order([{ id: '1', action: 'modify', product: { id: productId }, productOffering: { id: offerings.get('Mobile L') } }]);
    expect(await mrrOf('2027-03', (row) => row.mrr.value === 25)).toMatchObject({ startingMrr: eur(8.33), newMrr: eur(0), expansionMrr: eur(16.67), mrr: eur(25), arr: eur(300), activeCustomers: 1 });
    expect(await mrrOf('2027-02', () => true)).toMatchObject({ startingMrr: eur(8.33), newMrr: eur(0), expansionMrr: eur(0), mrr: eur(8.33) });
  }, 120_000);

  it('5 May: the downgrade to Mobile S is contraction, 16.67', async () => {
    await advanceClock(admin, clockId, '2027-05-05T12:00:00+02:00');
    await order([{ id: '1', action: 'modify', product: { id: productId }, productOffering: { id: offerings.get('Mobile S') } }]);
    expect(await mrrOf('2027-05', (row) => row.mrr.value === 8.33)).toMatchObject({ startingMrr: eur(25), contractionMrr: eur(16.67), mrr: eur(8.33), activeCustomers: 1, activeProducts: 1 });
  }, 120_000);

  it('20 Jun: leaving is churn, 8.33; no active customer is left', async () => {
    await advanceClock(admin, clockId, '2027-06-20T12:00:00+02:00');
    await order([{ id: '1', action: 'delete', product: { id: productId } }]);
    expect(await mrrOf('2027-06', (row) => row.activeCustomers === 0)).toMatchObject({ startingMrr: eur(8.33), churnedMrr: eur(8.33), mrr: eur(0), arr: eur(0), activeProducts: 0, arpu: eur(0) });
  }, 120_000);

  it('as CSV; refused to the customer (403), for a month the clock has not reached (400 naming month)', async () => {
    const csv = await fetch(`${apiUrl()}/reports/v1/mrr?month=2027-03&testClock.id=${clockId}`, { headers: { authorization: `Bearer ${admin}`, accept: 'text/csv' } });
    expect(csv.status).toBe(200);
    expect(await csv.text()).toBe('month,currency,startingMrr,newMrr,expansionMrr,contractionMrr,churnedMrr,mrr,arr,activeCustomers,activeProducts,arpu\r\n2027-03,EUR,8.33,0.00,16.67,0.00,0.00,25.00,300.00,1,1,25.00\r\n');
    expect((await call(`/reports/v1/mrr?month=2027-03&testClock.id=${clockId}`, { token: customerToken })).status).toBe(403);
    const later = await call(`/reports/v1/mrr?month=2027-07&testClock.id=${clockId}`, { token: admin });
    expect(later.status).toBe(400);
    expect(later.body.message).toContain('month');
  });

  it("the live report leaves the clock's data out", async () => {
    // The clock's months are of its own ledger; live, either they have not begun (the system's time is before them) or they hold none of the clock's movements.
    const live = await call('/reports/v1/mrr?month=2027-01', { token: admin });
    if (live.status === 400) expect(live.body.message).toContain('has not begun yet');
    else expect(live.body.testClock).toBeUndefined();
    const now = new Date().toISOString().slice(0, 7);
    const current = await call(`/reports/v1/mrr?month=${now}`, { token: admin });
    expect(current.status).toBe(200);
    expect(current.body).toMatchObject({ month: now, monthOver: false });
    expect(current.body.testClock).toBeUndefined();
  });
});
