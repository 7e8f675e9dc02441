import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { CustomerBill } from '../../../domain/billing/customer-bill.js';
import type { BillCredited, CreditNote } from '../../../domain/collections/credit-note.js';
import { billKey, openBillIndexKeys } from './bill-store.js';
import { documentClient, tableName } from './dynamo-client.js';
import { queryAllItems } from './query-all.js';

/**
 * Credit notes (docs/data-model.md): CREDIT_NOTE#<id>/CREDIT_NOTE, listed per customer in gsi2
 * (`CUSTOMER#<id>` / `CreditNote#<date>#<id>`). What credit notes credited of a bill is kept on
 * the bill's item beside its resource (`creditedMinor`, `creditedLines`), moved with the bill's
 * version, so two credit notes of one bill can never credit the same money twice.
 */
const creditNoteKey = (id: string) => ({ pk: `CREDIT_NOTE#${id}`, sk: 'CREDIT_NOTE' });

export interface BillWithCredited {
  bill: CustomerBill;
  version: number;
  customerId: string;
  credited: BillCredited;
}

export async function findBillWithCredited(billId: string): Promise<BillWithCredited | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: billKey(billId), ConsistentRead: true }));
  if (!Item) return undefined;
  const lines = (Item.creditedLines ?? {}) as Record<string, { taxIncludedMinor: string; taxMinor: string }>;
  return {
    bill: Item.resource as CustomerBill,
    version: Item.version as number,
    customerId: Item.customerId as string,
    credited: {
      totalMinor: BigInt((Item.creditedMinor as string | undefined) ?? '0'),
      lines: new Map(Object.entries(lines).map(([id, line]) => [id, { taxIncludedMinor: BigInt(line.taxIncludedMinor), taxMinor: BigInt(line.taxMinor) }])),
    },
  };
}

/** The bill with a credit note applied and its new credited totals, if nobody changed it since `expectedVersion`; it leaves the open-bills index when it owes nothing more. */
export function billCreditUpdate(bill: CustomerBill, credited: BillCredited, expectedVersion: number) {
  const index = openBillIndexKeys(bill);
  const creditedLines = Object.fromEntries([...credited.lines].map(([id, line]) => [id, { taxIncludedMinor: line.taxIncludedMinor.toString(), taxMinor: line.taxMinor.toString() }]));
  return {
    Update: {
      TableName: tableName(),
      Key: billKey(bill.id),
      UpdateExpression: `SET #resource = :resource, #version = :next, creditedMinor = :creditedMinor, creditedLines = :creditedLines${index ? ', gsi3pk = :gsi3pk, gsi3sk = :gsi3sk' : ' REMOVE gsi3pk, gsi3sk'}`,
      ConditionExpression: '#version = :expected',
      ExpressionAttributeNames: { '#resource': 'resource', '#version': 'version' },
      ExpressionAttributeValues: {
        ':resource': bill,
        ':expected': expectedVersion,
        ':next': expectedVersion + 1,
        ':creditedMinor': credited.totalMinor.toString(),
        ':creditedLines': creditedLines,
        ...(index ? { ':gsi3pk': index.gsi3pk, ':gsi3sk': index.gsi3sk } : {}),
      },
    },
  };
}

/** Create-only: a credit note is written once, under its id. */
export function creditNotePut(note: CreditNote, customerId: string) {
  return {
    Put: {
      TableName: tableName(),
      Item: { ...creditNoteKey(note.id), entityType: 'CreditNote', version: 1, resource: note, customerId, gsi2pk: `CUSTOMER#${customerId}`, gsi2sk: `CreditNote#${note.date}#${note.id}` },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export async function findCreditNote(id: string, options: { consistentRead?: boolean } = {}): Promise<{ creditNote: CreditNote; customerId: string } | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: creditNoteKey(id), ...(options.consistentRead ? { ConsistentRead: true } : {}) }));
  return Item ? { creditNote: Item.resource as CreditNote, customerId: Item.customerId as string } : undefined;
}

/** A customer's credit notes, oldest first: one Query (a customer's are few). */
export async function creditNotesOfCustomer(customerId: string): Promise<CreditNote[]> {
  const items = await queryAllItems({
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :prefix)',
    ExpressionAttributeValues: { ':pk': `CUSTOMER#${customerId}`, ':prefix': 'CreditNote#' },
  });
  return items.map((item) => item.resource as CreditNote);
}

/** The credit notes of one account, oldest first. */
export async function creditNotesOfAccount(customerId: string, billingAccountId: string): Promise<CreditNote[]> {
  return (await creditNotesOfCustomer(customerId)).filter((note) => note.billingAccount.id === billingAccountId);
}
