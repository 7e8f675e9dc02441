import { DynamoDBDocumentClient, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChargeTerm } from '../../../domain/billing/charge-term.js';
import type { ProductStatus } from '../../../domain/product-inventory/product.js';
import { handler } from '../../../functions/billing/preview-product-change.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { agentClaims, apiEvent, customerClaims, mediationClaims, type Claims } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { productIn, productItem } from '../../support/product-fixtures.js';
import { tmf678 } from '../../support/tmf-schema.js';
import { catalog, term } from '../../unit/domain/billing/billing-fixtures.js';
import { feb1, mar1, testClock, testClockItem, writeAccount } from './billing-fixtures.js';
import { FakeBillingTable } from './billing-table.js';

/**
 * POST /billing/v1/productChangePreview over the fake table: the worked example 4 of
 * docs/billing.md (Mobile M at 20.00 to Mobile L at 30.00 on 10 Feb 13:00 Paris) previewed by its
 * customer, on a test clock and on the system's time, by staff; a termination; and every refusal,
 * with nothing written.
 */
const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const path = '/billing/v1/productChangePreview';
const apr1 = '2027-03-31T22:00:00.000Z';
const changeAt = '2027-02-10T12:00:00.000Z';
const post = (body: unknown, claims: Claims = customerClaims('cust-1')) => invoke(handler, apiEvent({ method: 'POST', path, body, claims }), lambdaContext('preview-product-change'));
const modify = (offeringId = 'mobile-l', productId = 'prod-ba-1-1') => ({ product: { id: productId }, action: 'modify', productOffering: { id: offeringId } });
const terminate = (productId = 'prod-ba-1-1') => ({ product: { id: productId }, action: 'delete' });

let table: FakeBillingTable;

/** The plans as orders sell them: sellable, on sale. */
function writeSellableCatalog() {
  for (const offering of catalog.offerings.values()) {
    table.put({ pk: `PRODUCT_OFFERING#${offering.id}`, sk: 'PRODUCT_OFFERING', entityType: 'ProductOffering', version: 1, resource: { ...offering, isSellable: true } });
  }
  for (const price of catalog.prices.values()) table.put({ pk: `PRODUCT_OFFERING_PRICE#${price.id}`, sk: 'PRODUCT_OFFERING_PRICE', entityType: 'ProductOfferingPrice', version: 1, resource: price });
}

/** cust-1's account ba-1, billed on 1 Feb, with Mobile M at 20.00 since October (product prod-ba-1-1, `status`). */
function writeMobileM(options: { status?: ProductStatus; testClockId?: string; customerId?: string; accountId?: string } = {}) {
  const customerId = options.customerId ?? 'cust-1';
  const accountId = options.accountId ?? 'ba-1';
  const terms: ChargeTerm[] = [term('mobile-m', '2026-10-01T09:00:00.000Z', ['m-monthly'])];
  writeAccount(table, {
    accountId,
    customerId,
    products: [terms],
    nextBillAt: mar1,
    lastBillAt: feb1,
    ...(options.testClockId
      ? { testClockId: options.testClockId, customer: { testClock: { id: options.testClockId, href: `/billing/v1/testClock/${options.testClockId}` } }, account: { testClock: { id: options.testClockId, href: `/billing/v1/testClock/${options.testClockId}` } } }
      : {}),
  });
  // As order-to-cash records it: the product names its offering.
  const product = productIn(options.status ?? 'active', {
    id: `prod-${accountId}-1`,
    name: 'Mobile M',
    customerId,
    billingAccountId: accountId,
    productOffering: { id: 'mobile-m', href: '/tmf-api/productCatalogManagement/v4/productOffering/mobile-m', name: 'Mobile M' },
  });
  table.put({ ...productItem(product, 2, terms), ...(options.testClockId ? { testClockId: options.testClockId } : {}) });
}

const nothingWritten = () => {
  expect(documentMock.commandCalls(PutCommand)).toHaveLength(0);
  expect(documentMock.commandCalls(UpdateCommand)).toHaveLength(0);
  expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
};

const vat = (value: number) => [{ taxCategory: 'telecommunications', taxRate: 20, taxAmount: { unit: 'EUR', value }, '@type': 'AppliedBillingTaxRate' }];
/** Example 4's bill of 1 March, as its lines will read. */
const exampleFourLines = [
  {
    name: 'Mobile M monthly',
    description: 'Mobile M monthly: the unused part paid in advance, given back (plan change)',
    type: 'credit',
    periodCoverage: { startDateTime: changeAt, endDateTime: mar1 },
    taxExcludedAmount: { unit: 'EUR', value: -10.98 },
    taxIncludedAmount: { unit: 'EUR', value: -13.18 },
    appliedTax: vat(-2.2),
  },
  {
    name: 'Mobile L monthly',
    description: 'Mobile L monthly, pro rata',
    type: 'recurring',
    periodCoverage: { startDateTime: changeAt, endDateTime: mar1 },
    taxExcludedAmount: { unit: 'EUR', value: 16.48 },
    taxIncludedAmount: { unit: 'EUR', value: 19.78 },
    appliedTax: vat(3.3),
  },
  {
    name: 'Mobile L monthly',
    description: 'Mobile L monthly',
    type: 'recurring',
    periodCoverage: { startDateTime: mar1, endDateTime: apr1 },
    taxExcludedAmount: { unit: 'EUR', value: 25 },
    taxIncludedAmount: { unit: 'EUR', value: 30 },
    appliedTax: vat(5),
  },
];

beforeEach(() => {
  documentMock.reset();
  table = new FakeBillingTable().install(documentMock);
  writeSellableCatalog();
  return () => vi.restoreAllMocks();
});

describe('POST /billing/v1/productChangePreview (preview-product-change)', () => {
  it("200 for the customer's own plan change, at its test clock's time: the lines of the bill of 1 March, with their totals", async () => {
    vi.spyOn(systemClock, 'now').mockReturnValue('2030-06-01T00:00:00.000Z');
    table.put(testClockItem(testClock('clock-1', changeAt)));
    writeMobileM({ testClockId: 'clock-1' });
    const answer = await post(modify());

    expect(answer.statusCode).toBe(200);
    expect(answer.body).toEqual({
      product: { id: 'prod-ba-1-1', name: 'Mobile M' },
      action: 'modify',
      productOffering: { id: 'mobile-l', name: 'Mobile L' },
      effectiveAt: changeAt,
      billingAccount: { id: 'ba-1' },
      nextBillDate: mar1,
      lines: exampleFourLines,
      taxExcludedAmount: { unit: 'EUR', value: 30.5 },
      taxIncludedAmount: { unit: 'EUR', value: 36.6 },
    });
    nothingWritten();
  });

  it("a customer without a clock previews at the system's time; staff (an agent) preview any customer's product", async () => {
    vi.spyOn(systemClock, 'now').mockReturnValue(changeAt);
    writeMobileM();
    const own = await post(modify());
    expect(own.statusCode).toBe(200);
    expect(own.body).toMatchObject({ effectiveAt: changeAt, nextBillDate: mar1, lines: exampleFourLines });
    const staff = await post(modify(), agentClaims);
    expect(staff.statusCode).toBe(200);
    expect(staff.body).toEqual(own.body);
    nothingWritten();
  });

  it('a termination gives back the rest of February, and names no offering', async () => {
    vi.spyOn(systemClock, 'now').mockReturnValue('2027-02-13T23:00:00.000Z');
    writeMobileM();
    const answer = await post(terminate());
    expect(answer.statusCode).toBe(200);
    // 14 Feb 00:00 → 1 Mar: 1 296 000 s of February's 2 419 200 at 20.00 = 10.7142… → 10.71, of which 10.71 ÷ 1.2 = 8.925 → 8.92 (half-even) before VAT.
    expect(answer.body).toEqual({
      product: { id: 'prod-ba-1-1', name: 'Mobile M' },
      action: 'delete',
      effectiveAt: '2027-02-13T23:00:00.000Z',
      billingAccount: { id: 'ba-1' },
      nextBillDate: mar1,
      lines: [
        {
          name: 'Mobile M monthly',
          description: 'Mobile M monthly: the unused part paid in advance, given back (termination)',
          type: 'credit',
          periodCoverage: { startDateTime: '2027-02-13T23:00:00.000Z', endDateTime: mar1 },
          taxExcludedAmount: { unit: 'EUR', value: -8.92 },
          taxIncludedAmount: { unit: 'EUR', value: -10.71 },
          appliedTax: vat(-1.79),
        },
      ],
      taxExcludedAmount: { unit: 'EUR', value: -8.92 },
      taxIncludedAmount: { unit: 'EUR', value: -10.71 },
    });
  });

  it("the bill after those that fell due and were not run yet: on 10 March the 1 March bill is still to come, so the lines go on 1 April's", async () => {
    vi.spyOn(systemClock, 'now').mockReturnValue('2027-03-10T12:00:00.000Z');
    writeMobileM();
    const answer = await post(terminate());
    expect(answer.statusCode).toBe(200);
    expect(answer.body.nextBillDate).toBe(apr1);
    expect(answer.body.lines.map((line: any) => [line.type, line.periodCoverage])).toEqual([['credit', { startDateTime: '2027-03-10T12:00:00.000Z', endDateTime: apr1 }]]);
  });

  it("404 for another customer's product, exactly as for an unknown one", async () => {
    vi.spyOn(systemClock, 'now').mockReturnValue(changeAt);
    writeMobileM({ customerId: 'cust-2', accountId: 'ba-2' });
    const foreign = await post(modify('mobile-l', 'prod-ba-2-1'));
    expectTmfError(foreign, 404, 'NOT_FOUND', tmf678);
    const unknown = await post(modify('mobile-l', 'prod-ba-9-1'));
    expectTmfError(unknown, 404, 'NOT_FOUND', tmf678);
    expect(foreign.body.message).toBe('product prod-ba-2-1 does not exist');
    expect({ ...foreign.body, message: '' }).toEqual({ ...unknown.body, message: '' });
    nothingWritten();
  });

  it.each<ProductStatus>(['suspended', 'terminated', 'pendingActive'])('409 PRODUCT_NOT_ACTIVE for a %s product', async (status) => {
    vi.spyOn(systemClock, 'now').mockReturnValue(changeAt);
    writeMobileM({ status });
    const answer = await post(terminate());
    expectTmfError(answer, 409, 'PRODUCT_NOT_ACTIVE', tmf678);
    expect(answer.body.message).toBe(`product prod-ba-1-1 is ${status}; only an active product can change plan or be terminated`);
    nothingWritten();
  });

  it.each([
    ['the offering it already has', 'mobile-m', 'already has offering Mobile M'],
    ['an unknown offering', 'mobile-xl', 'no product offering mobile-xl'],
  ])('400 naming productOffering.id, as the order would, for %s', async (_case, offeringId, problem) => {
    vi.spyOn(systemClock, 'now').mockReturnValue(changeAt);
    writeMobileM();
    const answer = await post(modify(offeringId));
    expectTmfError(answer, 400, 'INVALID_REQUEST', tmf678);
    expect(detailFields(answer)).toEqual(['productOffering.id']);
    expect(answer.body.details[0].problem).toContain(problem);
    nothingWritten();
  });

  it('400 naming productOffering.id for an offering that is not on sale, as the order would', async () => {
    vi.spyOn(systemClock, 'now').mockReturnValue(changeAt);
    writeMobileM();
    const stored = table.get({ pk: 'PRODUCT_OFFERING#mobile-l', sk: 'PRODUCT_OFFERING' })!;
    table.put({ ...stored, resource: { ...(stored.resource as object), lifecycleStatus: 'Retired' } });
    const answer = await post(modify());
    expectTmfError(answer, 400, 'INVALID_REQUEST', tmf678);
    expect(detailFields(answer)).toEqual(['productOffering.id']);
    expect(answer.body.details[0].problem).toContain('is not on sale (Retired)');
  });

  it('409 as the order would when the account cannot order: a suspended account', async () => {
    vi.spyOn(systemClock, 'now').mockReturnValue(changeAt);
    writeMobileM();
    const stored = table.get({ pk: 'BILLING_ACCOUNT#ba-1', sk: 'BILLING_ACCOUNT' })!;
    table.put({ ...stored, resource: { ...(stored.resource as object), state: 'Suspended' } });
    expectTmfError(await post(terminate()), 409, 'ACCOUNT_CANNOT_ORDER', tmf678);
  });

  it.each([
    ['a plan change without the offering', { product: { id: 'p' }, action: 'modify' }, ['productOffering']],
    ['a termination naming an offering', { product: { id: 'p' }, action: 'delete', productOffering: { id: 'mobile-l' } }, ['productOffering']],
    ['an action it does not preview', { product: { id: 'p' }, action: 'add', productOffering: { id: 'mobile-l' } }, ['action']],
    ['no product', { action: 'delete' }, ['product']],
    ['an attribute it does not take', { product: { id: 'p' }, action: 'delete', requestedStartDate: '2027-03-01T00:00:00Z' }, ['requestedStartDate']],
  ])('400 naming the field for %s, before reading anything', async (_case, body, fields) => {
    const answer = await post(body);
    expectTmfError(answer, 400, 'INVALID_REQUEST', tmf678);
    expect(detailFields(answer)).toEqual(fields);
    expect(documentMock.calls()).toHaveLength(0);
  });

  it('403 for a usage feed, before reading anything', async () => {
    expectTmfError(await post(terminate(), mediationClaims), 403, 'FORBIDDEN', tmf678);
    expect(documentMock.calls()).toHaveLength(0);
  });
});
