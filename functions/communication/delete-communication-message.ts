import { messageDeletionAuditEntry } from '../../domain/communication/communication-message-request.js';
import { ownerCustomerIdOfCommunicationMessage } from '../../domain/communication/communication-message.js';
import { isAdmin, isStaff, requireCustomerAccess } from '../lib/auth/principal.js';
import { customerNow } from '../lib/clock.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { checkIfMatch, staleWriteError } from '../lib/http/if-match.js';
import { newId } from '../lib/ids.js';
import { deleteCommunicationMessage, findCommunicationMessage } from '../lib/store/communication-message-store.js';
import { findCustomer } from '../lib/store/customer-store.js';

/**
 * TMF681 DELETE /communicationMessage/{id} (staff; the customer a message it was sent: its
 * inbox): the message leaves every list and GET answers 404 for it; the record that it was sent
 * stays in the table, with its audit entry saying who deleted it and when, at the customer's time
 * (docs/communication.md, "Deleting a message"). 204; 404 for a message unknown, deleted, or
 * another customer's; If-Match honoured (412).
 */
async function deleteCommunicationMessageUseCase({ event, principal, correlationId }: ApiRequest) {
  const id = event.pathParameters?.id ?? '';
  const stored = await findCommunicationMessage(id, { consistentRead: true });
  if (!stored) throw ApiError.notFound('communicationMessage', id);
  const owner = ownerCustomerIdOfCommunicationMessage(stored.message);
  // A message to an address being verified is no customer's: staff only, 404 to everyone else.
  if (owner === undefined) {
    if (!isStaff(principal)) throw ApiError.notFound('communicationMessage', id);
  } else requireCustomerAccess(principal, owner, 'communicationMessage', id);
  checkIfMatch(event, stored.version);

  const testClockId = owner === undefined ? undefined : (await findCustomer(owner))?.customer.testClock?.id;
  const at = await customerNow(testClockId);
  const actor = { subject: principal.subject, role: isAdmin(principal) ? 'admin' : isStaff(principal) ? 'agent' : 'customer' };
  const audit = messageDeletionAuditEntry(stored.message, { id: newId(), at, actor, correlationId });
  await deleteCommunicationMessage(id, stored.version, { at, by: actor }, audit).catch((error: unknown) => {
    throw staleWriteError(event, error);
  });
  return { statusCode: 204, headers: {}, body: '' };
}

export const handler = apiHandler(deleteCommunicationMessageUseCase);
