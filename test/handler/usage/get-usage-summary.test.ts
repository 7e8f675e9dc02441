import { DynamoDBDocumentClient, QueryCommand, ScanCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChargeTerm } from '../../../domain/billing/charge-term.js';
import { maxRecordsPerPeriod, usageSummaryPath, usageSummarySchema, type UsageSummary } from '../../../domain/usage/usage-summary.js';
import type { Usage, UsageStatus } from '../../../domain/usage/usage.js';
import { usageItem } from '../../../functions/lib/store/usage-store.js';
import { handler } from '../../../functions/usage/get-usage-summary.js';
import { apiEvent, customerClaims, mediationClaims, type Claims } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { billingAccountItem, billingAccountResource, customerItem, customerResource } from '../../support/fixtures.js';
import { eur, offeringWith, price } from '../../unit/domain/pricing/pricing-fixtures.js';
import { FakeUsageTable } from './usage-table.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

/** Mobile M as the demo sells it: 20.00 a month, 20 GB included then data per GB, SMS per unit. */
const monthly = price({ id: 'mobile-m-monthly', name: 'Mobile M monthly', priceType: 'recurring', price: eur(20), recurringChargePeriodType: 'month', recurringChargePeriodLength: 1 });
const data = price({ id: 'mobile-m-data', name: 'Mobile M data overage', priceType: 'usage', unitOfMeasure: { amount: 1, units: 'GB' }, price: eur(2), includedQuantity: 20 });
const sms = price({ id: 'sms', name: 'SMS', priceType: 'usage', unitOfMeasure: { amount: 1, units: 'SMS' }, price: eur(0.1) });
const mobileM = offeringWith('po-mobile-m', [monthly, data, sms], { name: 'Mobile M' });

const terms: ChargeTerm[] = [
  {
    from: '2026-12-20T09:00:00.000Z',
    productOffering: { id: 'po-mobile-m', href: '/tmf-api/productCatalogManagement/v4/productOffering/po-mobile-m', name: 'Mobile M' },
    quantity: 1,
    characteristic: [],
    pinnedPrice: [monthly, data, sms].map(({ id }) => ({ id })),
  },
];
/** The clock the customer lives on: 6 February 2027, 12:00 in Paris. */
const clockTime = '2027-02-06T11:00:00.000Z';

let table: FakeUsageTable;
let sequence = 0;

function set(item: Record<string, unknown>) {
  table.items.set(`${String(item.pk)}|${String(item.sk)}`, structuredClone(item));
}

/** A record of prod-1 stored as the usage store stores it. */
function stored(usageDate: string, quantity: string, unit: string, status: UsageStatus = 'rated', productId = 'prod-1'): Record<string, unknown> {
  sequence += 1;
  const id = `u${String(sequence).padStart(5, '0')}`;
  const usage: Usage = {
    id,
    href: `/tmf-api/usageManagement/v4/usage/${id}`,
    '@type': 'Usage',
    usageDate: new Date(Date.parse(usageDate)).toISOString(),
    usageType: 'data',
    status,
    usageCharacteristic: [
      { name: 'quantity', value: quantity },
      { name: 'unit', value: unit },
      { name: 'recordId', value: id },
      { name: 'productId', value: productId },
    ],
    receivedAt: clockTime,
    lastUpdate: clockTime,
  };
  return usageItem({ usage, productId, customerId: 'cust-1', billingAccountId: 'ba-1', quantity, unit, recordId: id });
}

/** gsi1 as DynamoDB answers a key condition with BETWEEN: in sort-key order, `Limit` items a page, a page key to go on. */
function answerQueries(items: () => Record<string, unknown>[], pageSize = 2) {
  documentMock.on(QueryCommand).callsFake((input: QueryCommandInput) => {
    const values = input.ExpressionAttributeValues!;
    const matching = items()
      .filter((item) => item.gsi1pk === values[':pk'] && String(item.gsi1sk) >= String(values[':from']) && String(item.gsi1sk) <= String(values[':to']))
      .sort((a, b) => (String(a.gsi1sk) < String(b.gsi1sk) ? -1 : 1));
    const from = input.ExclusiveStartKey ? (input.ExclusiveStartKey.position as number) : 0;
    const size = Math.min(pageSize, input.Limit ?? pageSize);
    const page = matching.slice(from, from + size);
    return { Items: page, Count: page.length, ...(from + size < matching.length ? { LastEvaluatedKey: { position: from + size } } : {}) };
  });
}

const summary = (query: Record<string, string> | undefined, claims?: Claims) => invoke<UsageSummary>(handler, apiEvent({ method: 'GET', path: usageSummaryPath, ...(query ? { query } : {}), ...(claims ? { claims } : {}) }));
const queries = () => documentMock.commandCalls(QueryCommand).map((call) => call.args[0].input);

beforeEach(() => {
  documentMock.reset();
  sequence = 0;
  table = new FakeUsageTable().install(documentMock).testClock('clock-1', clockTime).product('prod-1', { terms, testClockId: 'clock-1' }).product('prod-2', { customerId: 'cust-2', billingAccountId: 'ba-2', terms });
  set(billingAccountItem(billingAccountResource({ id: 'ba-1', ownerId: 'cust-1', billingCycleDay: 1 })));
  set(customerItem(customerResource({ id: 'cust-1' })));
  set({ pk: `PRODUCT_OFFERING#${mobileM.id}`, sk: 'PRODUCT_OFFERING', resource: mobileM });
  for (const each of [monthly, data, sms]) set({ pk: `PRODUCT_OFFERING_PRICE#${each.id}`, sk: 'PRODUCT_OFFERING_PRICE', resource: each });
  for (const item of [
    stored('2027-02-02T10:00:00+01:00', '1.5', 'GB'),
    stored('2027-02-02T23:30:00+01:00', '500', 'MB', 'billed'),
    stored('2027-02-04T09:00:00+01:00', '100', 'GB', 'rejected'),
    stored('2027-02-05T09:00:00+01:00', '4', 'SMS'),
    stored('2027-01-15T09:00:00+01:00', '25', 'GB', 'billed'),
  ]) {
    set(item);
  }
  answerQueries(() => table.usageItems);
});

describe('GET /usage/v1/usageSummary (get-usage-summary)', () => {
  it("staff: the product's current and previous period by its customer's clock, per day in the account's zone, from bounded gsi1 Queries", async () => {
    const answer = await summary({ 'product.id': 'prod-1' });
    expect(answer.statusCode).toBe(200);
    expect(usageSummarySchema.safeParse(answer.body).error?.issues).toBeUndefined();
    const [current, previous] = answer.body.periods;
    expect(answer.body).toMatchObject({ product: { id: 'prod-1', name: 'Product prod-1' }, timeZone: 'Europe/Paris' });
    expect(current).toMatchObject({ which: 'current', start: '2027-01-31T23:00:00.000Z', end: '2027-02-28T23:00:00.000Z', asOf: clockTime, truncated: false });
    expect(current!.usage.map(({ usagePrice, included, used, remainingIncluded }) => ({ price: usagePrice.id, included, used, remainingIncluded }))).toEqual([
      { price: 'mobile-m-data', included: '20', used: '2', remainingIncluded: '18' },
      { price: 'sms', included: '0', used: '4', remainingIncluded: '0' },
    ]);
    expect(current!.usage[0]!.days).toEqual([
      { date: '2027-02-01', quantity: '0' },
      { date: '2027-02-02', quantity: '2' },
      { date: '2027-02-03', quantity: '0' },
      { date: '2027-02-04', quantity: '0' },
      { date: '2027-02-05', quantity: '0' },
      { date: '2027-02-06', quantity: '0' },
    ]);
    expect(previous).toMatchObject({ which: 'previous', start: '2026-12-31T23:00:00.000Z', end: '2027-01-31T23:00:00.000Z', asOf: '2027-01-31T23:00:00.000Z' });
    expect(previous!.usage.map(({ usagePrice, used, remainingIncluded }) => [usagePrice.id, used, remainingIncluded])).toEqual([['mobile-m-data', '25', '0']]);

    // One Query per period on the product's gsi1 partition, bounded by the period's dates, projected; no scan.
    expect(queries().map((input) => input.ExpressionAttributeValues)).toEqual(
      expect.arrayContaining([
        { ':pk': 'PRODUCT_USAGE#prod-1', ':from': '2027-01-31T23:00:00.000Z', ':to': `${clockTime}#~` },
        { ':pk': 'PRODUCT_USAGE#prod-1', ':from': '2026-12-31T23:00:00.000Z', ':to': '2027-01-31T22:59:59.999Z#~' },
      ]),
    );
    for (const input of queries()) {
      expect(input).toMatchObject({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to', Limit: expect.any(Number) });
      expect(input.ProjectionExpression).toContain('#quantity');
    }
    // Pages of two: the current period's three records are two Queries.
    expect(queries()).toHaveLength(3);
    expect(documentMock.commandCalls(ScanCommand)).toHaveLength(0);
  });

  it("the billing schedule's calendar wins over the account's: it is the one bills were made on", async () => {
    table.schedule('ba-1');
    const answer = await summary({ 'product.id': 'prod-1' });
    expect(answer.body).toMatchObject({ timeZone: 'UTC', periods: [{ start: '2027-02-01T00:00:00.000Z' }, { start: '2027-01-01T00:00:00.000Z' }] });
  });

  it('a customer reads its own product', async () => {
    const answer = await summary({ 'product.id': 'prod-1' }, customerClaims('cust-1'));
    expect(answer.statusCode).toBe(200);
    expect(answer.body.periods).toHaveLength(2);
  });

  it("another customer's product answers 404 as an unknown one, and no usage is read", async () => {
    const foreign = await summary({ 'product.id': 'prod-2' }, customerClaims('cust-1'));
    expectTmfError(foreign, 404, 'NOT_FOUND');
    const unknown = await summary({ 'product.id': 'prod-404' }, customerClaims('cust-1'));
    expectTmfError(unknown, 404, 'NOT_FOUND');
    const message = (answer: { body: unknown }) => (answer.body as { message: string }).message;
    expect(message(foreign)).toBe(message(unknown).replace('prod-404', 'prod-2'));
    expect(queries()).toHaveLength(0);
  });

  it.each([
    [undefined, ['product.id']],
    [{ 'product.id': '' }, ['product.id']],
    [{ 'product.id': 'prod-1,prod-2' }, ['product.id']],
    [{ 'product.id': 'prod-1', limit: '10' }, ['limit']],
  ])('%o is a 400 naming the parameter', async (query, fields) => {
    const answer = await summary(query);
    expectTmfError(answer, 400, 'INVALID_REQUEST');
    expect(detailFields(answer)).toEqual(fields);
    expect(documentMock.calls()).toHaveLength(0);
  });

  it('a usage feed may not ask (403)', async () => {
    const answer = await summary({ 'product.id': 'prod-1' }, mediationClaims);
    expectTmfError(answer, 403, 'FORBIDDEN');
  });

  it(`a period with more than ${maxRecordsPerPeriod} records is read up to the bound and summarised up to the start of the last day read, said so`, async () => {
    // One record a minute from 1 February 00:00 Paris: the 10 001st falls on 7 February, after the clock: the clock moves to 10 February.
    table.testClock('clock-1', '2027-02-10T11:00:00.000Z');
    const many: Record<string, unknown>[] = [];
    const first = Date.parse('2027-01-31T23:00:00.000Z');
    for (let minute = 0; minute <= maxRecordsPerPeriod; minute += 1) many.push(stored(new Date(first + minute * 60_000).toISOString(), '0.001', 'GB'));
    answerQueries(() => many, 4_000);
    const answer = await summary({ 'product.id': 'prod-1' });
    const current = answer.body.periods[0]!;
    // 10 000 minutes from 1 February 00:00 end on 7 February 22:39: the summary stops at 7 February 00:00.
    expect(current).toMatchObject({ truncated: true, asOf: '2027-02-06T23:00:00.000Z' });
    expect(current.usage[0]!.days.map((day) => day.date)).toEqual(['2027-02-01', '2027-02-02', '2027-02-03', '2027-02-04', '2027-02-05', '2027-02-06']);
    expect(current.usage[0]!.days.every((day) => day.quantity === '1.44')).toBe(true);
    expect(current.usage[0]!.used).toBe('8.64');
    const currentQueries = queries().filter((input) => input.ExpressionAttributeValues![':from'] === '2027-01-31T23:00:00.000Z');
    expect(currentQueries.map((input) => input.Limit)).toEqual([maxRecordsPerPeriod + 1, maxRecordsPerPeriod + 1 - 4_000, maxRecordsPerPeriod + 1 - 8_000]);
  });
});
