import { BatchWriteCommand, DeleteCommand, DynamoDBDocumentClient, PutCommand, QueryCommand, ScanCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { accountOverviewPath, accountOverviewSchema, type AccountOverview } from '../../../domain/billing/account-overview.js';
import { billIdFor, type CustomerBill } from '../../../domain/billing/customer-bill.js';
import type { Usage } from '../../../domain/usage/usage.js';
import { draftNextBill, type BillingContext } from '../../../functions/billing/account-billing.js';
import { handler } from '../../../functions/billing/get-account-overview.js';
import { handler as getBillingAccount } from '../../../functions/billing-accounts/get-billing-account.js';
import { simulatedTaxProvider } from '../../../functions/lib/providers/simulated-tax-provider.js';
import { logger } from '../../../functions/lib/observability/telemetry.js';
import { findSchedule } from '../../../functions/lib/store/billing-schedule-store.js';
import { usageItem } from '../../../functions/lib/store/usage-store.js';
import { apiEvent, customerClaims, mediationClaims, riskClaims, type Claims } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { billingAccountItem } from '../../support/fixtures.js';
import { expectValidTmf, tmf666 } from '../../support/tmf-schema.js';
import { billItem, feb1, issuedBill, mar1, mobileMTerm, parisAccount, parisCustomer, testClock, testClockItem, writeAccount, writeBill, writeCatalog } from './billing-fixtures.js';
import { FakeBillingTable } from './billing-table.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

/**
 * Ada lives on clock-1, now 10 February 2027, 13:00 in Paris. Her default account ba-1 has Mobile
 * M (20 GB included, in its launch promotion) since 16 January, was billed on 1 February (bill
 * 2027-000001) and is due on 1 March; a failed attempt left that bill's draft (`new`). In
 * February she used 22.5 GB. Her second account, Business, has nothing to bill. Bea (cust-2) is
 * another customer.
 */
const clockTime = '2027-02-10T12:00:00.000Z';
const clockRef = { id: 'clock-1', href: '/billing/v1/testClock/clock-1' };
const dataTerm = mobileMTerm(undefined, { pinnedPrice: [{ id: 'm-monthly' }, { id: 'm-promo' }, { id: 'm-data' }] });

let table: FakeBillingTable;
let sequence = 0;

function usageRecord(productId: string, usageDate: string, quantity: string): Record<string, unknown> {
  sequence += 1;
  const id = `u${sequence}`;
  const usage: Usage = {
    id,
    href: `/tmf-api/usageManagement/v4/usage/${id}`,
    '@type': 'Usage',
    usageDate,
    usageType: 'data',
    status: 'rated',
    usageCharacteristic: [
      { name: 'quantity', value: quantity },
      { name: 'unit', value: 'GB' },
      { name: 'recordId', value: id },
      { name: 'productId', value: productId },
    ],
    ratedProductUsage: [
      {
        '@type': 'RatedProductUsage',
        productRef: { id: productId, href: `/tmf-api/productInventory/v4/product/${productId}`, name: 'Mobile M', '@referredType': 'Product' },
        usageRatingTag: 'usage',
        ratingAmountType: 'total',
        isBilled: false,
        offerTariffType: 'Mobile M data overage',
      },
    ],
    receivedAt: usageDate,
    lastUpdate: usageDate,
  };
  return usageItem({ usage, productId, customerId: 'cust-1', billingAccountId: 'ba-1', quantity, unit: 'GB', recordId: id });
}

const overview = (customerId: string | undefined, claims?: Claims, extra: Record<string, string> = {}) =>
  invoke<AccountOverview>(
    handler,
    apiEvent({ method: 'GET', path: accountOverviewPath, query: { ...(customerId === undefined ? {} : { 'relatedParty.id': customerId }), ...extra }, ...(claims ? { claims } : {}) }),
  );

const writes = () => [PutCommand, UpdateCommand, DeleteCommand, BatchWriteCommand, TransactWriteCommand].flatMap((command) => documentMock.commandCalls(command as never));

beforeEach(() => {
  documentMock.reset();
  sequence = 0;
  table = new FakeBillingTable().install(documentMock);
  writeCatalog(table);
  table.put(testClockItem(testClock('clock-1', clockTime)));
  writeAccount(table, {
    accountId: 'ba-1',
    customerId: 'cust-1',
    products: [[dataTerm]],
    nextBillAt: mar1,
    lastBillAt: feb1,
    testClockId: 'clock-1',
    customer: { testClock: clockRef },
    account: { name: 'Ada - default', testClock: clockRef },
  });
  table.put(billingAccountItem(parisAccount('ba-2', 'cust-1', { name: 'Business', isDefault: false, testClock: clockRef })));
  writeBill(table, issuedBill({ accountId: 'ba-1', customerId: 'cust-1', billDate: feb1, billNo: '2027-000001', terms: [dataTerm], productId: 'prod-ba-1-1' }), 'cust-1');
  const draft: CustomerBill = { ...issuedBill({ accountId: 'ba-1', customerId: 'cust-1', billDate: mar1, previousBillDate: feb1, billNo: 'unused', terms: [dataTerm], productId: 'prod-ba-1-1' }).bill, state: 'new' };
  delete draft.billNo;
  delete draft.billDocument;
  table.put(billItem(draft, 'cust-1', 1));
  table.put(usageRecord('prod-ba-1-1', '2027-02-02T09:00:00.000Z', '1.5'));
  table.put(usageRecord('prod-ba-1-1', '2027-02-05T09:00:00.000Z', '21'));
  writeAccount(table, { accountId: 'ba-9', customerId: 'cust-2' });
});

afterEach(() => vi.restoreAllMocks());

describe('GET /billing/v1/accountOverview (get-account-overview)', () => {
  it("a customer's own: each account as TMF666 serves it, the latest issued bill, the next bill estimated, this period's usage; at its clock's time", async () => {
    const answer = await overview('cust-1', customerClaims('cust-1'));
    expect(answer.statusCode).toBe(200);
    expect(accountOverviewSchema.safeParse(answer.body).error?.issues).toBeUndefined();
    expect(answer.body.customer).toEqual({ id: 'cust-1' });
    expect(answer.body.asOf).toBe(clockTime);
    // The default account first, then by name.
    expect(answer.body.accounts.map((entry) => entry.billingAccount.id)).toEqual(['ba-1', 'ba-2']);
    const [ada, business] = answer.body.accounts;

    for (const entry of answer.body.accounts) {
      const account = await invoke(getBillingAccount, apiEvent({ method: 'GET', path: `/tmf-api/accountManagement/v4/billingAccount/${entry.billingAccount.id}`, resource: '/tmf-api/accountManagement/v4/billingAccount/{id}', pathParameters: { id: entry.billingAccount.id }, claims: customerClaims('cust-1') }));
      expect(entry.billingAccount).toEqual(account.body);
      expectValidTmf(tmf666, 'BillingAccount', entry.billingAccount);
      expect(entry.asOf).toBe(clockTime);
    }

    // The bill of 1 February, not the newer draft of 1 March.
    expect(ada!.latestBill).toEqual({
      id: billIdFor('ba-1', feb1),
      href: `/tmf-api/customerBillManagement/v4/customerBill/${billIdFor('ba-1', feb1)}`,
      billNo: '2027-000001',
      billDate: feb1,
      paymentDueDate: '2027-02-14T23:00:00.000Z',
      state: 'validated',
      taxIncludedAmount: { unit: 'EUR', value: 15.03 },
      remainingAmount: { unit: 'EUR', value: 15.03 },
    });
    expect(ada!.nextBill).toMatchObject({ billDate: mar1, billingPeriod: { startDateTime: feb1, endDateTime: mar1 } });
    expect(ada!.nextBill!.estimate).toMatchObject({ usageUpTo: clockTime, taxIncludedAmount: { unit: 'EUR', value: 15 } });
    expect(ada!.nextBill!.estimate!.lines.map((line) => [line.type, line.name, line.amount.value])).toEqual([
      ['recurring', 'Mobile M monthly', 8.33],
      ['usage', 'Mobile M data overage', 4.17],
    ]);
    expect(ada!.usage).toEqual([
      {
        product: { id: 'prod-ba-1-1', name: 'Mobile M' },
        start: feb1,
        end: mar1,
        asOf: clockTime,
        truncated: false,
        prices: [expect.objectContaining({ usagePrice: { id: 'm-data', name: 'Mobile M data overage' }, unit: 'GB', included: '20', used: '22.5', remainingIncluded: '0' })],
      },
    ]);
    // Business: never billed, no schedule, no product.
    expect(business).toEqual({ billingAccount: expect.objectContaining({ id: 'ba-2' }), asOf: clockTime, usage: [] });

    // Read-only, bounded: nothing written, no scan, every Query on a key.
    expect(writes()).toEqual([]);
    expect(documentMock.commandCalls(ScanCommand)).toHaveLength(0);
    for (const call of documentMock.commandCalls(QueryCommand)) expect(call.args[0].input.KeyConditionExpression).toMatch(/^(gsi\dpk|pk|#pk) = :pk\b/);
  });

  it('the estimate is the bill the billing run then makes from the same table: the same totals and lines', async () => {
    const answer = await overview('cust-1');
    const estimate = answer.body.accounts[0]!.nextBill!.estimate!;
    const schedule = await findSchedule('ba-1');
    const context: BillingContext = { taxProvider: simulatedTaxProvider, paymentTermsDays: 14, correlationId: 'run-1', now: '2027-03-01T02:00:00.000Z' };
    const outcome = await draftNextBill({ ...schedule!, nextBillAt: schedule!.nextBillAt! }, context);
    if (outcome.kind !== 'drafted') throw new Error('nothing billed');
    expect(outcome.bill.taxIncludedAmount).toEqual(estimate.taxIncludedAmount);
    expect(outcome.bill.taxExcludedAmount).toEqual(estimate.taxExcludedAmount);
    const lines = table.itemsOf(`BILL#${outcome.bill.id}`).filter((item) => String(item.sk).startsWith('LINE#')).map((item) => item.resource as { name: string; description: string; taxExcludedAmount: unknown });
    expect(lines.map((line) => [line.name, line.description, line.taxExcludedAmount])).toEqual(estimate.lines.map((line) => [line.name, line.description, line.amount]));
  });

  it('staff read any customer’s overview: the same answer', async () => {
    const own = await overview('cust-1', customerClaims('cust-1'));
    const staff = await overview('cust-1');
    expect(staff.statusCode).toBe(200);
    expect(staff.body).toEqual(own.body);
  });

  it('a customer without an address to tax at: the next bill has its date and period, no estimate, and a warning is logged', async () => {
    const stored = table.get({ pk: 'CUSTOMER#cust-1', sk: 'CUSTOMER' })!;
    table.put({ ...stored, resource: parisCustomer('cust-1', { testClock: clockRef, contactMedium: [{ mediumType: 'email', preferred: true, characteristic: { emailAddress: 'ada@example.com' } }] }) });
    const warn = vi.spyOn(logger, 'warn');
    const answer = await overview('cust-1');
    expect(answer.statusCode).toBe(200);
    expect(answer.body.accounts[0]!.nextBill).toEqual({ billDate: mar1, billingPeriod: { startDateTime: feb1, endDateTime: mar1 } });
    expect(answer.body.accounts[0]!.usage).toHaveLength(1);
    expect(warn).toHaveBeenCalledWith('next bill estimate left out', expect.objectContaining({ billingAccountId: 'ba-1', billDate: mar1, reason: expect.stringContaining('no postal address') }));
  });

  it("another customer's id answers 404 exactly as an unknown customer's, before anything is read", async () => {
    const foreign = await overview('cust-2', customerClaims('cust-1'));
    expectTmfError(foreign, 404, 'NOT_FOUND');
    expect(documentMock.calls()).toHaveLength(0);
    const unknown = await overview('cust-404', customerClaims('cust-1'));
    const staffUnknown = await overview('cust-404');
    expectTmfError(staffUnknown, 404, 'NOT_FOUND');
    const message = (answer: { body: unknown }) => (answer.body as { message: string }).message;
    expect(message(foreign)).toBe(message(unknown).replace('cust-404', 'cust-2'));
    expect(message(staffUnknown)).toBe(message(unknown));
  });

  it.each([
    [undefined, {}, ['relatedParty.id']],
    ['', {}, ['relatedParty.id']],
    ['cust-1,cust-2', {}, ['relatedParty.id']],
    ['cust-1', { fields: 'accounts' }, ['fields']],
  ])('relatedParty.id %o with %o is a 400 naming the parameter', async (customerId, extra, fields) => {
    const answer = await overview(customerId, undefined, extra);
    expectTmfError(answer, 400, 'INVALID_REQUEST');
    expect(detailFields(answer)).toEqual(fields);
    expect(documentMock.calls()).toHaveLength(0);
  });

  it.each([
    ['a usage feed', mediationClaims],
    ['a risk officer (it reads billing accounts, not bills nor usage)', riskClaims],
  ])('%s may not ask (403)', async (_who, claims) => {
    expectTmfError(await overview('cust-1', claims), 403, 'FORBIDDEN');
    expect(documentMock.calls()).toHaveLength(0);
  });
});
