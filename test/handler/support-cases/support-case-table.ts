import type { APIGatewayProxyEvent } from 'aws-lambda';
import { productKey } from '../../../functions/lib/store/product-store.js';
import { testClockKey } from '../../../functions/lib/store/test-clock-store.js';
import { handler as openCase } from '../../../functions/support-cases/open-support-case.js';
import { handler as updateCase } from '../../../functions/support-cases/update-support-case.js';
import { apiEvent, resourceEvent, type ApiEventInput } from '../../support/api-event.js';
import { invoke } from '../../support/api-answer.js';
import { customerItem, customerResource } from '../../support/fixtures.js';
import type { FakeBillingTable, Item } from '../billing/billing-table.js';

/** What the support-case handler tests share: their customers, products, bills and clock in the fake table, and the two commands. */
export const casesPath = '/tmf-api/troubleTicket/v4/troubleTicket';
export const systemNow = '2026-11-20T10:00:00.000Z';
export const clockTime = '2027-03-05T08:30:00.000Z';

export function seedSupportWorld(table: FakeBillingTable): void {
  table.put(customerItem(customerResource({ id: 'cust-1', name: 'Ada Lovelace' })));
  table.put(customerItem(customerResource({ id: 'cust-2', name: 'Grace Hopper' })));
  table.put(customerItem(customerResource({ id: 'cust-clocked', name: 'Camille Martin', testClock: { id: 'clock-1', href: '/billing/v1/testClock/clock-1' } })));
  table.put({ ...testClockKey('clock-1'), entityType: 'TestClock', version: 1, resource: { id: 'clock-1', frozenTime: clockTime } });
  table.put({ pk: 'BILL#bill-1', sk: 'BILL', entityType: 'CustomerBill', version: 1, customerId: 'cust-1', resource: { id: 'bill-1', billNo: 'INV-2026-0000001' } });
  table.put({ pk: 'BILL#bill-2', sk: 'BILL', entityType: 'CustomerBill', version: 1, customerId: 'cust-2', resource: { id: 'bill-2', billNo: 'INV-2026-0000002' } });
  table.put({ ...productKey('prod-1'), entityType: 'Product', version: 1, resource: { id: 'prod-1', name: 'Mobile M', relatedParty: [{ id: 'cust-1', role: 'Customer', '@referredType': 'Customer' }] } });
}

export const caseBody = (overrides: Record<string, unknown> = {}) => ({
  name: 'Charged twice',
  description: 'My November bill has the plan twice.',
  ticketType: 'complaint',
  severity: 'Major',
  relatedEntity: [{ id: 'bill-1', '@referredType': 'CustomerBill' }],
  ...overrides,
});

export const open = (body: unknown, input: Partial<ApiEventInput> = {}) => invoke(openCase, apiEvent({ method: 'POST', path: casesPath, body, ...input }));
export const update = (id: string, body: unknown, input: Partial<ApiEventInput> = {}) => invoke(updateCase, resourceEvent('PATCH', casesPath, id, { body, ...input }));

/** The events the commands wrote to the outbox, in order, as the relay would publish them. */
export function outboxEvents(table: FakeBillingTable): { detailType: string; event: { 'detail-type': string; detail: any } }[] {
  return table.itemsOf('OUTBOX#').map((item: Item) => ({ detailType: item.detailType as string, event: { 'detail-type': item.detailType as string, detail: JSON.parse(item.detail as string) } }));
}

export type { APIGatewayProxyEvent };
