import {
  channelOfMessageType,
  communicationMessageCreateAccess,
  communicationMessageCreateSchema,
  completedMessage,
  inProgressMessage,
  receiverReferenceOf,
  requireCustomerContact,
  subjectOf,
} from '../../domain/communication/communication-message-request.js';
import { communicationMessageOf } from '../../domain/communication/communication-message.js';
import { requireSendable } from '../../domain/communication/notification-sender.js';
import { requireStaff } from '../lib/auth/principal.js';
import { requireWritable } from '../lib/auth/write-access.js';
import { customerNow } from '../lib/clock.js';
import { notificationOnRoute, recordWithheld, routeOf, type CustomerNotice } from '../lib/communication/notify-customer.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { idempotentOnKey } from '../lib/http/idempotency.js';
import { headerOf, parseBody } from '../lib/http/request-body.js';
import { etagOf, jsonResponse } from '../lib/http/responses.js';
import { newId } from '../lib/ids.js';
import { simulatedMessageId, simulatedNotificationSender, simulatedSender } from '../lib/providers/simulated-notification-sender.js';
import { completeCommunicationMessage, putCommunicationMessage } from '../lib/store/communication-message-store.js';
import { findCustomer, findCustomerIdByEmail } from '../lib/store/customer-store.js';

/**
 * TMF681 POST /communicationMessage (staff; a customer 403): a message to one customer
 * (docs/communication.md, "Messages from staff"), named by `receiver.id` or its e-mail address
 * (400 when it names no customer that exists, or an address that is not the customer's). It goes
 * through the notification port as the kind `customerCare`: the customer's preferences choose the
 * channel, `messageType` first (422 MESSAGE_WITHHELD when they accept it on none, and nothing is
 * sent). Recorded `inProgress`, handed to the provider, then `completed`, at the customer's time;
 * 201 with the message. With `Idempotency-Key` a retry answers the first message and sends nothing
 * more (the provider's key derives from it too, so a retry of a send that failed half-way
 * completes the same message).
 */
async function createCommunicationMessage({ event, principal }: ApiRequest) {
  requireStaff(principal, 'send messages to customers; a customer writes to customer care through a support case');
  const input = parseBody(event, 'create', communicationMessageCreateSchema);
  requireWritable(principal, communicationMessageCreateAccess, input, 'communicationMessage');
  const firstChoice = channelOfMessageType(input.messageType);
  const receiver = input.receiver[0]!;
  const reference = receiverReferenceOf(receiver);
  const customerId = 'customerId' in reference ? reference.customerId : await findCustomerIdByEmail(reference.email);
  const stored = customerId === undefined ? undefined : await findCustomer(customerId);
  if (!stored) {
    const named = 'customerId' in reference ? `customer ${reference.customerId}` : `a customer with the e-mail address ${reference.email}`;
    throw ApiError.badRequest(`${named} does not exist`, [{ field: 'customerId' in reference ? 'receiver[0].id' : 'receiver[0].email', problem: 'unknown customer' }]);
  }
  const { customer } = stored;
  requireCustomerContact(receiver, customer);

  const notice: CustomerNotice = { customer, kind: 'customerCare', subject: subjectOf(input), content: input.content, sentAt: await customerNow(customer.testClock?.id) };
  const key = headerOf(event, 'idempotency-key');
  const idempotencyKey = `communication-message-${principal.subject}-${key ?? newId()}`;
  const route = await routeOf(notice, firstChoice);
  if (!route) {
    recordWithheld(notice, idempotencyKey);
    throw new ApiError(422, 'MESSAGE_WITHHELD', 'Unprocessable Entity', `customer ${customer.id} accepts no customerCare message by e-mail or SMS (its communication preferences), or can no longer be reached: nothing was sent`);
  }
  const notification = notificationOnRoute(route, notice);
  requireSendable(notification, idempotencyKey);

  // Recorded before the provider has it, under the id the provider records it by: the provider's own record of it finds this one.
  const sending = inProgressMessage(communicationMessageOf(notification, { id: simulatedMessageId(idempotencyKey), sender: simulatedSender }));
  const put = await putCommunicationMessage(sending, idempotencyKey);
  if (!put.recorded && put.existing.deletedAt !== undefined) throw ApiError.conflict('MESSAGE_DELETED', `communication message ${sending.id} was sent and deleted since`);
  if (!put.recorded && put.existing.message.state === 'completed') {
    return jsonResponse(201, put.existing.message, { Location: put.existing.message.href, ETag: etagOf(put.existing.version) });
  }
  const message = put.recorded ? sending : put.existing.message;
  await simulatedNotificationSender.send(notification, { idempotencyKey });
  const sent = completedMessage(message, notice.sentAt);
  // Completed by a concurrent retry meanwhile: it is at its second and last version all the same.
  const version = (await completeCommunicationMessage(sent)) ?? 2;
  return jsonResponse(201, sent, { Location: sent.href, ETag: etagOf(version) });
}

export const handler = apiHandler(idempotentOnKey('create-communication-message', createCommunicationMessage));
