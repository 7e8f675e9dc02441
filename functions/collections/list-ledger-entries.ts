import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { collectionResponse, parseCollectionQuery } from '../lib/http/collection-query.js';
import { ledgerOf } from '../lib/store/account-ledger-store.js';
import { namedAccountOf } from './named-account.js';

const filterable = ['billingAccount.id', 'kind'] as const;

/**
 * GET /collections/v1/ledgerEntry?billingAccount.id=… (staff; a customer its own accounts'):
 * the account's ledger, oldest first, one Query of the account's partition; its entries add up
 * to the account's `accountBalance` (docs/collections.md). Another customer's account answers
 * as an unknown one.
 */
async function listLedgerEntries({ event, principal }: ApiRequest) {
  const query = parseCollectionQuery(event, filterable);
  const { account } = await namedAccountOf(query, principal);
  const kinds = query.filters.get('kind')?.values;
  const entries = (await ledgerOf(account.id)).filter((entry) => kinds === undefined || kinds.includes(entry.kind));
  return collectionResponse(entries.slice(query.offset, query.offset + query.limit), entries.length, query.fields);
}

export const handler = apiHandler(listLedgerEntries);
