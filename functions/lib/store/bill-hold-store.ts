import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { CustomerBill } from '../../../domain/billing/customer-bill.js';
import type { DomainEvent } from '../../../domain/events/domain-event.js';
import type { AuditEntry } from '../../../domain/shared/audit-entry.js';
import { auditEntryItem } from './audit-trail.js';
import { billKey, openBillIndexKeys } from './bill-store.js';
import { documentClient, tableName } from './dynamo-client.js';
import { outboxPut } from './outbox.js';
import { failedConditions, StaleVersionError } from './store-errors.js';

/**
 * A bill put on hold or released (domain/billing/bill-hold.ts), with its audit entry (under
 * CUSTOMER_BILL#<id>) and its event, in one transaction conditional on the version read
 * (StaleVersionError when the bill moved meanwhile: a payment, its delivery). The open-bills
 * index follows the state: a held bill leaves it, so collections and dunning no longer find it;
 * a released one comes back.
 */
export async function updateBillState(bill: CustomerBill, expectedVersion: number, audit: AuditEntry, events: readonly DomainEvent[]): Promise<number> {
  const table = tableName();
  const index = openBillIndexKeys(bill);
  const billUpdate = {
    Update: {
      TableName: table,
      Key: billKey(bill.id),
      UpdateExpression: index ? 'SET #resource = :resource, #version = :next, gsi3pk = :gsi3pk, gsi3sk = :gsi3sk' : 'SET #resource = :resource, #version = :next REMOVE gsi3pk, gsi3sk',
      ConditionExpression: '#version = :expected',
      ExpressionAttributeNames: { '#resource': 'resource', '#version': 'version' },
      ExpressionAttributeValues: { ':resource': bill, ':expected': expectedVersion, ':next': expectedVersion + 1, ...(index ? { ':gsi3pk': index.gsi3pk, ':gsi3sk': index.gsi3sk } : {}) },
    },
  };
  const auditPut = { Put: { TableName: table, Item: auditEntryItem(audit), ConditionExpression: 'attribute_not_exists(pk)' } };
  try {
    await documentClient.send(new TransactWriteCommand({ TransactItems: [billUpdate, auditPut, ...events.map((event) => outboxPut(table, event))] }));
  } catch (error) {
    if (failedConditions(error)?.includes(0)) throw new StaleVersionError(`customer bill ${bill.id} changed since version ${expectedVersion}`);
    throw error;
  }
  return expectedVersion + 1;
}
