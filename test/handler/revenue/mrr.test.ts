import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChargeTerm } from '../../../domain/billing/charge-term.js';
import { ProductChanged, ProductStatusChanged } from '../../../domain/events/product-inventory-events.js';
import type { Product } from '../../../domain/product-inventory/product.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { productSnapshot } from '../../../functions/product-inventory/product-events.js';
import { handler as getMrrReport } from '../../../functions/revenue/get-mrr-report.js';
import { rebuildMrr } from '../../../functions/revenue/rebuild-mrr.js';
import { handler as recordMrr, type MrrRecording } from '../../../functions/revenue/record-mrr.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { agentClaims, apiEvent, customerClaims, type Claims } from '../../support/api-event.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { productIn, productItem } from '../../support/product-fixtures.js';
import { term } from '../../unit/domain/billing/billing-fixtures.js';
import { testClock, testClockItem, writeAccount, writeCatalog } from '../billing/billing-fixtures.js';
import { FakeBillingTable, type Item } from '../billing/billing-table.js';

/**
 * The MRR read model (docs/revenue-recognition.md, "MRR and ARR") kept by `record-mrr` from
 * product events and read by GET /reports/v1/mrr, over the billing tests' French catalog: a
 * customer in Paris takes Mobile M in the launch promotion on 16 January 2027 (10.00 → 8.33 tax
 * excluded), upgrades to Mobile L on 10 March (25.00), downgrades to Mobile M without promotion on
 * 5 May (16.67) and leaves on 20 June.
 */
const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const path = '/reports/v1/mrr';
const eur = (value: number) => ({ unit: 'EUR', value });
const jan16 = '2027-01-16T09:00:00.000Z';
const mar10 = '2027-03-10T09:00:00.000Z';
const may5 = '2027-05-05T09:00:00.000Z';
const jun20 = '2027-06-20T09:00:00.000Z';

/** The product's terms after each step of its life. */
const history: ChargeTerm[][] = [
  [term('mobile-m', jan16, ['m-monthly', 'm-promo'])],
  [term('mobile-m', jan16, ['m-monthly', 'm-promo'], { to: mar10, endedBy: 'planChange' }), term('mobile-l', mar10, ['l-monthly'])],
  [
    term('mobile-m', jan16, ['m-monthly', 'm-promo'], { to: mar10, endedBy: 'planChange' }),
    term('mobile-l', mar10, ['l-monthly'], { to: may5, endedBy: 'planChange' }),
    term('mobile-m', may5, ['m-monthly']),
  ],
  [
    term('mobile-m', jan16, ['m-monthly', 'm-promo'], { to: mar10, endedBy: 'planChange' }),
    term('mobile-l', mar10, ['l-monthly'], { to: may5, endedBy: 'planChange' }),
    term('mobile-m', may5, ['m-monthly'], { to: jun20, endedBy: 'termination' }),
  ],
];

let table: FakeBillingTable;
beforeEach(() => {
  documentMock.reset();
  vi.spyOn(systemClock, 'now').mockReturnValue('2027-07-05T10:00:00.000Z');
  table = new FakeBillingTable().install(documentMock);
  writeCatalog(table);
  writeAccount(table, { accountId: 'ba-1', customerId: 'cust-1', products: [] });
  return () => vi.restoreAllMocks();
});

const productOf = (table: FakeBillingTable, id: string) => table.get({ pk: `PRODUCT#${id}`, sk: 'PRODUCT' })!;

/** The product `id` of cust-1 as its step `step` of `history` left it (version 2 + step). */
function writeProduct(into: FakeBillingTable, id: string, step: number, extra: Item = {}): Product {
  const product = productIn(step === 3 ? 'terminated' : 'active', { id, name: 'Mobile', customerId: 'cust-1', billingAccountId: 'ba-1' });
  into.put({ ...productItem(product, 2 + step, history[step]!), ...extra });
  return product;
}

const origin = (eventId: string) => ({ eventId, occurredAt: jan16, correlationId: 'corr-1' });
const statusChanged = (productId: string, to: 'active' | 'terminated', eventId = `evt-${productId}-${to}`) => {
  const event = ProductStatusChanged.create({ productId, customerId: 'cust-1', billingAccountId: 'ba-1', from: to === 'active' ? 'created' : 'pendingTerminate', to }, origin(eventId));
  return { 'detail-type': event.detailType, detail: event.detail };
};
const planChanged = (product: Product, eventId: string) => {
  const event = ProductChanged.create({ product: productSnapshot(product), previousProductOfferingId: 'mobile-m', productOrderId: 'order-2', effectiveDate: mar10 }, origin(eventId));
  return { 'detail-type': event.detailType, detail: event.detail };
};

const record = (event: object): Promise<MrrRecording> => recordMrr(event as never, lambdaContext('record-mrr'));

/** The product's life as the events come, each after the write it reports. */
async function liveThrough(into: FakeBillingTable, id: string): Promise<object[]> {
  const events: object[] = [];
  for (const step of [0, 1, 2, 3]) {
    const product = writeProduct(into, id, step);
    const event = step === 0 ? statusChanged(id, 'active') : step === 3 ? statusChanged(id, 'terminated') : planChanged(product, `evt-${id}-change-${step}`);
    events.push(event);
    await record(event);
  }
  return events;
}

const ask = (query: Record<string, string>, options: { claims?: Claims; headers?: Record<string, string> } = {}) =>
  invoke(getMrrReport, apiEvent({ method: 'GET', path, query, claims: options.claims ?? agentClaims, ...(options.headers ? { headers: options.headers } : {}) }), lambdaContext('get-mrr-report'));

const mrrItems = (from: FakeBillingTable) =>
  [...from.items.values()].filter((item) => String(item.pk).startsWith('MRR')).sort((a, b) => `${String(a.pk)}|${String(a.sk)}`.localeCompare(`${String(b.pk)}|${String(b.sk)}`));

/**
 * What a model says, whatever way it was built: each customer's products and the months that
 * moved. A model built change by change also keeps months whose counters went back to zero, and
 * its customers' items have had more versions.
 */
const modelFigures = (from: FakeBillingTable) =>
  mrrItems(from)
    .flatMap((item): Item[] => {
      if (item.sk === 'MRR_CUSTOMER') return [{ pk: item.pk, products: item.products }];
      const { pk, sk, month, currency, newMinor, expansionMinor, contractionMinor, churnedMinor, customersGained, customersLost, productsGained, productsLost } = item;
      const counters = { newMinor, expansionMinor, contractionMinor, churnedMinor, customersGained, customersLost, productsGained, productsLost };
      return Object.values(counters).every((value) => value === 0) ? [] : [{ pk, sk, month, currency, ...counters }];
    });

describe('record-mrr and GET /reports/v1/mrr', () => {
  it('give new, expansion, contraction and churned MRR in the months a customer orders, upgrades, downgrades and leaves', async () => {
    await liveThrough(table, 'prod-1');
    const month = async (month: string) => (await ask({ month })).body;
    expect(await month('2027-01')).toEqual({
      month: '2027-01',
      monthOver: true,
      mrr: [{ currency: 'EUR', startingMrr: eur(0), newMrr: eur(8.33), expansionMrr: eur(0), contractionMrr: eur(0), churnedMrr: eur(0), mrr: eur(8.33), arr: eur(99.96), activeCustomers: 1, activeProducts: 1, arpu: eur(8.33) }],
    });
    expect((await month('2027-02')).mrr[0]).toMatchObject({ startingMrr: eur(8.33), newMrr: eur(0), mrr: eur(8.33) });
    expect((await month('2027-03')).mrr[0]).toMatchObject({ startingMrr: eur(8.33), expansionMrr: eur(16.67), mrr: eur(25), arr: eur(300) });
    expect((await month('2027-05')).mrr[0]).toMatchObject({ startingMrr: eur(25), contractionMrr: eur(8.33), mrr: eur(16.67), activeCustomers: 1 });
    expect((await month('2027-06')).mrr[0]).toMatchObject({ startingMrr: eur(16.67), churnedMrr: eur(16.67), mrr: eur(0), activeCustomers: 0, activeProducts: 0, arpu: eur(0) });
    expect((await month('2027-07')).monthOver).toBe(false);
    expect((await month('2026-12')).mrr).toEqual([]);
  });

  it('answers with one Query, and as CSV with Accept: text/csv', async () => {
    await liveThrough(table, 'prod-1');
    documentMock.resetHistory();
    const answer = await getMrrReport(apiEvent({ method: 'GET', path, query: { month: '2027-03' }, headers: { Accept: 'text/csv' }, claims: agentClaims }), lambdaContext('get-mrr-report'));
    expect(documentMock.commandCalls(QueryCommand)).toHaveLength(1);
    expect(documentMock.calls()).toHaveLength(1);
    expect(answer.statusCode).toBe(200);
    expect(answer.headers!['content-type']).toBe('text/csv;charset=utf-8');
    expect(answer.body).toBe(
      'month,currency,startingMrr,newMrr,expansionMrr,contractionMrr,churnedMrr,mrr,arr,activeCustomers,activeProducts,arpu\r\n2027-03,EUR,8.33,0.00,16.67,0.00,0.00,25.00,300.00,1,1,25.00\r\n',
    );
  });

  it('writes nothing for an event delivered again, or late after a newer one', async () => {
    const events = await liveThrough(table, 'prod-1');
    const before = structuredClone(mrrItems(table));
    expect(await record(events[3]!)).toMatchObject({ outcome: 'alreadyRecorded', monthsMoved: 0 });
    expect(await record(events[0]!)).toMatchObject({ outcome: 'alreadyRecorded' });
    expect(mrrItems(table)).toEqual(before);
  });

  it('adds a second customer and a second product: ARPU is MRR over active customers', async () => {
    await liveThrough(table, 'prod-1');
    writeAccount(table, { accountId: 'ba-2', customerId: 'cust-2', products: [[term('broadband-yearly', '2027-02-10T10:00:00.000Z', ['bb-yearly'])], [term('mobile-l', '2027-03-01T10:00:00.000Z', ['l-monthly'])]] });
    await record(statusChanged('prod-ba-2-1', 'active'));
    await record(statusChanged('prod-ba-2-2', 'active'));
    // February: cust-2 new with 20.83 (300.00 a year, 250.00 tax excluded, / 12). March: cust-1 25.00 (Mobile L, +16.67), cust-2 + 25.00 (Mobile L).
    expect((await ask({ month: '2027-02' })).body.mrr[0]).toMatchObject({ startingMrr: eur(8.33), newMrr: eur(20.83), mrr: eur(29.16), activeCustomers: 2, activeProducts: 2 });
    expect((await ask({ month: '2027-03' })).body.mrr[0]).toMatchObject({
      startingMrr: eur(29.16),
      newMrr: eur(0),
      expansionMrr: eur(41.67),
      mrr: eur(70.83),
      arr: eur(849.96),
      activeCustomers: 2,
      activeProducts: 3,
      // 70.83 / 2 = 35.415 → 35.42 (half-even: the 1 before the 5 is odd).
      arpu: eur(35.42),
    });
  });

  it('rebuilt from the same events, shuffled and delivered twice, into an empty model gives the same figures', async () => {
    const events = await liveThrough(table, 'prod-1');
    writeAccount(table, { accountId: 'ba-2', customerId: 'cust-2', products: [[term('broadband-yearly', '2027-02-10T10:00:00.000Z', ['bb-yearly'])]] });
    events.push(statusChanged('prod-ba-2-1', 'active'));
    await record(events.at(-1)!);
    const built = structuredClone(modelFigures(table));
    expect(built.length).toBeGreaterThan(5);

    const rebuilt = new FakeBillingTable();
    for (const item of table.items.values()) if (!String(item.pk).startsWith('MRR')) rebuilt.put(structuredClone(item));
    documentMock.reset();
    rebuilt.install(documentMock);
    // Newest first, then every other one, then all of them in order.
    const replay = [...[...events].reverse(), ...events.filter((_, index) => index % 2 === 0), ...events];
    for (const event of replay) await record(event);
    expect(modelFigures(rebuilt)).toEqual(built);
  });

  it('npm run reports:rebuild finds the same figures, names a month that drifted, and with write puts it right', async () => {
    await liveThrough(table, 'prod-1');
    writeAccount(table, { accountId: 'ba-9', customerId: 'cust-9', testClockId: 'clk-1', products: [[term('mobile-l', '2027-03-01T10:00:00.000Z', ['l-monthly'])]] });
    await record(statusChanged('prod-ba-9-1', 'active'));
    expect(await rebuildMrr({ write: false })).toEqual([
      { ledger: 'live', customers: 1, products: 1, differences: [] },
      { ledger: 'test-clock-clk-1', customers: 1, products: 1, differences: [] },
    ]);
    const march = table.get({ pk: 'MRR#live', sk: 'MONTH#2027-03#EUR' })!;
    table.put({ ...march, expansionMinor: 1 });
    const [drifted] = await rebuildMrr({ write: false });
    expect(drifted!.differences.map(({ month, stored, rebuilt }) => [month, stored.expansionMinor, rebuilt.expansionMinor])).toEqual([['2027-03', 1n, 1667n]]);
    const figures = modelFigures(table);
    await rebuildMrr({ write: true });
    expect((await rebuildMrr({ write: false })).every((comparison) => comparison.differences.length === 0)).toBe(true);
    expect((await ask({ month: '2027-03' })).body.mrr[0]).toMatchObject({ expansionMrr: eur(16.67), mrr: eur(25) });
    // The customers' models moved to a new version: a consumer that read one before starts again.
    expect(table.get({ pk: 'MRR_CUSTOMER#live#cust-1', sk: 'MRR_CUSTOMER' })!.version).toBe(5);
    expect(modelFigures(table).filter((item) => item.sk !== 'MONTH#2027-03#EUR')).toEqual(figures.filter((item) => item.sk !== 'MONTH#2027-03#EUR'));
  });

  it("keeps a test clock's products in its own ledger: the live report leaves them out unless testClock.id names the clock", async () => {
    table.put(testClockItem(testClock('clk-1', '2027-04-01T00:00:00.000Z')));
    writeAccount(table, { accountId: 'ba-9', customerId: 'cust-9', testClockId: 'clk-1', products: [[term('mobile-l', '2027-03-01T10:00:00.000Z', ['l-monthly'])]] });
    expect(await record(statusChanged('prod-ba-9-1', 'active'))).toMatchObject({ ledger: 'test-clock-clk-1', outcome: 'recorded' });
    expect((await ask({ month: '2027-03' })).body.mrr).toEqual([]);
    const clocked = await ask({ month: '2027-03', 'testClock.id': 'clk-1' });
    expect(clocked.body).toMatchObject({ month: '2027-03', testClock: { id: 'clk-1' }, monthOver: true });
    expect(clocked.body.mrr[0]).toMatchObject({ newMrr: eur(25), mrr: eur(25), activeCustomers: 1 });
    // The clock is in April: May has not begun on it.
    const toCome = await ask({ month: '2027-05', 'testClock.id': 'clk-1' });
    expectTmfError(toCome, 400, 'INVALID_REQUEST');
    expect(detailFields(toCome)).toEqual(['month']);
    expect(documentMock.commandCalls(GetCommand).length).toBeGreaterThan(0);
  });

  it("starts again when another product of the customer was recorded meanwhile", async () => {
    writeProduct(table, 'prod-1', 0);
    await record(statusChanged('prod-1', 'active'));
    writeAccount(table, { accountId: 'ba-1', customerId: 'cust-1', products: [[term('mobile-l', '2027-02-01T10:00:00.000Z', ['l-monthly'])]] });
    let raced = false;
    table.beforeTransaction = () => {
      if (raced) return;
      raced = true;
      // Another writer moves the customer's model on between this one's read and its write.
      const model = table.get({ pk: 'MRR_CUSTOMER#live#cust-1', sk: 'MRR_CUSTOMER' })!;
      table.put({ ...model, version: (model.version as number) + 1 });
    };
    expect(await record(statusChanged('prod-ba-1-1', 'active'))).toMatchObject({ outcome: 'recorded' });
    expect(raced).toBe(true);
    expect((await ask({ month: '2027-02' })).body.mrr[0]).toMatchObject({ expansionMrr: eur(25), mrr: eur(33.33), activeCustomers: 1, activeProducts: 2 });
  });

  it('records a product without terms as worth nothing', async () => {
    writeProduct(table, 'prod-1', 0);
    table.put({ ...productOf(table, 'prod-1'), chargeTerms: [] });
    expect(await record(statusChanged('prod-1', 'active'))).toMatchObject({ outcome: 'notBilled', monthsMoved: 0 });
    expect((await ask({ month: '2027-03' })).body.mrr).toEqual([]);
  });

  it('refuses a customer (403), a missing, malformed or future month, an unknown parameter or clock (400 naming it)', async () => {
    expectTmfError(await ask({ month: '2027-03' }, { claims: customerClaims('cust-1') }), 403, 'FORBIDDEN');
    for (const [query, field] of [
      [{}, 'month'],
      [{ month: '2027-13' }, 'month'],
      [{ month: 'March' }, 'month'],
      [{ month: '2027-08' }, 'month'],
      [{ month: '2027-03', currency: 'EUR' }, 'currency'],
      [{ month: '2027-03', 'testClock.id': 'clk-nope' }, 'testClock.id'],
    ] as const) {
      const answer = await ask(query);
      expectTmfError(answer, 400, 'INVALID_REQUEST');
      expect(detailFields(answer)).toEqual([field]);
    }
  });
});
