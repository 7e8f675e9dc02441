import { beforeAll, describe, expect, it } from 'vitest';
import { call, eventually, newCustomerBody, tokenFor } from '../support/local-api.js';
import { expectValidTmf, tmf635, tmf637, tmf678 } from '../support/tmf-schema.js';

/**
 * Billing over HTTP against the local runtime, as a new user would try it: customers in Paris on
 * one test clock, mid-month starts, usage with a repeat and a late record, a promotion ending
 * mid-period, a plan change and a termination, the clock advanced month after month across the
 * spring daylight-saving change. Every amount is worked out here from the rules of
 * docs/billing.md (seconds covered ÷ seconds in the period, rounded half-even once per line),
 * not read from the billing code.
 *
 * The timeline (Paris time): 16 Jan 10:00 A and C order Mobile M in the launch promotion
 * (20.00 − 50 % for 3 months); 31 Jan A's usage arrives; 1 Feb bills; a late January record
 * arrives; 1 Mar bills; 10 Mar 13:00 A changes to Mobile L, B orders Mobile L; 1 Apr bills
 * (C's promotion ends 16 Apr: its April is split); 14 Apr B leaves; 1 May bills.
 */
const customers = '/tmf-api/customerManagement/v4/customer';
const ordering = '/tmf-api/productOrderingManagement/v4';
const bills = '/tmf-api/customerBillManagement/v4';
const usageApi = '/tmf-api/usageManagement/v4/usage';
const products = '/tmf-api/productInventory/v4/product';

let admin: string;
let clockId: string;
const offerings = new Map<string, string>();
const people: Record<'a' | 'b' | 'c', { customerId: string; accountId: string; productId?: string; token: string }> = {} as never;

/** Half-even rounding of a cents amount given as numerator / denominator (both integers). */
function roundHalfEven(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  const twice = (numerator - quotient * denominator) * 2n;
  if (twice > denominator) return quotient + 1n;
  if (twice < denominator) return quotient;
  return quotient % 2n === 0n ? quotient : quotient + 1n;
}
const seconds = (iso: string) => BigInt(Math.floor(Date.parse(iso) / 1000));
/** `cents` of a price covering [periodStart, periodEnd), for [from, to): rounded half-even, in euros. */
function prorated(cents: number, from: string, to: string, periodStart: string, periodEnd: string): number {
  return Number(roundHalfEven(BigInt(cents) * (seconds(to) - seconds(from)), seconds(periodEnd) - seconds(periodStart))) / 100;
}
/** The duty-free part of a tax-included amount at 20 % VAT, rounded half-even. */
const dutyFree = (euros: number) => Number(roundHalfEven(BigInt(Math.round(euros * 100)) * 100n, 120n)) / 100;
const sum = (values: number[]) => Math.round(values.reduce((total, value) => total + value * 100, 0)) / 100;

// Boundaries in UTC: 1 Feb, 1 Mar 00:00 CET; 1 Apr, 1 May 00:00 CEST (the clocks go forward on 28 March).
const jan1 = '2026-12-31T23:00:00.000Z';
const feb1 = '2027-01-31T23:00:00.000Z';
const mar1 = '2027-02-28T23:00:00.000Z';
const apr1 = '2027-03-31T22:00:00.000Z';
const may1 = '2027-04-30T22:00:00.000Z';
const jun1 = '2027-05-31T22:00:00.000Z';
const start = '2027-01-16T09:00:00.000Z'; // 16 Jan 10:00 Paris
const promotionEnd = '2027-04-16T08:00:00.000Z'; // 3 calendar months later, 10:00 Paris (summer time)
const change = '2027-03-10T12:00:00.000Z'; // 10 Mar 13:00 Paris
const leaving = '2027-04-13T22:00:00.000Z'; // 14 Apr 00:00 Paris

async function advanceTo(frozenTime: string) {
  const advanced = await call(`/billing/v1/testClock/${clockId}/advance`, { method: 'POST', token: admin, body: { frozenTime } });
  expect([200, 202]).toContain(advanced.status);
  await eventually(async () => ((await call(`/billing/v1/testClock/${clockId}`, { token: admin })).body.status === 'ready' ? true : undefined), 60_000);
}

async function customerOnClock(name: string) {
  const created = await call(customers, {
    method: 'POST',
    token: admin,
    body: newCustomerBody({
      name,
      testClock: { id: clockId },
      contactMedium: [
        { mediumType: 'email', preferred: true, characteristic: { emailAddress: `billing.${name}.${Date.now()}.${Math.random().toString(36).slice(2)}@example.fr` } },
        { mediumType: 'postalAddress', characteristic: { street1: '1 rue de Rivoli', postCode: '75001', city: 'Paris', country: 'FR' } },
      ],
      paymentMethod: [{ id: 'pm_card_visa', '@referredType': 'PaymentMethod' }],
      characteristic: [
        { name: 'timeZone', value: 'Europe/Paris' },
        { name: 'billingCycleDay', value: 1 },
      ],
    }),
  });
  expect(created.status).toBe(201);
  const accountId = await eventually(async () => (await call<any[]>(`/tmf-api/accountManagement/v4/billingAccount?relatedParty.id=${created.body.id}`, { token: admin })).body[0]?.id as string | undefined);
  return { customerId: created.body.id as string, accountId, token: await tokenFor('customer', created.body.id) };
}

async function order(accountId: string, items: unknown[]) {
  const placed = await call(`${ordering}/productOrder`, { method: 'POST', token: admin, body: { billingAccount: { id: accountId }, productOrderItem: items } });
  expect(placed.status).toBe(201);
  const done = await eventually(async () => {
    const current = await call(`${ordering}/productOrder/${placed.body.id}`, { token: admin });
    return ['completed', 'partial', 'failed', 'cancelled'].includes(current.body.state) ? current.body : undefined;
  }, 30_000);
  expect(done.state).toBe('completed');
  return done;
}

/** The regular (onCycle) bill of a customer dated `billDate`, with its lines. */
async function billOn(customerId: string, billDate: string) {
  const listed = await call<any[]>(`${bills}/customerBill?relatedParty.id=${customerId}&runType=onCycle`, { token: admin });
  const bill = listed.body.find((candidate) => candidate.billDate === billDate);
  if (!bill) return undefined;
  const lines = await call<any[]>(`${bills}/appliedCustomerBillingRate?bill.id=${bill.id}`, { token: admin });
  return { bill, lines: lines.body };
}

/** A product's promotions (alterations with an applicationDuration), with the dates a product read gives them. */
const promotionsOf = (product: any) =>
  product.productPrice
    .flatMap((price: any) => price.productPriceAlteration ?? [])
    .filter((alteration: any) => alteration.applicationDuration !== undefined)
    .map(({ name, applicationDuration, validFor }: any) => ({ name, applicationDuration, validFor }));

const shape = (lines: any[]) =>
  lines.map((line) => ({ type: line.type, name: line.name, from: line.periodCoverage?.startDateTime, to: line.periodCoverage?.endDateTime, amount: line.taxIncludedAmount.value }));

function expectBalanced(bill: any, lines: any[]) {
  expectValidTmf(tmf678, 'CustomerBill', bill);
  for (const line of lines) expectValidTmf(tmf678, 'AppliedCustomerBillingRate', line);
  expect(bill.taxIncludedAmount.value).toBe(sum(lines.map((line) => line.taxIncludedAmount.value)));
  expect(bill.taxExcludedAmount.value).toBe(sum(lines.map((line) => line.taxExcludedAmount.value)));
  expect(bill.amountDue.value).toBe(Math.max(0, bill.taxIncludedAmount.value));
  // Issued `validated`, `sent` once delivered; the card on the account collects it at once (docs/collections.md), so it may already be `settled`.
  expect(['validated', 'sent', 'settled']).toContain(bill.state);
  expect(bill.remainingAmount.value).toBe(bill.state === 'settled' ? 0 : bill.amountDue.value);
  expect(bill.billNo).toMatch(/^TEST-[0-9a-f]{8}-2027-\d{6}$/);
}

const recordOf = (productId: string, usageDate: string, quantity: number, unit: string, recordId: string) => ({
  usageDate,
  usageType: 'data',
  usageCharacteristic: [
    { name: 'productId', value: productId },
    { name: 'quantity', value: quantity },
    { name: 'unit', value: unit },
    { name: 'recordId', value: recordId },
  ],
});

beforeAll(async () => {
  admin = await tokenFor('admin');
  const listed = await call<any[]>('/tmf-api/productCatalogManagement/v4/productOffering?limit=1000&fields=name', { token: admin });
  for (const offering of listed.body) offerings.set(offering.name, offering.id);
  const clock = await call('/billing/v1/testClock', { method: 'POST', token: admin, body: { name: 'billing journey', frozenTime: '2027-01-16T10:00:00+01:00' } });
  expect(clock.status).toBe(201);
  clockId = clock.body.id;
}, 60_000);

describe('billing on a test clock (Paris, cycle day 1, prices including 20 % VAT)', () => {
  it('16 Jan: customers live at the clock’s time; their orders’ one-time charges are billed at once, settled by the payment', async () => {
    people.a = await customerOnClock('a');
    people.c = await customerOnClock('c');
    const customer = await call(`${customers}/${people.a.customerId}`, { token: admin });
    expect(customer.body.createdAt).toBe(start);
    expect(customer.body.testClock).toMatchObject({ id: clockId });
    const mobileM = [{ id: '1', action: 'add', productOffering: { id: offerings.get('Mobile M') } }];
    const [orderA, orderC] = await Promise.all([order(people.a.accountId, mobileM), order(people.c.accountId, mobileM)]);
    expect(orderA.orderDate).toBe(start);
    people.a.productId = orderA.productOrderItem[0].product.id;
    people.c.productId = orderC.productOrderItem[0].product.id;
    const product = await call(`/tmf-api/productInventory/v4/product/${people.a.productId}`, { token: admin });
    expect(product.body.startDate).toBe(start);

    // The activation fee, 15.00, on an offCycle bill settled by the order's payment.
    const listed = await call<any[]>(`${bills}/customerBill?relatedParty.id=${people.a.customerId}`, { token: admin });
    expect(listed.body).toHaveLength(1);
    const orderBill = listed.body[0];
    expectValidTmf(tmf678, 'CustomerBill', orderBill);
    expect(orderBill).toMatchObject({ runType: 'offCycle', state: 'settled', billDate: start, amountDue: { unit: 'EUR', value: 15 }, remainingAmount: { value: 0 } });
    expect(orderBill.appliedPayment[0]).toMatchObject({ appliedAmount: { value: 15 }, payment: { id: `${orderA.id}-payment` } });
  }, 90_000);

  it('usage is stored once per record id, guided to its product, rejected with its reason when it cannot be rated', async () => {
    await advanceTo('2027-01-31T10:00:00+01:00');
    const { productId } = people.a;
    const first = await call(usageApi, { method: 'POST', token: admin, body: recordOf(productId!, '2027-01-20T10:00:00+01:00', 15, 'GB', 'cdr-1') });
    expect(first.status).toBe(201);
    expect(first.body.status).toBe('rated');
    expectValidTmf(tmf635, 'Usage', first.body);
    // The repeat answers with the first record; nothing is charged twice.
    const repeat = await call(usageApi, { method: 'POST', token: admin, body: recordOf(productId!, '2027-01-20T10:00:00+01:00', 15, 'GB', 'cdr-1') });
    expect(repeat.status).toBe(200);
    expect(repeat.body.id).toBe(first.body.id);
    const second = await call(usageApi, { method: 'POST', token: admin, body: recordOf(productId!, '2027-01-25T18:00:00+01:00', 12000, 'MB', 'cdr-2') });
    expect(second.status).toBe(201);
    // Ahead of the customer's clock: stored rejected with the reason, never dropped.
    const ahead = await call(usageApi, { method: 'POST', token: admin, body: recordOf(productId!, '2027-02-20T10:00:00+01:00', 1, 'GB', 'cdr-future') });
    expect(ahead.status).toBe(201);
    expect(ahead.body).toMatchObject({ status: 'rejected', statusReason: expect.stringContaining('after the customer') });
    // Impossible input is refused and stores nothing.
    const negative = await call(usageApi, { method: 'POST', token: admin, body: recordOf(productId!, '2027-01-20T10:00:00+01:00', -3, 'GB', 'cdr-neg') });
    expect(negative.status).toBe(400);
    const unknownUnit = await call(usageApi, { method: 'POST', token: admin, body: recordOf(productId!, '2027-01-20T10:00:00+01:00', 3, 'parsecs', 'cdr-unit') });
    expect(unknownUnit.status).toBe(400);
    // A customer reads its own usage, not another's.
    const own = await call<any[]>(`${usageApi}?product.id=${productId}`, { token: people.a.token });
    expect(own.body.map((record) => record.id).sort()).toEqual([first.body.id, second.body.id, ahead.body.id].sort());
    const foreign = await call(`${usageApi}/${first.body.id}`, { token: people.c.token });
    expect(foreign.status).toBe(404);
  }, 60_000);

  it('1 Feb: the January part pro rata with February in advance, and January’s usage in arrears', async () => {
    await advanceTo('2027-02-01T12:00:00+01:00');
    const a = await billOn(people.a.customerId, feb1);
    expect(a).toBeDefined();
    // 16 Jan 10:00 → 1 Feb at the promotion's 10.00; February 10.00; 27 GB used, 20 included, 7 at 2.00.
    const stub = prorated(1000, start, feb1, jan1, feb1);
    expect(stub).toBe(5.03);
    expect(shape(a!.lines)).toEqual([
      { type: 'recurring', name: 'Mobile M monthly', from: start, to: feb1, amount: stub },
      { type: 'recurring', name: 'Mobile M monthly', from: feb1, to: mar1, amount: 10 },
      { type: 'usage', name: 'Mobile M data overage', from: start, to: feb1, amount: 14 },
    ]);
    expectBalanced(a!.bill, a!.lines);
    expect(a!.bill.taxIncludedAmount.value).toBe(sum([stub, 10, 14]));
    expect(a!.bill.taxExcludedAmount.value).toBe(sum([dutyFree(stub), dutyFree(10), dutyFree(14)]));
    expect(a!.bill.billingPeriod).toEqual({ startDateTime: jan1, endDateTime: feb1 });
    expect(a!.bill.paymentDueDate).toBe('2027-02-14T23:00:00.000Z');
    // The usage now shows its share of the charge: the first 15 GB within the allowance, the next 12 GB put 7 GB over.
    const used = await call<any[]>(`${usageApi}?product.id=${people.a.productId}&status=billed`, { token: admin });
    expect(used.body.map((record) => record.ratedProductUsage[0].taxIncludedRatingAmount.value).sort()).toEqual([0, 14]);
    for (const record of used.body) expectValidTmf(tmf635, 'Usage', record);
  }, 60_000);

  it('1 Mar: a January record that came late is billed as the change it makes to January, on the next bill', async () => {
    const late = await call(usageApi, { method: 'POST', token: admin, body: recordOf(people.a.productId!, '2027-01-28T21:00:00+01:00', 10, 'GB', 'cdr-late') });
    expect(late.status).toBe(201);
    await advanceTo('2027-03-01T12:00:00+01:00');
    const a = await billOn(people.a.customerId, mar1);
    // January goes from 27 GB to 37 GB: 7 GB over (14.00) becomes 10 at 2.00 and 7 at 1.00 (27.00): 13.00 more.
    expect(shape(a!.lines)).toEqual([
      { type: 'recurring', name: 'Mobile M monthly', from: mar1, to: apr1, amount: 10 },
      { type: 'usage', name: 'Mobile M data overage', from: start, to: feb1, amount: 13 },
    ]);
    expectBalanced(a!.bill, a!.lines);
    // The February bill stayed as it was issued.
    const february = await billOn(people.a.customerId, feb1);
    expect(february!.bill.taxIncludedAmount.value).toBe(sum([5.03, 10, 14]));
  }, 60_000);

  it('10 Mar: A changes plan, B joins; 1 Apr: credit of the old plan’s rest, the new one pro rata, across the spring change', async () => {
    await advanceTo('2027-03-10T13:00:00+01:00');
    await order(people.a.accountId, [{ id: '1', action: 'modify', product: { id: people.a.productId }, productOffering: { id: offerings.get('Mobile L') } }]);
    people.b = await customerOnClock('b');
    const orderB = await order(people.b.accountId, [{ id: '1', action: 'add', productOffering: { id: offerings.get('Mobile L') } }]);
    people.b.productId = orderB.productOrderItem[0].product.id;
    await advanceTo('2027-04-01T12:00:00+02:00');

    // March is 31 days less the hour of the spring change.
    expect(Number(seconds(apr1) - seconds(mar1))).toBe(31 * 86400 - 3600);
    const creditM = prorated(1000, change, apr1, mar1, apr1);
    const stubL = prorated(3000, change, apr1, mar1, apr1);
    const a = await billOn(people.a.customerId, apr1);
    expect(shape(a!.lines)).toEqual([
      { type: 'credit', name: 'Mobile M monthly', from: change, to: apr1, amount: -creditM },
      { type: 'recurring', name: 'Mobile L monthly', from: change, to: apr1, amount: stubL },
      { type: 'recurring', name: 'Mobile L monthly', from: apr1, to: may1, amount: 30 },
    ]);
    expectBalanced(a!.bill, a!.lines);

    const b = await billOn(people.b.customerId, apr1);
    expect(shape(b!.lines)).toEqual([
      { type: 'recurring', name: 'Mobile L monthly', from: change, to: apr1, amount: stubL },
      { type: 'recurring', name: 'Mobile L monthly', from: apr1, to: may1, amount: 30 },
    ]);

    // C keeps Mobile M: its promotion ends 16 Apr 10:00, inside April, which is split there, each part pro rata.
    const c = await billOn(people.c.customerId, apr1);
    expect(shape(c!.lines)).toEqual([
      { type: 'recurring', name: 'Mobile M monthly', from: apr1, to: promotionEnd, amount: prorated(1000, apr1, promotionEnd, apr1, may1) },
      { type: 'recurring', name: 'Mobile M monthly', from: promotionEnd, to: may1, amount: prorated(2000, promotionEnd, may1, apr1, may1) },
    ]);
    expectBalanced(c!.bill, c!.lines);

    // C's product, as C's portal reads it, says when that promotion ends: the instant the bill splits April at.
    const productC = await call(`${products}/${people.c.productId}`, { token: people.c.token });
    expectValidTmf(tmf637, 'Product', productC.body);
    expect(promotionsOf(productC.body)).toEqual([{ name: 'Mobile M launch promotion', applicationDuration: 3, validFor: { startDateTime: start, endDateTime: promotionEnd } }]);
    expect(c!.lines[1].periodCoverage.startDateTime).toBe(promotionEnd);
    // Listed with fields=productPrice, the same; A's Mobile L since the plan change has no promotion left to date.
    const listedC = await call<any[]>(`${products}?fields=productPrice`, { token: people.c.token });
    expect(listedC.body.map(promotionsOf)).toEqual([promotionsOf(productC.body)]);
    const productA = await call(`${products}/${people.a.productId}`, { token: people.a.token });
    expect(productA.body.productOffering.name).toBe('Mobile L');
    expect(promotionsOf(productA.body)).toEqual([]);
  }, 120_000);

  it('14 Apr: B leaves; 1 May: the unused part it paid is credited, and a credit bigger than the bill is carried forward', async () => {
    await advanceTo('2027-04-14T00:00:00+02:00');
    await order(people.b.accountId, [{ id: '1', action: 'delete', product: { id: people.b.productId } }]);
    await advanceTo('2027-05-01T12:00:00+02:00');
    const credit = prorated(3000, leaving, may1, apr1, may1);
    const b = await billOn(people.b.customerId, may1);
    expect(shape(b!.lines)).toEqual([
      { type: 'credit', name: 'Mobile L monthly', from: leaving, to: may1, amount: -credit },
      { type: 'creditCarriedForward', name: 'Credit carried forward', from: apr1, to: may1, amount: credit },
    ]);
    expectBalanced(b!.bill, b!.lines);
    expect(b!.bill.amountDue.value).toBe(0);
    // B has nothing left to bill: no June bill, nothing due.
    await advanceTo('2027-06-01T12:00:00+02:00');
    expect(await billOn(people.b.customerId, jun1)).toBeUndefined();
    const a = await billOn(people.a.customerId, jun1);
    expect(shape(a!.lines)).toEqual([{ type: 'recurring', name: 'Mobile L monthly', from: jun1, to: '2027-06-30T22:00:00.000Z', amount: 30 }]);
  }, 120_000);

  it('bill numbers of the clock’s series are gapless and increase with issue order; billing again adds nothing', async () => {
    const all = (
      await Promise.all(Object.values(people).map(async ({ customerId }) => (await call<any[]>(`${bills}/customerBill?relatedParty.id=${customerId}&limit=1000`, { token: admin })).body))
    ).flat();
    const numbers = all.map((bill) => Number(bill.billNo.slice(-6))).sort((x, y) => x - y);
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, index) => index + 1));
    expect(new Set(all.map((bill) => bill.billNo.slice(0, -7)))).toEqual(new Set([`TEST-${clockId.slice(0, 8)}-2027`]));
    const issuedInOrder = [...all].sort((x, y) => Number(x.billNo.slice(-6)) - Number(y.billNo.slice(-6))).map((bill) => bill.billDate);
    expect(issuedInOrder).toEqual([...issuedInOrder].sort());

    // The same time again changes nothing; an earlier one is refused naming the field.
    const same = await call(`/billing/v1/testClock/${clockId}/advance`, { method: 'POST', token: admin, body: { frozenTime: '2027-06-01T12:00:00+02:00' } });
    expect(same.status).toBe(200);
    const back = await call(`/billing/v1/testClock/${clockId}/advance`, { method: 'POST', token: admin, body: { frozenTime: '2027-05-01T12:00:00+02:00' } });
    expect(back.status).toBe(400);
    expect(back.body.details).toEqual([expect.objectContaining({ field: 'frozenTime' })]);
    // A scheduled-style run now bills live accounts only: the clock's customers get nothing more.
    const run = await call('/billing/v1/billRun', { method: 'POST', token: admin, body: {} });
    expect(run.status).toBe(202);
    const finished = await eventually(async () => {
      const current = await call(`/billing/v1/billRun/${run.body.id}`, { token: admin });
      return current.body.state === 'inProgress' ? undefined : current.body;
    }, 60_000);
    expect(finished.state).toBe('completed');
    const after = (
      await Promise.all(Object.values(people).map(async ({ customerId }) => (await call<any[]>(`${bills}/customerBill?relatedParty.id=${customerId}&limit=1000`, { token: admin })).body))
    ).flat();
    expect(after).toHaveLength(all.length);
    const future = await call('/billing/v1/billRun', { method: 'POST', token: admin, body: { asOf: '2099-01-01T00:00:00Z' } });
    expect(future.status).toBe(400);
    expect(future.body.details).toEqual([expect.objectContaining({ field: 'asOf' })]);
  }, 120_000);

  it('a customer reads its own bills and lines only', async () => {
    const own = await call<any[]>(`${bills}/customerBill`, { token: people.c.token });
    expect(own.status).toBe(200);
    expect(own.body.length).toBeGreaterThan(0);
    expect(own.body.every((bill) => bill.relatedParty[0].id === people.c.customerId)).toBe(true);
    const aBill = (await call<any[]>(`${bills}/customerBill?relatedParty.id=${people.a.customerId}`, { token: admin })).body[0];
    expect((await call(`${bills}/customerBill/${aBill.id}`, { token: people.c.token })).status).toBe(404);
    expect((await call<any[]>(`${bills}/customerBill?relatedParty.id=${people.a.customerId}`, { token: people.c.token })).body).toEqual([]);
    expect((await call<any[]>(`${bills}/appliedCustomerBillingRate?bill.id=${aBill.id}`, { token: people.c.token })).body).toEqual([]);
    // Staff naming no customer list everyone's bills (from an index, newest first); by id, this one.
    expect((await call(`${bills}/customerBill`, { token: admin })).status).toBe(200);
    expect((await call<any[]>(`${bills}/customerBill?id=${aBill.id}`, { token: admin })).body.map((bill) => bill.id)).toEqual([aBill.id]);
  });
});
