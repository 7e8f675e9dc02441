import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { collectionResponse, parseCollectionQuery } from '../lib/http/collection-query.js';
import { creditNotesOfAccount } from '../lib/store/credit-note-store.js';
import { namedAccountOf } from './named-account.js';

const filterable = ['billingAccount.id'] as const;

/**
 * GET /collections/v1/creditNote?billingAccount.id=… (staff; a customer its own accounts'):
 * the account's credit notes, oldest first. Another customer's account answers as an unknown one.
 */
async function listCreditNotes({ event, principal }: ApiRequest) {
  const query = parseCollectionQuery(event, filterable);
  const { account, customerId } = await namedAccountOf(query, principal);
  const notes = await creditNotesOfAccount(customerId, account.id);
  return collectionResponse(notes.slice(query.offset, query.offset + query.limit), notes.length, query.fields);
}

export const handler = apiHandler(listCreditNotes);
