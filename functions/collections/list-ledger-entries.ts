import { ownerCustomerId } from '../../domain/customers/billing-account-owner.js';
import { requireCustomerAccess } from '../lib/auth/principal.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { collectionResponse, parseCollectionQuery } from '../lib/http/collection-query.js';
import { findBillingAccount } from '../lib/store/billing-account-store.js';
import { ledgerOf } from '../lib/store/account-ledger-store.js';

const filterable = ['billingAccount.id', 'kind'] as const;

/**
 * GET /collections/v1/ledgerEntry?billingAccount.id=… (staff; a customer its own accounts'):
 * the account's ledger, oldest first, one Query of the account's partition; its entries add up
 * to the account's `accountBalance` (docs/collections.md). Another customer's account answers
 * as an unknown one.
 */
async function listLedgerEntries({ event, principal }: ApiRequest) {
  const query = parseCollectionQuery(event, filterable);
  const accounts = query.filters.get('billingAccount.id')?.values ?? [];
  if (accounts.length !== 1) throw ApiError.badRequest('name one billing account: billingAccount.id=<id>', [{ field: 'billingAccount.id', problem: 'exactly one account is required' }]);
  const accountId = accounts[0]!;
  const stored = await findBillingAccount(accountId);
  if (!stored) throw ApiError.notFound('billingAccount', accountId);
  requireCustomerAccess(principal, ownerCustomerId(stored.account), 'billingAccount', accountId);
  const kinds = query.filters.get('kind')?.values;
  const entries = (await ledgerOf(accountId)).filter((entry) => kinds === undefined || kinds.includes(entry.kind));
  return collectionResponse(entries.slice(query.offset, query.offset + query.limit), entries.length, query.fields);
}

export const handler = apiHandler(listLedgerEntries);
