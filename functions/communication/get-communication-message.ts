import { ownerCustomerIdOfCommunicationMessage } from '../../domain/communication/communication-message.js';
import { isStaff, requireCustomerAccess, type Principal } from '../lib/auth/principal.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { requestedFields, selectFields } from '../lib/http/collection-query.js';
import { etagOf, jsonResponse } from '../lib/http/responses.js';
import { findCommunicationMessage } from '../lib/store/communication-message-store.js';

function requireStaffOrNotFound(principal: Principal, id: string): void {
  if (!isStaff(principal)) throw ApiError.notFound('communicationMessage', id);
}

/** TMF681 GET /communicationMessage/{id}: one key lookup; customers see only what was sent to them. */
async function getCommunicationMessage({ event, principal }: ApiRequest) {
  const id = event.pathParameters?.id ?? '';
  const stored = await findCommunicationMessage(id);
  if (!stored) throw ApiError.notFound('communicationMessage', id);
  const owner = ownerCustomerIdOfCommunicationMessage(stored.message);
  // A message to an address being verified is no customer's: staff only, 404 to everyone else.
  if (owner === undefined) requireStaffOrNotFound(principal, id);
  else requireCustomerAccess(principal, owner, 'communicationMessage', id);
  return jsonResponse(200, selectFields(stored.message, requestedFields(event)), { ETag: etagOf(stored.version) });
}

export const handler = apiHandler(getCommunicationMessage);
