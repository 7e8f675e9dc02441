import { ownerCustomerId } from '../../domain/customers/billing-account-owner.js';
import { requireCustomerAccess } from '../lib/auth/principal.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { collectionResponse, parseCollectionQuery } from '../lib/http/collection-query.js';
import { findBillingAccount } from '../lib/store/billing-account-store.js';
import { creditNotesOfAccount } from '../lib/store/credit-note-store.js';

const filterable = ['billingAccount.id'] as const;

/**
 * GET /collections/v1/creditNote?billingAccount.id=… (staff; a customer its own accounts'):
 * the account's credit notes, oldest first. Another customer's account answers as an unknown one.
 */
async function listCreditNotes({ event, principal }: ApiRequest) {
  const query = parseCollectionQuery(event, filterable);
  const accounts = query.filters.get('billingAccount.id')?.values ?? [];
  if (accounts.length !== 1) throw ApiError.badRequest('name one billing account: billingAccount.id=<id>', [{ field: 'billingAccount.id', problem: 'exactly one account is required' }]);
  const accountId = accounts[0]!;
  const stored = await findBillingAccount(accountId);
  if (!stored) throw ApiError.notFound('billingAccount', accountId);
  const customerId = ownerCustomerId(stored.account);
  requireCustomerAccess(principal, customerId, 'billingAccount', accountId);
  const notes = await creditNotesOfAccount(customerId, accountId);
  return collectionResponse(notes.slice(query.offset, query.offset + query.limit), notes.length, query.fields);
}

export const handler = apiHandler(listCreditNotes);
