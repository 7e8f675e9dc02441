import * as z from '../shared/zod.js';
import { RuleViolationError } from '../shared/domain-errors.js';

/**
 * The TMF666 resources served beside billingAccount (docs/api.md, "Account management"):
 * three that shape a billing account's bills (billingCycleSpecification, billFormat,
 * billPresentationMedia) and three accounts of parties (financialAccount, partyAccount,
 * settlementAccount). They share one storage shape and one set of use cases
 * (functions/accounts/account-record-http.ts); each kind's rules are in its own module here.
 */
export const accountRecordKinds = ['BillFormat', 'BillPresentationMedia', 'BillingCycleSpecification', 'FinancialAccount', 'PartyAccount', 'SettlementAccount'] as const;
export type AccountRecordKind = (typeof accountRecordKinds)[number];

export const accountManagementPath = '/tmf-api/accountManagement/v4';

/** The name TMF666 gives the resource in paths and messages: BillFormat → billFormat. */
export const accountRecordName = (kind: AccountRecordKind): string => kind.charAt(0).toLowerCase() + kind.slice(1);

export const accountRecordPath = (kind: AccountRecordKind): string => `${accountManagementPath}/${accountRecordName(kind)}`;

/** What every record has. */
export interface AccountRecord {
  id: string;
  href: string;
  name: string;
  '@type': AccountRecordKind;
}

export const recordNameSchema = /* @__PURE__ */ z.lazy(() => z.string().check(z.trim(), z.minLength(1), z.maxLength(256)));
export const recordDescriptionSchema = /* @__PURE__ */ z.lazy(() => z.string().check(z.maxLength(1024)));

/** The polymorphism attributes TMF lets a client send with any resource; only our own `@type` is accepted. */
export const typeOf = <K extends AccountRecordKind>(kind: K) => ({ '@type': z.optional(z.literal(kind)) });

/**
 * The lifecycle of the three party accounts, as billingAccount's: Active ⇄ Suspended, either
 * → Closed (terminal). A Closed account changes no more and cannot be newly referred to.
 */
export const partyAccountStates = ['Active', 'Suspended', 'Closed'] as const;
export type PartyAccountState = (typeof partyAccountStates)[number];

const allowedTransitions: Record<PartyAccountState, readonly PartyAccountState[]> = {
  Active: ['Suspended', 'Closed'],
  Suspended: ['Active', 'Closed'],
  Closed: [],
};

/** The state a patch moves an account to; 409 for a Closed account or a move its lifecycle does not allow. */
export function nextAccountState(what: string, current: PartyAccountState, requested: PartyAccountState | undefined): PartyAccountState {
  if (current === 'Closed') throw new RuleViolationError('account-lifecycle', `a Closed ${what} cannot be changed`);
  const next = requested ?? current;
  if (next !== current && !allowedTransitions[current].includes(next)) {
    throw new RuleViolationError('account-lifecycle', `a ${what} cannot go from ${current} to ${next}; allowed: ${allowedTransitions[current].join(', ')}`);
  }
  return next;
}

/** A record the system defines (a cycle billing knows, a document format, a delivery channel): read-only, never deleted. */
export function refuseBuiltInChange(kind: AccountRecordKind, id: string): never {
  throw new RuleViolationError('built-in-record', `${accountRecordName(kind)} ${id} is built in: it cannot be changed or deleted; create another`);
}
