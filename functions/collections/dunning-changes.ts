import type { APIGatewayProxyResult } from 'aws-lambda';
import { dunningAuditEntry, requireActiveDunning } from '../../domain/collections/dunning-interventions.js';
import { dunningPolicyFor, type Dunning, type DunningActor, type DunningPolicy } from '../../domain/collections/dunning.js';
import type { BillingAccount } from '../../domain/customers/billing-account.js';
import type { DomainEvent } from '../../domain/events/domain-event.js';
import { isAdmin, type Principal } from '../lib/auth/principal.js';
import { customerNow } from '../lib/clock.js';
import { ApiError } from '../lib/http/api-error.js';
import type { ApiRequest } from '../lib/http/api-handler.js';
import { checkIfMatch, staleWriteError } from '../lib/http/if-match.js';
import { etagOf, jsonResponse } from '../lib/http/responses.js';
import { newId } from '../lib/ids.js';
import { findBillingAccount } from '../lib/store/billing-account-store.js';
import { findDunning, updateDunning } from '../lib/store/dunning-store.js';

/**
 * What the staff changes of an account's dunning share (docs/collections.md, "Pausing,
 * stopping, restoring"): the account (404 when unknown), its active dunning (409
 * NO_ACTIVE_DUNNING otherwise), If-Match against the dunning's version (412), the account's time
 * now (its test clock's when it has one) and who acts; then the changed dunning written with its
 * audit entry and its event in one transaction, conditional on the version read (409
 * CONCURRENT_MODIFICATION, or 412 with If-Match, when it moved meanwhile), and answered as the
 * GET answers it, with its ETag.
 */
export interface DunningChange {
  account: BillingAccount;
  dunning: Dunning;
  version: number;
  policy: DunningPolicy;
  now: string;
  actor: DunningActor;
}

/** Who acts, as the dunning and its events record it: an admin, else an agent (the routes admit no one else). */
const actorOf = (principal: Principal): DunningActor => ({ subject: principal.subject, role: isAdmin(principal) ? 'admin' : 'agent' });

export async function dunningToChange({ event, principal }: ApiRequest): Promise<DunningChange> {
  const billingAccountId = event.pathParameters?.billingAccountId ?? '';
  const stored = await findBillingAccount(billingAccountId);
  if (!stored) throw ApiError.notFound('billingAccount', billingAccountId);
  const found = await findDunning(billingAccountId);
  const dunning = requireActiveDunning(found?.dunning, billingAccountId);
  checkIfMatch(event, found!.version);
  return {
    account: stored.account,
    dunning,
    version: found!.version,
    policy: dunningPolicyFor(stored.account.accountType),
    now: await customerNow(stored.account.testClock?.id),
    actor: actorOf(principal),
  };
}

/** The subject every dunning event names. */
export const dunningEventSubject = (dunning: Dunning) => ({
  billingAccountId: dunning.billingAccountId,
  customerId: dunning.customerId,
  dunningSince: dunning.since,
  ...(dunning.testClockId ? { testClockId: dunning.testClockId } : {}),
});

/** The origin of the change's event: at the account's time now. */
export const changeOrigin = (change: DunningChange, correlationId: string) => ({ eventId: newId(), occurredAt: change.now, correlationId });

/** Writes the changed dunning, its audit entry and its event; 200 with the dunning as GET /collections/v1/dunning/{billingAccountId} shows it. */
export async function savedDunningChange({ event, correlationId }: ApiRequest, change: DunningChange, after: Dunning, domainEvent: DomainEvent): Promise<APIGatewayProxyResult> {
  const audit = dunningAuditEntry(change.dunning, after, { id: newId(), correlationId });
  const version = await updateDunning(after, change.version, audit, [domainEvent]).catch((error: unknown) => {
    throw staleWriteError(event, error);
  });
  return jsonResponse(200, { ...after, policy: change.policy }, { ETag: etagOf(version) });
}
