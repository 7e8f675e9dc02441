import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Customer } from '../../../domain/customers/customer.js';
import { CustomerErased } from '../../../domain/events/customer-events.js';
import { handler } from '../../../functions/customers/delete-customer.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { agentClaims, customerClaims, resourceEvent, type ApiEventInput } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { expectValidTmf, tmf629 } from '../../support/tmf-schema.js';
import { billingAccountItem, billingAccountResource, customerItem, customerResource } from '../../support/fixtures.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const path = '/tmf-api/customerManagement/v4/customer';
const now = '2026-05-01T08:00:00.000Z';

const remove = (input: Partial<ApiEventInput> = {}, id = 'cust-1') => invoke(handler, resourceEvent('DELETE', path, id, { headers: { 'x-correlation-id': 'corr-delete' }, ...input }));

function storeCustomer(customer: Customer, version: number) {
  documentMock.on(GetCommand, { Key: { pk: `CUSTOMER#${customer.id}`, sk: 'CUSTOMER' } }).resolves({ Item: customerItem(customer, version) });
}

/** What the customer's range of gsi2 holds, by the sort key prefix of each kind. */
let owned: Record<string, Record<string, unknown>[]> = {};
function answerQueries() {
  documentMock.on(QueryCommand).callsFake((input: QueryCommandInput) => {
    const text = JSON.stringify(input.ExpressionAttributeValues ?? {});
    const kind = ['ProductOrder#', 'Product#', 'BillingAccount#', 'CustomerBill#'].find((prefix) => text.includes(`"${prefix}`));
    return { Items: kind ? (owned[kind] ?? []) : [], Count: kind ? (owned[kind] ?? []).length : 0 };
  });
}

const writes = () => documentMock.commandCalls(TransactWriteCommand);
const transactItems = () => writes()[0]!.args[0].input.TransactItems!;
const outbox = () => transactItems().filter((item) => item.Put?.Item?.entityType === 'OutboxEvent').map((item) => ({ detailType: item.Put!.Item!.detailType as string, detail: JSON.parse(item.Put!.Item!.detail as string) }));

const account = billingAccountResource({ id: 'ba-1', description: 'Ada at home' });

beforeEach(() => {
  documentMock.reset();
  documentMock.on(GetCommand).resolves({});
  documentMock.on(TransactWriteCommand).resolves({});
  owned = { 'BillingAccount#': [billingAccountItem(account, 2)] };
  answerQueries();
  storeCustomer(customerResource({ id: 'cust-1', status: 'Validated', paymentMethod: [{ id: 'pm_1', name: 'Visa 4242' }] }), 5);
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  return () => vi.restoreAllMocks();
});

describe('DELETE /customer/{id} (delete-customer)', () => {
  it('204: erases the customer, frees its e-mail, drops its preferences, closes its accounts, with events and an audit entry, in one transaction', async () => {
    const answer = await remove();
    expect(answer.statusCode).toBe(204);
    expect(writes()).toHaveLength(1);
    const items = transactItems();
    expect(items[0]!.Update).toMatchObject({ Key: { pk: 'CUSTOMER#cust-1', sk: 'CUSTOMER' }, ConditionExpression: '#version = :expected', ExpressionAttributeValues: { ':expected': 5, ':next': 6 } });
    const erased = items[0]!.Update!.ExpressionAttributeValues![':resource'] as Customer;
    expect(erased).toMatchObject({ name: 'Erased customer cust-1', status: 'Closed', contactMedium: [], erasedAt: now, lastModified: now });
    expect(JSON.stringify(erased)).not.toMatch(/Ada|Lovelace|example\.com|pm_1|Visa/);
    // Still a TMF629 Customer, as GET serves it.
    expectValidTmf(tmf629, 'Customer', erased);
    expect(items[1]!.Delete).toMatchObject({ Key: { pk: 'CUSTOMER_EMAIL#cust-1@example.com', sk: 'CUSTOMER_EMAIL' }, ExpressionAttributeValues: { ':customerId': 'cust-1' } });
    expect(items[2]!.Delete).toMatchObject({ Key: { pk: 'CUSTOMER#cust-1', sk: 'COMMUNICATION_PREFERENCES' } });
    expect(items[3]!.Update).toMatchObject({ Key: { pk: 'BILLING_ACCOUNT#ba-1', sk: 'BILLING_ACCOUNT' }, ExpressionAttributeValues: { ':expected': 2, ':zero': 0 } });
    expect(items[3]!.Update!.ConditionExpression).toContain('#balance = :zero');
    const closedAccount = items[3]!.Update!.ExpressionAttributeValues![':resource'];
    expect(closedAccount).toMatchObject({ state: 'Closed', name: 'Billing account of erased customer cust-1' });
    expect(JSON.stringify(closedAccount)).not.toMatch(/Ada|home/);

    expect(outbox().map((event) => event.detailType)).toEqual(['CustomerStatusChanged', 'BillingAccountStateChanged', 'CustomerErased']);
    const detail = CustomerErased.parseDetail(outbox()[2]!.detail);
    expect(detail.data).toMatchObject({ customerId: 'cust-1', erasedAt: now, closedBillingAccountIds: ['ba-1'], erasedByRole: 'admin' });
    expect(detail.metadata.occurredAt).toBe(now);
    const audit = items.find((item) => item.Put?.Item?.entityType === 'AuditEntry')!.Put!.Item!;
    expect(audit.pk).toBe('CUSTOMER#cust-1');
    expect(audit.resource).toMatchObject({ action: 'customerErased', actor: { subject: 'admin-user', role: 'admin' }, correlationId: 'corr-delete', id: detail.data.auditEntryId });
    expect(JSON.stringify(outbox())).not.toMatch(/Ada|example\.com/);
  });

  it("takes the instant from the customer's test clock", async () => {
    storeCustomer(customerResource({ id: 'cust-1', testClock: { id: 'clock-1', href: '/billing/v1/testClock/clock-1' } }), 5);
    documentMock.on(GetCommand, { Key: { pk: 'TEST_CLOCK#clock-1', sk: 'TEST_CLOCK' } }).resolves({ Item: { version: 1, resource: { id: 'clock-1', frozenTime: '2031-07-01T00:00:00.000Z' } } });
    expect((await remove()).statusCode).toBe(204);
    const erased = transactItems()[0]!.Update!.ExpressionAttributeValues![':resource'] as Customer;
    expect(erased.erasedAt).toBe('2031-07-01T00:00:00.000Z');
    expect(CustomerErased.parseDetail(outbox().at(-1)!.detail).data).toMatchObject({ erasedAt: '2031-07-01T00:00:00.000Z', testClockId: 'clock-1' });
  });

  it('the customer itself may erase its own record: the audit entry says so', async () => {
    expect((await remove({ claims: customerClaims('cust-1') })).statusCode).toBe(204);
    const audit = transactItems().find((item) => item.Put?.Item?.entityType === 'AuditEntry')!.Put!.Item!;
    expect(audit.resource).toMatchObject({ actor: { role: 'customer' }, reason: expect.stringContaining('requested by the customer') });
  });

  it("404 for another customer's token, 403 for an agent; nothing written", async () => {
    expectTmfError(await remove({ claims: customerClaims('cust-2') }), 404, 'NOT_FOUND');
    expectTmfError(await remove({ claims: agentClaims }), 403, 'FORBIDDEN');
    expect(writes()).toHaveLength(0);
  });

  it('404 for an unknown customer', async () => {
    expectTmfError(await remove({}, 'nobody'), 404, 'NOT_FOUND');
  });

  it('204 again for a customer already erased, writing nothing', async () => {
    storeCustomer(customerResource({ id: 'cust-1', status: 'Closed', erasedAt: now, contactMedium: [] }), 6);
    expect((await remove()).statusCode).toBe(204);
    expect(writes()).toHaveLength(0);
    expect(documentMock.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it('409 naming what blocks: an active product, an open order, a balance, an open bill', async () => {
    owned = {
      'Product#': [{ resource: { id: 'prod-1', status: 'active' }, version: 1 }],
      'ProductOrder#': [{ resource: { id: 'ord-1', state: 'inProgress' }, version: 1 }],
      'BillingAccount#': [{ ...billingAccountItem(account, 2), balanceMinor: 1500 }],
      'CustomerBill#': [{ resource: { id: 'bill-1', billNo: '2026-000001', state: 'sent', remainingAmount: { unit: 'EUR', value: 15 } }, version: 1 }],
    };
    const answer = await remove();
    expectTmfError(answer, 409, 'CUSTOMER_NOT_CLOSABLE');
    expect(answer.body.message).toContain('active products, open orders, open balances, open bills');
    expect(detailFields(answer)).toEqual(['product/prod-1', 'productOrder/ord-1', 'billingAccount/ba-1', 'customerBill/bill-1']);
    expect(writes()).toHaveLength(0);
  });

  it('409 when an account changed (or its balance moved) between the read and the write', async () => {
    documentMock.on(TransactWriteCommand).rejects(new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: [{ Code: 'None' }, { Code: 'None' }, { Code: 'None' }, { Code: 'ConditionalCheckFailed' }] }));
    expectTmfError(await remove(), 409, 'CONCURRENT_MODIFICATION');
  });

  it('412 with a stale If-Match', async () => {
    expectTmfError(await remove({ headers: { 'if-match': 'W/"4"' } }), 412, 'PRECONDITION_FAILED');
    expect(writes()).toHaveLength(0);
  });
});
