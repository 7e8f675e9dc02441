import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { applyCustomerPatch, customerPatchSchema, type Customer } from '../../domain/customers/customer.js';
import { defaultsOrphanedBy, orphanedDefaultsRefusal, removedPaymentMethodIds } from '../../domain/customers/default-payment-method.js';
import { taxJurisdictionAuditEntry, taxJurisdictionMove } from '../../domain/customers/tax-jurisdiction.js';
import { customerPatchAccess, selfServiceChangeProblems, selfServiceCustomerPatch } from '../../domain/customers/customer-write-access.js';
import type { DomainEvent } from '../../domain/events/domain-event.js';
import { CustomerStatusChanged, CustomerTaxJurisdictionChanged, CustomerUpdated } from '../../domain/events/customer-events.js';
import { requireCustomerAccess } from '../lib/auth/principal.js';
import { requireWritable, writerRoleOf } from '../lib/auth/write-access.js';
import { customerNow } from '../lib/clock.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { checkIfMatch, staleWriteError } from '../lib/http/if-match.js';
import { parseBody } from '../lib/http/request-body.js';
import { etagOf, jsonResponse } from '../lib/http/responses.js';
import { newId } from '../lib/ids.js';
import { metrics } from '../lib/observability/telemetry.js';
import { billingAccountsDefaultingTo } from '../lib/store/billing-account-store.js';
import { findCustomer, updateCustomer } from '../lib/store/customer-store.js';
import { customerSnapshot } from './customer-snapshot.js';

/** TMF629 PATCH /customer/{id} (JSON merge patch): attributes, email and lifecycle status. */
async function patchCustomer({ event, principal, correlationId }: ApiRequest) {
  const id = event.pathParameters?.id ?? '';
  requireCustomerAccess(principal, id, 'customer', id);
  const requested = parseBody(event, 'merge-patch', customerPatchSchema);
  requireWritable(principal, customerPatchAccess, requested, 'customer');
  const stored = await findCustomer(id);
  if (!stored) throw ApiError.notFound('customer', id);
  checkIfMatch(event, stored.version);
  const patch = writerRoleOf(principal) === 'customer' ? selfServiceCustomerPatch(stored.customer, requested) : requested;

  const now = await customerNow(stored.customer.testClock?.id);
  const change = applyCustomerPatch(stored.customer, patch, now);
  if (writerRoleOf(principal) === 'customer') {
    const problems = selfServiceChangeProblems(stored.customer, change.customer);
    if (problems.length > 0) throw ApiError.forbidden(`a customer may not change ${problems.map((problem) => problem.field).join(', ')} this way`, problems);
  }
  const removedCards = removedPaymentMethodIds(stored.customer.paymentMethod, change.customer.paymentMethod);
  await refuseRemovingDefaultCards(id, removedCards);
  const origin = () => ({ eventId: newId(), occurredAt: now, correlationId });
  const events: DomainEvent[] = [CustomerUpdated.create({ customer: customerSnapshot(change.customer), changedAttributes: Object.keys(requested) }, origin())];
  if (change.statusChanged) {
    events.push(
      CustomerStatusChanged.create(
        {
          customerId: id,
          from: stored.customer.status,
          to: change.customer.status,
          ...(change.customer.statusReason ? { reason: change.customer.statusReason } : {}),
        },
        origin(),
      ),
    );
  }
  const audit = taxJurisdictionAudit(stored.customer, change.customer, { now, correlationId, actor: { subject: principal.subject, role: writerRoleOf(principal) } });
  if (audit) events.push(audit.event);
  // A removal was checked against the accounts' defaults as read: written only if none changed since.
  const guard = removedCards.length > 0 ? { accountDefaultsVersion: stored.accountDefaultsVersion ?? 0 } : {};
  const version = await updateCustomer(change, stored.version, events, audit ? [audit.entry] : [], guard).catch((error: unknown) => {
    throw staleWriteError(event, error);
  });
  metrics.addMetric('CustomersUpdated', MetricUnit.Count, 1);
  return jsonResponse(200, change.customer, { ETag: etagOf(version) });
}

/**
 * A card that pays the bills of one of the customer's open billing accounts (its
 * `defaultPaymentMethod`) stays on the customer's record, whoever patches it: 409 naming the
 * accounts, whose default is changed first (PATCH /billingAccount/{id}, by the customer itself
 * or by staff). Read with one Query of the customer's accounts, only when a card is removed.
 */
async function refuseRemovingDefaultCards(customerId: string, removedCards: readonly string[]): Promise<void> {
  if (removedCards.length === 0) return;
  const orphaned = defaultsOrphanedBy(removedCards, await billingAccountsDefaultingTo(customerId, removedCards));
  if (orphaned.length === 0) return;
  const { message, problems } = orphanedDefaultsRefusal(orphaned);
  throw ApiError.conflict('DEFAULT_PAYMENT_METHOD_IN_USE', message, problems);
}

/**
 * An address change that moves where the customer is taxed is recorded in the audit trail, with
 * who made it, and announced (docs/security.md, "Tax jurisdiction"): the customer may state where
 * it lives, and the trail says, for any charge, which jurisdiction was in force and who set it.
 */
function taxJurisdictionAudit(before: Customer, after: Customer, context: { now: string; correlationId: string; actor: { subject: string; role: string } }) {
  const move = taxJurisdictionMove(before, after);
  if (!move) return undefined;
  const entry = taxJurisdictionAuditEntry(after.id, move, { id: newId(), at: context.now, actor: context.actor, correlationId: context.correlationId });
  const event = CustomerTaxJurisdictionChanged.create(
    { customerId: after.id, ...move, changedByRole: context.actor.role, auditEntryId: entry.id },
    { eventId: newId(), occurredAt: context.now, correlationId: context.correlationId },
  );
  return { entry, event };
}

export const handler = apiHandler(patchCustomer);
