import { randomInt } from 'node:crypto';
import { emailChangeMessage, emailChangeRequestSchema, requestEmailChange, type EmailChangeRequest } from '../../domain/customers/email-change.js';
import { normalizeEmail } from '../../domain/customers/email.js';
import { emailChangeAccess } from '../../domain/customers/customer-write-access.js';
import { requireCustomerAccess } from '../lib/auth/principal.js';
import { requireWritable } from '../lib/auth/write-access.js';
import { customerNow } from '../lib/clock.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { parseBody } from '../lib/http/request-body.js';
import { jsonResponse } from '../lib/http/responses.js';
import { newId } from '../lib/ids.js';
import { simulatedNotificationSender } from '../lib/providers/simulated-notification-sender.js';
import { findCustomer, findCustomerIdByEmail } from '../lib/store/customer-store.js';
import { insertEmailChange } from '../lib/store/email-change-store.js';

/**
 * POST /customer/v1/emailChange: a customer (or staff for it) asks to change its e-mail. The new
 * address is sent a code, or a notice when it is another customer's; the answer is the same
 * pending change either way, so nobody learns through it whether an address is registered.
 */
async function requestEmailChangeUseCase({ event, principal }: ApiRequest) {
  const input = parseBody(event, 'create', emailChangeRequestSchema);
  requireWritable(principal, emailChangeAccess, input, 'emailChange');
  const customerId = input.customer.id;
  requireCustomerAccess(principal, customerId, 'customer', customerId);
  const stored = await findCustomer(customerId);
  if (!stored) throw ApiError.notFound('customer', customerId);
  // A Closed customer's record cannot change (an erased one has no address to change): no code is sent.
  if (stored.customer.status === 'Closed') throw ApiError.conflict('CUSTOMER_LIFECYCLE', `customer ${customerId} is Closed: its e-mail cannot change`);

  const now = await customerNow(stored.customer.testClock?.id);
  const { change, secret, code } = await newEmailChange(input, customerId, now);
  await insertEmailChange(change, secret);
  const message = emailChangeMessage(change, code);
  await simulatedNotificationSender.send({ channel: 'email', recipient: change.emailAddress, sentAt: now, ...message }, { idempotencyKey: `email-change-${change.id}` });
  return jsonResponse(202, change, { Location: change.href });
}

/** A taken address gets no code at all: nothing the asker could send would then apply it. */
async function newEmailChange(input: EmailChangeRequest, customerId: string, now: string) {
  const holder = await findCustomerIdByEmail(normalizeEmail(input.emailAddress));
  const addressInUse = holder !== undefined && holder !== customerId;
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const requested = requestEmailChange(input, { id: newId(), now, code, addressInUse });
  return { ...requested, code: addressInUse ? undefined : code };
}

export const handler = apiHandler(requestEmailChangeUseCase);
