import type { CustomerBill } from '../../../domain/billing/customer-bill.js';
import { remainingMinorOf } from '../../../domain/collections/bill-settlement.js';
import type { OpenBillFact } from '../../../domain/collections/receivables.js';
import { openBillPartitions } from './bill-store.js';
import { queryAllItems } from './query-all.js';

/**
 * The open bills the receivables view ages, read from the sparse open-bills index (gsi3, see
 * bill-store.ts): one Query per shard, all at once, each paged to its end; never a scan, and a
 * settled bill is not even read. Only the attributes the view needs come back: the read costs
 * the same capacity (DynamoDB charges whole items), but the function parses and holds little.
 */
export async function openBillFacts(testClockId?: string): Promise<OpenBillFact[]> {
  const pages = await Promise.all(
    openBillPartitions(testClockId).map((partition) =>
      queryAllItems({
        IndexName: 'gsi3',
        KeyConditionExpression: 'gsi3pk = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        ProjectionExpression: 'customerId, #resource.#account, #resource.#remaining, #resource.#due',
        ExpressionAttributeNames: { '#resource': 'resource', '#account': 'billingAccount', '#remaining': 'remainingAmount', '#due': 'paymentDueDate' },
      }),
    ),
  );
  return pages.flat().map((item) => {
    const bill = item.resource as Pick<CustomerBill, 'billingAccount' | 'remainingAmount' | 'paymentDueDate'>;
    return {
      billingAccount: { id: bill.billingAccount.id, href: bill.billingAccount.href, name: bill.billingAccount.name },
      customerId: item.customerId as string,
      currency: bill.remainingAmount.unit,
      remainingMinor: remainingMinorOf(bill),
      paymentDueDate: bill.paymentDueDate,
    };
  });
}
