import { DynamoDBDocumentClient, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppliedCustomerBillingRate } from '../../../domain/billing/customer-bill.js';
import { customerDataExportSchema, usageExportLimit } from '../../../domain/customers/customer-data-export.js';
import { handler } from '../../../functions/customers/export-customer-data.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { adminClaims, agentClaims, apiEvent, customerClaims, mediationClaims, riskClaims, type Claims } from '../../support/api-event.js';
import { expectTmfError, invoke } from '../../support/api-answer.js';
import { customerItem, customerResource } from '../../support/fixtures.js';
import { lineItem, testClock, testClockItem } from '../billing/billing-fixtures.js';
import { FakeBillingTable } from '../billing/billing-table.js';
import { writeCustomerAccount, writeIssuedBill } from '../collections/collections-fixtures.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const template = '/customers/v1/customer/{id}/dataExport';
const pathOf = (id: string) => `/customers/v1/customer/${id}/dataExport`;
const now = '2027-03-10T09:30:00.000Z';

/** An item a customer owns, listed under its gsi2 partition as the stores write it (docs/data-model.md). */
function owned(customerId: string, pkType: string, entityType: string, id: string, date: string, resource: Record<string, unknown> = {}) {
  return {
    pk: `${pkType}#${id}`,
    sk: pkType,
    entityType,
    version: 1,
    resource: { id, '@type': entityType, ...resource },
    gsi2pk: `CUSTOMER#${customerId}`,
    gsi2sk: `${entityType}#${date}#${id}`,
  };
}

function line(billId: string, index: number, customerId: string) {
  const id = `${billId}-${String(index).padStart(4, '0')}`;
  return lineItem({ id, '@type': 'AppliedCustomerBillingRate', bill: { id: billId }, billingAccount: { id: `ba-of-${customerId}` }, date: '2027-02-01T00:00:00.000Z' } as unknown as AppliedCustomerBillingRate, customerId);
}

/** Everything one customer has: an account with a bill (and its ledger entry) and two lines, one of each other resource, preferences; the same for another customer. */
function writeCustomerData(table: FakeBillingTable, customerId: string, accountId: string) {
  writeCustomerAccount(table, { customerId, accountId });
  const bill = writeIssuedBill(table, { id: `bill-${customerId}`, amount: 29.03, accountId, customerId, paymentDueDate: '2027-02-15T00:00:00.000Z' });
  table.put(line(bill.id, 2, customerId));
  table.put(line(bill.id, 1, customerId));
  table.put(owned(customerId, 'PRODUCT', 'Product', `prod-${customerId}`, '2027-01-16T09:00:00.000Z'));
  table.put(owned(customerId, 'PRODUCT_ORDER', 'ProductOrder', `order-${customerId}`, '2027-01-16T09:00:00.000Z'));
  table.put(owned(customerId, 'CANCEL_PRODUCT_ORDER', 'CancelProductOrder', `cancel-${customerId}`, '2027-01-17T09:00:00.000Z'));
  table.put(owned(customerId, 'CUSTOMER_BILL_ON_DEMAND', 'CustomerBillOnDemand', `ondemand-${customerId}`, '2027-02-17T09:00:00.000Z'));
  table.put(owned(customerId, 'PAYMENT', 'Payment', `pay-${customerId}`, '2027-02-10T09:00:00.000Z'));
  table.put(owned(customerId, 'REFUND', 'Refund', `refund-${customerId}`, '2027-02-11T09:00:00.000Z'));
  table.put(owned(customerId, 'CREDIT_NOTE', 'CreditNote', `cn-${customerId}`, '2027-02-12T09:00:00.000Z'));
  table.put(owned(customerId, 'COMMUNICATION_MESSAGE', 'CommunicationMessage', `cm-${customerId}`, '2027-02-01T00:00:03.000Z'));
  table.put(owned(customerId, 'SUPPORT_CASE', 'SupportCase', `case-${customerId}`, '2027-02-20T09:00:00.000Z'));
  table.put(owned(customerId, 'USAGE', 'Usage', `usage-${customerId}`, '2027-03-02T18:12:00.000Z', { usageDate: '2027-03-02T18:12:00.000Z' }));
  table.put({
    pk: `CUSTOMER#${customerId}`,
    sk: 'COMMUNICATION_PREFERENCES',
    entityType: 'CommunicationPreferences',
    version: 1,
    resource: { choices: [{ kind: 'paymentReceipt', email: false, sms: false }], lastUpdate: '2027-02-01T10:00:00.000Z' },
  });
}

let table: FakeBillingTable;
beforeEach(() => {
  documentMock.reset();
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  table = new FakeBillingTable().install(documentMock);
  writeCustomerData(table, 'cust-1', 'ba-1');
  writeCustomerData(table, 'cust-2', 'ba-2');
  return () => vi.restoreAllMocks();
});

const exportOf = (id: string, claims: Claims = adminClaims) => invoke(handler, apiEvent({ method: 'GET', path: pathOf(id), resource: template, pathParameters: { id }, claims }));
const ids = (list: { id: string }[]) => list.map((each) => each.id);

describe('GET /customers/v1/customer/{id}/dataExport (export-customer-data)', () => {
  it("200: one JSON attachment with every section of the customer's data, and nothing of another customer's", async () => {
    const answer = await exportOf('cust-1', customerClaims('cust-1'));
    expect(answer.statusCode, JSON.stringify(answer.body)).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(answer.headers['content-disposition']).toBe('attachment; filename="customer-cust-1.json"');
    expect(answer.headers['cache-control']).toBe('no-store');
    const document = answer.body;
    expect(customerDataExportSchema.safeParse(document).error?.issues).toBeUndefined();
    expect(document).toMatchObject({ '@type': 'CustomerDataExport', customerId: 'cust-1', generatedAt: now, customer: { id: 'cust-1' } });
    expect(document.communicationPreferences.preferences.find((each: { kind: string }) => each.kind === 'paymentReceipt')).toMatchObject({ email: false, sms: false });
    expect(ids(document.billingAccounts)).toEqual(['ba-1']);
    expect(document.billingAccounts[0].accountBalance).toBeDefined();
    expect(document.ledgerEntries.map((entry: { reference: { id: string } }) => entry.reference.id)).toEqual(['bill-cust-1']);
    expect(document.bills.map((each: { bill: { id: string }; lines: { id: string }[] }) => [each.bill.id, ids(each.lines)])).toEqual([['bill-cust-1', ['bill-cust-1-0001', 'bill-cust-1-0002']]]);
    expect(ids(document.products)).toEqual(['prod-cust-1']);
    expect(ids(document.productOrders)).toEqual(['order-cust-1']);
    expect(ids(document.cancelProductOrders)).toEqual(['cancel-cust-1']);
    expect(ids(document.customerBillsOnDemand)).toEqual(['ondemand-cust-1']);
    expect(ids(document.payments)).toEqual(['pay-cust-1']);
    expect(ids(document.refunds)).toEqual(['refund-cust-1']);
    expect(ids(document.creditNotes)).toEqual(['cn-cust-1']);
    expect(document.usage).toMatchObject({ from: '2026-02-10T09:30:00.000Z', to: now, limit: usageExportLimit, truncated: false });
    expect(ids(document.usage.records)).toEqual(['usage-cust-1']);
    expect(ids(document.communicationMessages)).toEqual(['cm-cust-1']);
    expect(ids(document.supportCases)).toEqual(['case-cust-1']);
    expect(JSON.stringify(document)).not.toContain('cust-2');
  });

  it('reads by keys only: Queries of the customer’s partitions and of its accounts’ ledgers, never a Scan', async () => {
    await exportOf('cust-1');
    expect(documentMock.commandCalls(ScanCommand)).toHaveLength(0);
    const partitions = documentMock.commandCalls(QueryCommand).map((call) => call.args[0].input.ExpressionAttributeValues?.[':pk']);
    expect(partitions.length).toBeGreaterThan(0);
    expect(new Set(partitions)).toEqual(new Set(['CUSTOMER#cust-1', 'BILLING_ACCOUNT#ba-1']));
  });

  it('usage: the last 13 months only, at most the limit, the newest kept and the cut said', async () => {
    table.put(owned('cust-1', 'USAGE', 'Usage', 'usage-too-old', '2026-02-09T09:00:00.000Z', { usageDate: '2026-02-09T09:00:00.000Z' }));
    const first = await exportOf('cust-1');
    expect(ids(first.body.usage.records)).toEqual(['usage-cust-1']);

    for (let index = 0; index < usageExportLimit + 4; index += 1) {
      const at = new Date(Date.parse('2027-01-01T00:00:00.000Z') + index * 60_000).toISOString();
      table.put(owned('cust-1', 'USAGE', 'Usage', `call-${String(index).padStart(5, '0')}`, at, { usageDate: at }));
    }
    documentMock.resetHistory();
    const capped = await exportOf('cust-1');
    const records = capped.body.usage.records as { id: string; usageDate: string }[];
    expect(capped.body.usage.truncated).toBe(true);
    expect(records).toHaveLength(usageExportLimit);
    // Oldest first, ending with the newest record; the four oldest calls were left out.
    expect(records.at(-1)!.id).toBe('usage-cust-1');
    expect(records[0]!.id).toBe('call-00005');
    const usageQueries = documentMock.commandCalls(QueryCommand).filter((call) => String(call.args[0].input.ExpressionAttributeValues?.[':from'] ?? '').startsWith('Usage#'));
    expect(usageQueries.map((call) => call.args[0].input)).toEqual([expect.objectContaining({ IndexName: 'gsi2', ScanIndexForward: false, Limit: usageExportLimit + 1 })]);
  });

  it("a customer on a test clock: generatedAt and the usage window are the clock's", async () => {
    table.put(testClockItem(testClock('clock-1', '2028-01-15T00:00:00.000Z')));
    table.put(customerItem(customerResource({ id: 'cust-3', testClock: { id: 'clock-1', href: '/billing/v1/testClock/clock-1' } })));
    const answer = await exportOf('cust-3', agentClaims);
    expect(answer.body).toMatchObject({ generatedAt: '2028-01-15T00:00:00.000Z', usage: { from: '2026-12-15T00:00:00.000Z', to: '2028-01-15T00:00:00.000Z' } });
    expect(answer.body.billingAccounts).toEqual([]);
  });

  it("a customer's own only: another's answers 404 without reading anything; staff export any; 404 for an unknown customer; 403 for others", async () => {
    expectTmfError(await exportOf('cust-2', customerClaims('cust-1')), 404, 'NOT_FOUND');
    expect(documentMock.calls()).toHaveLength(0);
    expect((await exportOf('cust-2', agentClaims)).body.customerId).toBe('cust-2');
    expectTmfError(await exportOf('nobody'), 404, 'NOT_FOUND');
    expectTmfError(await exportOf('cust-1', mediationClaims), 403, 'FORBIDDEN');
    expectTmfError(await exportOf('cust-1', riskClaims), 403, 'FORBIDDEN');
  });
});
