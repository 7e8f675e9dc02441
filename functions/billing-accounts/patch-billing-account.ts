import { applyBillingAccountPatch, billingAccountPatchSchema, type BillingAccount, type BillingAccountPatch } from '../../domain/customers/billing-account.js';
import { billingAccountOwner, ownerCustomerIdOf } from '../../domain/customers/billing-account-owner.js';
import { billingAccountPatchAccess } from '../../domain/customers/billing-account-write-access.js';
import { customerDefaultPaymentMethodChoice } from '../../domain/customers/default-payment-method.js';
import type { DomainEvent } from '../../domain/events/domain-event.js';
import { BillingAccountStateChanged, BillingAccountUpdated } from '../../domain/events/customer-events.js';
import { isStaff, requireCustomerAccess } from '../lib/auth/principal.js';
import { requireWritable } from '../lib/auth/write-access.js';
import { customerNow } from '../lib/clock.js';
import { findSchedule } from '../lib/store/billing-schedule-store.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { checkIfMatch, staleWriteError } from '../lib/http/if-match.js';
import { parseBody } from '../lib/http/request-body.js';
import { etagOf, jsonResponse } from '../lib/http/responses.js';
import { newId } from '../lib/ids.js';
import { findBillingAccount, updateBillingAccount } from '../lib/store/billing-account-store.js';
import { findCustomer } from '../lib/store/customer-store.js';
import { referenceCountItems, resolveAccountReferences } from './account-references.js';
import { billingAccountSnapshot } from './billing-account-snapshot.js';

/**
 * TMF666 PATCH /billingAccount/{id} (JSON merge patch): attributes, lifecycle state and the
 * records it refers to (`billStructure`, `financialAccount`, counted on them in the same
 * transaction). Staff change any account; a customer changes only its own account's
 * `defaultPaymentMethod`, to one of the cards its customer record lists (docs/security.md). An
 * organization's account is no customer's: customers get 404 for it.
 */
async function patchBillingAccount({ event, principal, correlationId }: ApiRequest) {
  const id = event.pathParameters?.id ?? '';
  const stored = await findBillingAccount(id);
  if (!stored) throw ApiError.notFound('billingAccount', id);
  const customerId = ownerCustomerIdOf(stored.account);
  requireCustomerAccess(principal, customerId ?? '', 'billingAccount', id);
  const requested = parseBody(event, 'merge-patch', billingAccountPatchSchema);
  requireWritable(principal, billingAccountPatchAccess, requested, 'billingAccount');
  checkIfMatch(event, stored.version);
  // Whoever writes the default card only as a customer (not staff) chooses among the customer's own cards.
  // A customer reached this only for its own account, so customerId is set.
  const { patch, customerVersion } = isStaff(principal) ? { patch: requested, customerVersion: undefined } : await withOwnCard(requested, customerId!);

  const now = await customerNow(stored.account.testClock?.id);
  const references = await resolveAccountReferences(patch, { ownerId: billingAccountOwner(stored.account).id, now });
  const account = applyBillingAccountPatch(stored.account, patch, now, references);
  await refuseCalendarChangeOnceBilled(stored.account, account);
  const origin = () => ({ eventId: newId(), occurredAt: now, correlationId });
  const events: DomainEvent[] = [
    BillingAccountUpdated.create({ billingAccount: billingAccountSnapshot(account), changedAttributes: Object.keys(patch) }, origin()),
  ];
  if (account.state !== stored.account.state) {
    events.push(
      BillingAccountStateChanged.create(
        { billingAccountId: id, ...(customerId !== undefined ? { customerId } : {}), from: stored.account.state, to: account.state },
        origin(),
      ),
    );
  }
  // Counted on the customer, so that a card removed from its record meanwhile cannot leave this default behind (billing-account-store.ts).
  // An organization's account has no customer record whose cards a default could leave behind.
  const defaultChange = patch.defaultPaymentMethod === undefined || customerId === undefined ? undefined : { customerId, ...(customerVersion === undefined ? {} : { customerVersion }) };
  const version = await updateBillingAccount(account, stored.version, events, defaultChange, referenceCountItems(stored.account, account)).catch((error: unknown) => {
    throw staleWriteError(event, error);
  });
  return jsonResponse(200, account, { ETag: etagOf(version) });
}

/**
 * A customer's patch (only `defaultPaymentMethod`, by the write access) with the card as its
 * customer record lists it; 403 naming `defaultPaymentMethod` for `null`, `defaultPaymentMethod.id`
 * for a card the record does not list (as POST /payment refuses another's card). The customer's
 * version read goes with the write, which fails if its cards changed meanwhile.
 */
async function withOwnCard(requested: BillingAccountPatch, customerId: string): Promise<{ patch: BillingAccountPatch; customerVersion: number | undefined }> {
  if (requested.defaultPaymentMethod === undefined) return { patch: requested, customerVersion: undefined };
  const stored = await findCustomer(customerId);
  const choice = customerDefaultPaymentMethodChoice(requested.defaultPaymentMethod, stored?.customer.paymentMethod);
  if (!choice.allowed) throw ApiError.forbidden(choice.message, [choice.problem]);
  // The card is one the record lists: the record was found.
  return { patch: { ...requested, defaultPaymentMethod: choice.paymentMethod }, customerVersion: stored!.version };
}

/**
 * An account's cycle day and time zone are its billing calendar: once it is billed (a product
 * armed its schedule) they are fixed, since moving them would leave periods billed twice or not
 * at all, whether the day is sent as such or comes with a cycle specification. Open another
 * account to bill on another calendar.
 */
async function refuseCalendarChangeOnceBilled(account: BillingAccount, patched: BillingAccount): Promise<void> {
  const changesDay = patched.billingCycleDay !== account.billingCycleDay;
  const changesZone = patched.timeZone !== account.timeZone;
  if (!changesDay && !changesZone) return;
  if (await findSchedule(account.id)) {
    throw ApiError.conflict('BILLING_CALENDAR_FIXED', `billing account ${account.id} is billed on day ${account.billingCycleDay} in ${account.timeZone}; its calendar cannot change once it is billed`);
  }
}

export const handler = apiHandler(patchBillingAccount);
