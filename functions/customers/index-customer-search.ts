import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { customerSearchTerms } from '../../domain/customers/customer-search.js';
import { CustomerBillIssued } from '../../domain/events/billing-events.js';
import { CustomerCreated, CustomerErased, CustomerUpdated } from '../../domain/events/customer-events.js';
import { logger, publishMetrics } from '../lib/observability/telemetry.js';
import { findCustomerToIndex, findSearchEntries, putBillNumberEntry, replaceSearchEntries } from '../lib/store/customer-search-store.js';
import { ConcurrentTransactionError, StaleVersionError } from '../lib/store/store-errors.js';

/**
 * Rule `customer-changes-index-search` (docs/api.md, "Customer search"): keeps the customer
 * search's index. CustomerCreated, CustomerUpdated and CustomerErased index the customer as it is now, read by
 * key, not as the event tells it: events come late, twice or out of order, and the customer's
 * version says which reading is newer. Its name words and phone numbers replace what it had in
 * the index, in one transaction conditional on the entries it read; a change indexed already
 * (the version recorded is as new) writes nothing. CustomerBillIssued writes the bill's number,
 * the same item however often it comes.
 */
export type SearchIndexing =
  | { customerId: string; outcome: 'indexed'; customerVersion: number; written: number; deleted: number }
  | { customerId: string; outcome: 'alreadyIndexed'; customerVersion: number }
  | { customerId: string; outcome: 'billNumberIndexed'; billNo: string };

const attempts = 5;

export async function indexCustomer(customerId: string): Promise<SearchIndexing> {
  for (let attempt = 1; ; attempt += 1) {
    const [stored, previous] = await Promise.all([findCustomerToIndex(customerId), findSearchEntries(customerId)]);
    if (!stored) throw new Error(`invariant broken: customer ${customerId} of a customer event does not exist`);
    if (previous && previous.customerVersion >= stored.version) return { customerId, outcome: 'alreadyIndexed', customerVersion: previous.customerVersion };
    try {
      // Written even when no entry changed: the version recorded keeps an older reading, still in flight, from being written over it.
      const { written, deleted } = await replaceSearchEntries({ customerId, customerVersion: stored.version, ...(previous ? { previous } : {}), terms: customerSearchTerms(stored.customer) });
      return { customerId, outcome: 'indexed', customerVersion: stored.version, written, deleted };
    } catch (error) {
      const startAgain = error instanceof StaleVersionError || error instanceof ConcurrentTransactionError;
      if (!startAgain || attempt === attempts) throw error;
    }
  }
}

type RuleEvent = { 'detail-type'?: string; detail?: unknown };

export async function indexSearchFrom(event: RuleEvent): Promise<SearchIndexing> {
  const detailType = event['detail-type'];
  if (detailType === CustomerCreated.detailType) return indexCustomer(CustomerCreated.parseDetail(event.detail).data.customer.id);
  if (detailType === CustomerUpdated.detailType) return indexCustomer(CustomerUpdated.parseDetail(event.detail).data.customer.id);
  // The erased customer, read as it is now, has no terms: every entry it had is deleted.
  if (detailType === CustomerErased.detailType) return indexCustomer(CustomerErased.parseDetail(event.detail).data.customerId);
  if (detailType === CustomerBillIssued.detailType) {
    const { bill } = CustomerBillIssued.parseDetail(event.detail).data;
    await putBillNumberEntry({ billNo: bill.billNo, billId: bill.id, customerId: bill.customerId, billingAccountId: bill.billingAccountId });
    return { customerId: bill.customerId, outcome: 'billNumberIndexed', billNo: bill.billNo };
  }
  throw new Error(`index-customer-search does not handle ${detailType ?? 'an event without detail-type'}`);
}

export const handler = middy(async (event: RuleEvent): Promise<SearchIndexing> => {
  const indexing = await indexSearchFrom(event);
  logger.info('customer search indexed', { detailType: event['detail-type'], ...indexing });
  return indexing;
})
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(publishMetrics);
