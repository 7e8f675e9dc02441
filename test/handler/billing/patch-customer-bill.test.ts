import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/billing/patch-customer-bill.js';
import { openBillIndexKeys } from '../../../functions/lib/store/bill-store.js';
import { applyPaymentToBill } from '../../../domain/collections/bill-settlement.js';
import type { CustomerBill } from '../../../domain/billing/customer-bill.js';
import { adminClaims, agentClaims, customerClaims, resourceEvent, riskClaims, type Claims } from '../../support/api-event.js';
import { expectTmfError, invoke } from '../../support/api-answer.js';
import { expectValidTmf, tmf678 } from '../../support/tmf-schema.js';
import { billItem, customerBillPath, outboxEvents, storedBill, testClockItem, writeBilledWorld } from './billing-fixtures.js';
import { FakeBillingTable } from './billing-table.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const patch = (id: string, body: unknown, options: { claims?: Claims; headers?: Record<string, string> } = {}) =>
  invoke(handler, resourceEvent('PATCH', customerBillPath, id, { body, claims: options.claims ?? agentClaims, ...(options.headers ? { headers: options.headers } : {}) }));

let table: FakeBillingTable;
let bill: CustomerBill;
const clockTime = '2027-02-12T08:30:00.000Z';

/** The bill as bill-store keeps an issued bill that owes something: in the open-bills index (gsi3). */
const writeOpen = (open: CustomerBill, customerId: string, version = 2) => table.put({ ...billItem(open, customerId, version), ...openBillIndexKeys(open) });

beforeEach(() => {
  documentMock.reset();
  table = new FakeBillingTable().install(documentMock);
  const bills = writeBilledWorld(table);
  // cust-1 lives on a test clock: every instant recorded for it is the clock's.
  bill = { ...bills.ba1Feb.bill, testClock: { id: 'clock-1' } };
  writeOpen(bill, 'cust-1');
  table.put(testClockItem({ id: 'clock-1', href: '/billing/v1/testClock/clock-1', '@type': 'TestClock', name: 'Clock', frozenTime: clockTime, status: 'ready', createdAt: '2027-01-01T00:00:00.000Z', lastUpdate: '2027-01-01T00:00:00.000Z' }));
});

describe('PATCH /customerBill/{id} (patch-customer-bill)', () => {
  it('onHold: 200 with the held bill and its ETag; out of the open-bills index; audit entry and CustomerBillStateChanged, at the clock time, in one transaction', async () => {
    const answer = await patch(bill.id, { state: 'onHold' });
    expect(answer.statusCode).toBe(200);
    expect(answer.headers.etag).toBe('W/"3"');
    expect(answer.body).toMatchObject({ id: bill.id, state: 'onHold', hold: { previousState: 'validated', since: clockTime }, lastUpdate: clockTime });
    expectValidTmf(tmf678, 'CustomerBill', answer.body);

    const stored = storedBill(table, bill.id)!;
    expect(stored).toMatchObject({ version: 3, resource: { state: 'onHold' } });
    expect(stored.gsi3pk).toBeUndefined();
    expect(stored.gsi3sk).toBeUndefined();
    const audit = [...table.items.values()].find((item) => item.entityType === 'AuditEntry');
    expect(audit).toMatchObject({
      pk: `CUSTOMER_BILL#${bill.id}`,
      resource: { at: clockTime, resource: { type: 'CustomerBill', id: bill.id }, action: 'billPutOnHold', actor: { subject: 'agent-user', role: 'agent' }, before: { state: 'validated' }, after: { state: 'onHold' } },
    });
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(1);
    expect(outboxEvents(documentMock)).toEqual([
      {
        source: 'bss.billing',
        detailType: 'CustomerBillStateChanged',
        detail: expect.objectContaining({
          data: { billId: bill.id, href: bill.href, billNo: '2027-000001', billingAccountId: 'ba-1', customerId: 'cust-1', from: 'validated', to: 'onHold', testClockId: 'clock-1' },
          metadata: expect.objectContaining({ occurredAt: clockTime }),
        }),
      },
    ]);
  });

  it('released to the state it had: back in the open-bills index, audited as a release', async () => {
    await patch(bill.id, { state: 'onHold' });
    const answer = await patch(bill.id, { state: 'validated' }, { claims: adminClaims, headers: { 'if-match': 'W/"3"' } });
    expect(answer.statusCode).toBe(200);
    expect(answer.body.state).toBe('validated');
    expect(answer.body.hold).toBeUndefined();
    expect(answer.headers.etag).toBe('W/"4"');
    expect(storedBill(table, bill.id)).toMatchObject(openBillIndexKeys(answer.body as CustomerBill)!);
    expect(outboxEvents(documentMock, 1).map((event) => [event.detailType, event.detail.data.from, event.detail.data.to])).toEqual([['CustomerBillStateChanged', 'onHold', 'validated']]);
    const actions = [...table.items.values()].filter((item) => item.entityType === 'AuditEntry').map((item) => (item.resource as { action: string; actor: { role: string } }).action);
    expect(actions.sort()).toEqual(['billPutOnHold', 'billReleased']);
  });

  it('the state it is in already: 200, nothing written', async () => {
    await patch(bill.id, { state: 'onHold' });
    const again = await patch(bill.id, { state: 'onHold' });
    expect(again.statusCode).toBe(200);
    expect(again.headers.etag).toBe('W/"3"');
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('409 for a settled bill, for a release to another state, for a state PATCH does not set', async () => {
    const settled = applyPaymentToBill(bill, { id: 'pay-1', amountMinor: 1503n }, clockTime);
    table.put(billItem(settled, 'cust-1'));
    const refused = await patch(bill.id, { state: 'onHold' });
    expectTmfError(refused, 409, 'BILL_NOT_HOLDABLE', tmf678);
    expect(refused.body.message).toMatch(/is settled: only an issued bill that still owes something can be put on hold/);

    writeOpen(bill, 'cust-1');
    await patch(bill.id, { state: 'onHold' });
    expectTmfError(await patch(bill.id, { state: 'sent' }), 409, 'BILL_RELEASE_STATE', tmf678);
    expectTmfError(await patch(bills2(), { state: 'settled' }), 409, 'BILL_STATE_NOT_SETTABLE', tmf678);
  });

  it('400 naming any attribute but state, or a state TMF678 does not have; nothing read', async () => {
    const extra = await patch(bill.id, { state: 'onHold', remainingAmount: { unit: 'EUR', value: 0 } });
    expectTmfError(extra, 400, 'INVALID_REQUEST', tmf678);
    expect(JSON.stringify(extra.body)).toContain('remainingAmount');
    expectTmfError(await patch(bill.id, { state: 'disputed' }), 400, 'INVALID_REQUEST', tmf678);
    expectTmfError(await patch(bill.id, {}), 400, 'INVALID_REQUEST', tmf678);
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('404 for an unknown bill; 412 for a stale If-Match, nothing written', async () => {
    expectTmfError(await patch('ba-1-20990101000000000', { state: 'onHold' }), 404, 'NOT_FOUND', tmf678);
    expectTmfError(await patch(bill.id, { state: 'onHold' }, { headers: { 'if-match': 'W/"1"' } }), 412, 'PRECONDITION_FAILED', tmf678);
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('only staff: a customer (even its own bill) and a risk officer are 403, nothing written', async () => {
    expectTmfError(await patch(bill.id, { state: 'onHold' }, { claims: customerClaims('cust-1') }), 403, 'FORBIDDEN', tmf678);
    expectTmfError(await patch(bill.id, { state: 'onHold' }, { claims: riskClaims }), 403, 'FORBIDDEN', tmf678);
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});

/** Another open bill of cust-2, for the refusals that need a bill not on hold. */
function bills2(): string {
  const other = [...table.items.values()].find((item) => item.entityType === 'CustomerBill' && item.customerId === 'cust-2')!.resource as CustomerBill;
  return other.id;
}
