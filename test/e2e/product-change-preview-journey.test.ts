import { beforeAll, describe, expect, it } from 'vitest';
import { advanceClock, customerOnClock, offeringNamed, orderOffering } from '../support/clock-journey.js';
import { call, eventually, tokenFor } from '../support/local-api.js';
import { expectValidTmf, tmf678 } from '../support/tmf-schema.js';

/**
 * Previewing a plan change and a termination over HTTP against the local runtime, as the customer
 * would before confirming (docs/billing.md, "Previewing a plan change or a termination"): two
 * customers in Paris on one test clock, billed on the 1st, with Mobile M sold in its launch
 * promotion (−50 % for 3 months) on 20 February. On 10 May at 15:30, in the middle of a period and
 * with the promotion ending on 20 May, each asks with its own token what a change would put on
 * its next bill: Ada a move to Mobile L, Bea a termination. Then each orders exactly that, the
 * clock goes past 1 June, and the bill of 1 June carries for the product exactly the lines
 * the preview showed, on the date it named.
 */
const previewPath = '/billing/v1/productChangePreview';
const ordering = '/tmf-api/productOrderingManagement/v4/productOrder';
const bills = '/tmf-api/customerBillManagement/v4';

const soldAt = '2027-02-20T10:00:00+01:00';
const previewAt = '2027-05-10T13:30:00.000Z'; // 10 May 15:30 Paris (summer time)
const june1 = '2027-05-31T22:00:00.000Z';

let admin: string;
let clockId: string;
const offerings = { mobileM: '', mobileL: '' };
const people: Record<'ada' | 'bea', { customerId: string; accountId: string; token: string; productId: string }> = {} as never;
const previews: Record<'ada' | 'bea', any> = {} as never;

/** What a preview line and a bill line must agree on. */
const comparable = (line: any) => ({
  name: line.name,
  description: line.description,
  type: line.type,
  periodCoverage: line.periodCoverage,
  taxExcludedAmount: line.taxExcludedAmount,
  taxIncludedAmount: line.taxIncludedAmount,
  appliedTax: line.appliedTax.map(({ taxCategory, taxRate, taxAmount }: any) => ({ taxCategory, taxRate, taxAmount })),
});

async function placeAs(token: string, accountId: string, item: Record<string, unknown>) {
  const placed = await call(ordering, { method: 'POST', token, body: { billingAccount: { id: accountId }, productOrderItem: [{ id: '1', ...item }] } });
  expect(placed.status).toBe(201);
  const done = await eventually(async () => {
    const current = await call(`${ordering}/${placed.body.id}`, { token });
    return ['completed', 'partial', 'failed', 'cancelled'].includes(current.body.state) ? current.body : undefined;
  }, 30_000);
  expect(done.state).toBe('completed');
}

/** The customer's regular bill dated `billDate`, with its lines for one product. */
async function billLinesFor(customerId: string, billDate: string, productId: string) {
  const listed = await call<any[]>(`${bills}/customerBill?relatedParty.id=${customerId}&runType=onCycle`, { token: admin });
  const bill = listed.body.find((candidate) => candidate.billDate === billDate);
  expect(bill, `a bill dated ${billDate}`).toBeDefined();
  const lines = await call<any[]>(`${bills}/appliedCustomerBillingRate?bill.id=${bill.id}`, { token: admin });
  expect(lines.status).toBe(200);
  for (const line of lines.body) expectValidTmf(tmf678, 'AppliedCustomerBillingRate', line);
  return { bill, lines: lines.body.filter((line) => line.product?.id === productId) };
}

beforeAll(async () => {
  admin = await tokenFor('admin');
  [offerings.mobileM, offerings.mobileL] = await Promise.all([offeringNamed(admin, 'Mobile M'), offeringNamed(admin, 'Mobile L')]);
  const clock = await call('/billing/v1/testClock', { method: 'POST', token: admin, body: { name: 'product change preview journey', frozenTime: soldAt } });
  expect(clock.status).toBe(201);
  clockId = clock.body.id;
}, 60_000);

describe('a plan change and a termination previewed, ordered and billed (Paris, cycle day 1, test clock)', () => {
  it('20 Feb: Ada and Bea take Mobile M in its launch promotion; the clock goes to 10 May 15:30, billing March to May', async () => {
    const [ada, bea] = await Promise.all([customerOnClock(admin, clockId, 'ada'), customerOnClock(admin, clockId, 'bea')]);
    const [adaOrder, beaOrder] = await Promise.all([orderOffering(admin, ada.accountId, offerings.mobileM), orderOffering(admin, bea.accountId, offerings.mobileM)]);
    people.ada = { ...ada, productId: adaOrder.productOrderItem[0].product.id };
    people.bea = { ...bea, productId: beaOrder.productOrderItem[0].product.id };
    await advanceClock(admin, clockId, previewAt);
    const may = await billLinesFor(ada.customerId, '2027-04-30T22:00:00.000Z', people.ada.productId);
    // May in advance, split where the promotion ends (20 May 10:00): 1 677 600 s of 2 678 400 at 10.00 = 6.26, the rest at 20.00 = 7.47.
    expect(may.lines.map((line) => line.taxIncludedAmount.value)).toEqual([6.26, 7.47]);
  }, 120_000);

  it('10 May: Ada, with her own token, sees what moving to Mobile L puts on the bill of 1 June', async () => {
    const answer = await call(previewPath, { method: 'POST', token: people.ada.token, body: { product: { id: people.ada.productId }, action: 'modify', productOffering: { id: offerings.mobileL } } });
    expect(answer.status).toBe(200);
    previews.ada = answer.body;
    expect(answer.body).toMatchObject({
      product: { id: people.ada.productId, name: 'Mobile M' },
      action: 'modify',
      productOffering: { id: offerings.mobileL, name: 'Mobile L' },
      effectiveAt: previewAt,
      billingAccount: { id: people.ada.accountId },
      nextBillDate: june1,
    });
    // The promotion ends on 20 May 10:00 (08:00Z): the credit of May is split there, as May's charge was; then Mobile L pro rata and June.
    expect(answer.body.lines.map((line: any) => [line.type, line.name, line.periodCoverage.startDateTime, line.periodCoverage.endDateTime])).toEqual([
      ['credit', 'Mobile M monthly', previewAt, '2027-05-20T08:00:00.000Z'],
      ['credit', 'Mobile M monthly', '2027-05-20T08:00:00.000Z', june1],
      ['recurring', 'Mobile L monthly', previewAt, june1],
      ['recurring', 'Mobile L monthly', june1, '2027-06-30T22:00:00.000Z'],
    ]);
    const cents = (values: number[]) => values.reduce((total, value) => total + Math.round(value * 100), 0);
    expect(Math.round(answer.body.taxIncludedAmount.value * 100)).toBe(cents(answer.body.lines.map((line: any) => line.taxIncludedAmount.value)));
    expect(Math.round(answer.body.taxExcludedAmount.value * 100)).toBe(cents(answer.body.lines.map((line: any) => line.taxExcludedAmount.value)));

    // What a termination would give back instead, and what nobody else may ask about Ada's line.
    const leaving = await call(previewPath, { method: 'POST', token: people.ada.token, body: { product: { id: people.ada.productId }, action: 'delete' } });
    expect(leaving.status).toBe(200);
    expect(leaving.body.lines.map((line: any) => line.type)).toEqual(['credit', 'credit']);
    const foreign = await call(previewPath, { method: 'POST', token: people.bea.token, body: { product: { id: people.ada.productId }, action: 'delete' } });
    expect(foreign.status).toBe(404);
  }, 60_000);

  it('10 May: Bea, with her own token, sees what leaving gives back on the bill of 1 June', async () => {
    const answer = await call(previewPath, { method: 'POST', token: people.bea.token, body: { product: { id: people.bea.productId }, action: 'delete' } });
    expect(answer.status).toBe(200);
    previews.bea = answer.body;
    expect(answer.body).toMatchObject({ action: 'delete', effectiveAt: previewAt, nextBillDate: june1, billingAccount: { id: people.bea.accountId } });
    expect(answer.body.productOffering).toBeUndefined();
    expect(answer.body.taxIncludedAmount.value).toBeLessThan(0);
  }, 60_000);

  it('each orders the change previewed; on 1 June the bill carries for the product exactly the preview’s lines, on the date it named', async () => {
    await Promise.all([
      placeAs(people.ada.token, people.ada.accountId, { action: 'modify', product: { id: people.ada.productId }, productOffering: { id: offerings.mobileL } }),
      placeAs(people.bea.token, people.bea.accountId, { action: 'delete', product: { id: people.bea.productId } }),
    ]);
    await advanceClock(admin, clockId, '2027-06-01T12:00:00+02:00');

    for (const who of ['ada', 'bea'] as const) {
      const preview = previews[who];
      const { bill, lines } = await billLinesFor(people[who].customerId, preview.nextBillDate, people[who].productId);
      expect(bill.billDate).toBe(preview.nextBillDate);
      expect(lines.map(comparable), who).toEqual(preview.lines.map(comparable));
    }
  }, 180_000);
});
