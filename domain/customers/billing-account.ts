import * as z from '../shared/zod.js';
import { moneyFromTmf, moneyToTmf, type TmfMoney } from '../money/money.js';
import { InvalidInputError, RuleViolationError } from '../shared/domain-errors.js';
import { applyMergePatch, mergePatchSchema } from '../shared/merge-patch.js';
import {
  currencyCodeSchema,
  paymentMethodRefSchema,
  relatedPartySchema,
  timeZoneSchema,
  type PaymentMethodRef,
  type RelatedParty,
} from '../shared/tmf-types.js';
import { testClockPath } from '../billing/test-clock.js';
import {
  billStructureCreateSchema,
  billStructurePatchSchema,
  financialAccountRefInputSchema,
  type AccountBillStructure,
  type AccountCycleSpecification,
  type ResolvedReferences,
} from '../accounts/billing-account-references.js';
import { builtInCycleSpecification, builtInCycleSpecificationId, cycleDayOf } from '../accounts/billing-cycle-specification.js';
import type { FinancialAccountRef } from '../accounts/party-account.js';
import type { AccountBalance } from '../collections/account-ledger.js';
import type { BillingPreferences } from './customer.js';

/**
 * TMF666 BillingAccount: where a customer's charges accumulate and its bills are issued.
 * Lifecycle (`state`): Active ⇄ Suspended, either → Closed (terminal).
 *
 * Extension attributes (documented in docs/api.md, allowed by the TMF schemas):
 * `billingCycleDay` (1-28, the day of month a bill period starts, in the account's time zone),
 * `currency` (ISO 4217), `timeZone` (IANA), `isDefault`. TMF666's own `creditLimit` is the most
 * the account's recurring charges may reach: set by staff, or by onboarding from the credit
 * decision, in the account's currency; a customer cannot change it (of its own accounts, a
 * customer changes only `defaultPaymentMethod`: billing-account-write-access.ts).
 */
export const billingAccountStates = ['Active', 'Suspended', 'Closed'] as const;
export type BillingAccountState = (typeof billingAccountStates)[number];

const allowedTransitions: Record<BillingAccountState, readonly BillingAccountState[]> = {
  Active: ['Suspended', 'Closed'],
  Suspended: ['Active', 'Closed'],
  Closed: [],
};

export const billingAccountPath = '/tmf-api/accountManagement/v4/billingAccount';

export const paymentCollections = ['onIssue', 'onDueDate'] as const;
export type PaymentCollection = (typeof paymentCollections)[number];

/** The cycle an account bills on, as it keeps it (domain/accounts/billing-account-references.ts). */
export type BillingCycleSpecification = AccountCycleSpecification;

export interface BillingAccount {
  id: string;
  href: string;
  name: string;
  accountType: string;
  description?: string;
  state: BillingAccountState;
  paymentStatus: 'paidUp' | 'due' | 'overdue';
  relatedParty: RelatedParty[];
  /** The cycle it bills on, its bills' document format and delivery media (domain/accounts/billing-account-references.ts). */
  billStructure: AccountBillStructure;
  /** The financial account grouping it with its owner's other accounts. */
  financialAccount?: FinancialAccountRef;
  defaultPaymentMethod?: PaymentMethodRef;
  billingCycleDay: number;
  currency: string;
  timeZone: string;
  isDefault: boolean;
  creditLimit?: TmfMoney;
  /** The balance of its ledger (docs/collections.md), as served; never stored in the resource. */
  accountBalance?: AccountBalance[];
  /** Days from a bill's date to its payment due date; absent: the operator's default (14). */
  paymentTermsDays?: number;
  /** When its bills are charged to the card on file (docs/collections.md): at issue (the default) or on their due date. */
  paymentCollection?: PaymentCollection;
  /** The test clock its customer lives on (docs/billing.md): every instant of the account is the clock's. */
  testClock?: { id: string; href: string };
  '@type': 'BillingAccount';
  createdAt: string;
  lastModified: string;
}

/** TMF Money, never negative; its unit must be the account's currency (checked with the account). */
const creditLimitSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  unit: currencyCodeSchema,
  value: z.number().check(z.nonnegative('a credit limit is never negative')),
}));

/** POST body: TMF666 BillingAccount_Create, with our extension attributes. */
export const billingAccountCreateSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(256)),
  accountType: z.optional(z.string().check(z.maxLength(64))),
  description: z.optional(z.string().check(z.maxLength(1024))),
  relatedParty: z.array(relatedPartySchema).check(
    z.minLength(1),
    // A customer's account, or, with no Customer party, an organization's (billing-account-owner.ts).
    z.refine((parties) => hasOneOwner(parties), {
      message: 'exactly one relatedParty with "@referredType": "Customer" owns the account, or, without one, exactly one with "@referredType": "Organization"',
    }),
    // TMF666 RelatedParty requires a name; the owner's defaults to the customer's name.
    z.refine((parties) => parties.every((party) => party['@referredType'] === 'Customer' || party.name), {
      message: 'every relatedParty other than the owning Customer needs a name',
    }),
    // The API reference's example (infra/api-reference): the owner, which no generic example can guess.
    z.meta({ examples: [[{ id: 'f6a3c2d4-0b1e-4c8a-9e5f-2d7b8a1c0e93', '@referredType': 'Customer' }]] }),
  ),
  defaultPaymentMethod: z.optional(paymentMethodRefSchema),
  billingCycleDay: z.optional(z.int().check(z.gte(1), z.lte(28))),
  currency: z.optional(currencyCodeSchema),
  timeZone: z.optional(timeZoneSchema),
  creditLimit: z.optional(creditLimitSchema),
  paymentTermsDays: z.optional(z.int().check(z.gte(0), z.lte(90))),
  paymentCollection: z.optional(z.enum(paymentCollections)),
  billStructure: z.optional(billStructureCreateSchema),
  financialAccount: z.optional(financialAccountRefInputSchema),
  state: z.optional(z.literal('Active')),
  '@type': z.optional(z.literal('BillingAccount')),
}));
export type BillingAccountCreate = z.infer<typeof billingAccountCreateSchema>;

/** PATCH body (JSON merge patch; `null` removes description, defaultPaymentMethod or creditLimit). The owner, currency and default flag are fixed once opened. */
export const billingAccountPatchSchema = /* @__PURE__ */ z.lazy(() => mergePatchSchema({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(256)),
  description: z.nullable(z.string().check(z.maxLength(1024))),
  accountType: z.string().check(z.maxLength(64)),
  state: z.enum(billingAccountStates),
  defaultPaymentMethod: z.nullable(paymentMethodRefSchema),
  billingCycleDay: z.int().check(z.gte(1), z.lte(28)),
  timeZone: timeZoneSchema,
  creditLimit: z.nullable(creditLimitSchema),
  paymentTermsDays: z.nullable(z.int().check(z.gte(0), z.lte(90))),
  paymentCollection: z.nullable(z.enum(paymentCollections)),
  billStructure: billStructurePatchSchema,
  financialAccount: z.nullable(financialAccountRefInputSchema),
}));
export type BillingAccountPatch = z.infer<typeof billingAccountPatchSchema>;

export interface BillingDefaults {
  currency: string;
  timeZone: string;
}

/** The day of month `instant` falls on in `timeZone`, capped at 28 so every month has it. */
export function billingCycleDayFor(instant: string, timeZone: string): number {
  const day = Number(new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric' }).format(new Date(instant)));
  return Math.min(day, 28);
}

function hasOneOwner(parties: readonly RelatedParty[]): boolean {
  const count = (type: string) => parties.filter((party) => party['@referredType'] === type).length;
  return count('Customer') === 1 || (count('Customer') === 0 && count('Organization') === 1);
}

/** The built-in cycle of a day (billing-cycle-specification.ts), as an account keeps it. */
function cycleSpecification(day: number): BillingCycleSpecification {
  const builtIn = builtInCycleSpecification(builtInCycleSpecificationId(day))!;
  return {
    id: builtIn.id,
    href: builtIn.href,
    name: builtIn.name,
    isRef: false,
    frequency: 'monthly',
    billingPeriod: 'P1M',
    billingDateShift: day - 1,
    '@type': 'BillingCycleSpecification',
  };
}

/**
 * The cycle day of an account that chose a cycle specification: the specification's. A cycle
 * day sent with it must be the same (400 otherwise): the specification is what bills.
 */
function cycleDayChosen(specification: AccountCycleSpecification, requestedDay: number | undefined): number {
  const day = cycleDayOf(specification);
  if (requestedDay !== undefined && requestedDay !== day) {
    const problem = `billingCycleSpecification ${specification.id ?? specification.name} bills on day ${day}`;
    throw new InvalidInputError(`billingCycleDay: ${problem}`, [{ field: 'billingCycleDay', problem }]);
  }
  return day;
}

/** The billStructure parts other than the cycle, as resolved (`null`: removed). */
function presentationParts(current: Omit<AccountBillStructure, 'cycleSpecification'>, references: ResolvedReferences): Omit<AccountBillStructure, 'cycleSpecification'> {
  const { cycleSpecification: _cycle, ...parts } = current as AccountBillStructure;
  if (references.format === null) delete parts.format;
  else if (references.format !== undefined) parts.format = references.format;
  if (references.presentationMedia !== undefined) {
    if (references.presentationMedia.length === 0) delete parts.presentationMedia;
    else parts.presentationMedia = references.presentationMedia;
  }
  return parts;
}

/**
 * A credit limit in the account's currency, with no more decimals than the currency has,
 * written back in its canonical TMF form.
 */
function creditLimitFor(limit: TmfMoney, currency: string): TmfMoney {
  if (limit.unit !== currency) {
    const problem = `the credit limit is in ${limit.unit}, the account in ${currency}`;
    throw new InvalidInputError(`creditLimit.unit: ${problem}`, [{ field: 'creditLimit.unit', problem }]);
  }
  return moneyToTmf(moneyFromTmf(limit, 'creditLimit'));
}

export function openBillingAccount(
  input: BillingAccountCreate,
  context: { id: string; now: string; defaults: BillingDefaults; isDefault: boolean; ownerName: string; testClockId?: string | undefined; references?: ResolvedReferences },
): BillingAccount {
  const references = context.references ?? {};
  const timeZone = input.timeZone ?? context.defaults.timeZone;
  const chosen = references.cycleSpecification;
  const billingCycleDay = chosen ? cycleDayChosen(chosen, input.billingCycleDay) : (input.billingCycleDay ?? billingCycleDayFor(context.now, timeZone));
  const currency = input.currency ?? context.defaults.currency;
  const paymentTermsDays = input.paymentTermsDays ?? chosen?.paymentDueDateOffset;
  return {
    id: context.id,
    href: `${billingAccountPath}/${context.id}`,
    name: input.name,
    accountType: input.accountType ?? 'customer',
    ...(input.description ? { description: input.description } : {}),
    state: 'Active',
    paymentStatus: 'paidUp',
    relatedParty: input.relatedParty.map((party) =>
      // TMF666 RelatedParty requires a name: the owner's is the customer's unless the client gave one.
      party['@referredType'] === 'Customer' ? { role: 'owner', ...party, name: party.name ?? context.ownerName } : isOwningOrganization(input.relatedParty, party) ? { role: 'owner', ...party } : party,
    ),
    billStructure: { cycleSpecification: chosen ?? cycleSpecification(billingCycleDay), ...presentationParts({}, references) },
    ...(references.financialAccount ? { financialAccount: references.financialAccount } : {}),
    ...(input.defaultPaymentMethod ? { defaultPaymentMethod: input.defaultPaymentMethod } : {}),
    billingCycleDay,
    currency,
    timeZone,
    isDefault: context.isDefault,
    ...(input.creditLimit ? { creditLimit: creditLimitFor(input.creditLimit, currency) } : {}),
    ...(paymentTermsDays !== undefined ? { paymentTermsDays } : {}),
    ...(input.paymentCollection ? { paymentCollection: input.paymentCollection } : {}),
    ...(context.testClockId ? { testClock: { id: context.testClockId, href: `${testClockPath}/${context.testClockId}` } } : {}),
    '@type': 'BillingAccount',
    createdAt: context.now,
    lastModified: context.now,
  };
}

/** What CustomerCreated tells us about the customer, enough to open its default account. */
export interface NewCustomer {
  id: string;
  name: string;
  preferences: BillingPreferences;
  paymentMethod?: PaymentMethodRef[];
  testClockId?: string | undefined;
}

export function openDefaultBillingAccount(
  customer: NewCustomer,
  context: { id: string; now: string; defaults: BillingDefaults },
): BillingAccount {
  return openBillingAccount(
    {
      name: `${customer.name} - default`,
      accountType: 'customer',
      relatedParty: [{ id: customer.id, name: customer.name, role: 'owner', '@referredType': 'Customer' }],
      ...(customer.paymentMethod?.[0] ? { defaultPaymentMethod: customer.paymentMethod[0] } : {}),
      ...(customer.preferences.billingCycleDay ? { billingCycleDay: customer.preferences.billingCycleDay } : {}),
      ...(customer.preferences.currency ? { currency: customer.preferences.currency } : {}),
      ...(customer.preferences.timeZone ? { timeZone: customer.preferences.timeZone } : {}),
    },
    { ...context, isDefault: true, ownerName: customer.name, testClockId: customer.testClockId },
  );
}

/** The Organization party that owns an account without a Customer party. */
function isOwningOrganization(parties: readonly RelatedParty[], party: RelatedParty): boolean {
  return party['@referredType'] === 'Organization' && !parties.some((one) => one['@referredType'] === 'Customer');
}

/**
 * The account patched. `references` are the patch's `billStructure` and `financialAccount`
 * as resolved (billing-account-references.ts): a chosen cycle specification sets the cycle
 * day (and the payment terms it names, unless the patch sets them); a cycle day alone moves
 * the account to that day's built-in cycle.
 */
export function applyBillingAccountPatch(current: BillingAccount, patch: BillingAccountPatch, now: string, references: ResolvedReferences = {}): BillingAccount {
  if (current.state === 'Closed') {
    throw new RuleViolationError('billing-account-lifecycle', 'a Closed billing account cannot be changed');
  }
  const nextState = patch.state ?? current.state;
  if (nextState !== current.state && !allowedTransitions[current.state].includes(nextState)) {
    throw new RuleViolationError(
      'billing-account-lifecycle',
      `a billing account cannot go from ${current.state} to ${nextState}; allowed: ${allowedTransitions[current.state].join(', ')}`,
    );
  }
  const chosen = references.cycleSpecification;
  const billingCycleDay = chosen ? cycleDayChosen(chosen, patch.billingCycleDay) : (patch.billingCycleDay ?? current.billingCycleDay);
  const cycle = chosen ?? (patch.billingCycleDay !== undefined && patch.billingCycleDay !== current.billingCycleDay ? cycleSpecification(billingCycleDay) : current.billStructure.cycleSpecification);
  const creditLimit = patch.creditLimit ? { creditLimit: creditLimitFor(patch.creditLimit, current.currency) } : {};
  const paymentTerms = patch.paymentTermsDays === undefined && chosen?.paymentDueDateOffset !== undefined ? { paymentTermsDays: chosen.paymentDueDateOffset } : {};
  const { billStructure: _structure, financialAccount: _financial, ...attributes } = patch;
  const patched: BillingAccount = {
    ...applyMergePatch(current, attributes),
    ...creditLimit,
    ...paymentTerms,
    state: nextState,
    billingCycleDay,
    billStructure: { cycleSpecification: cycle, ...presentationParts(current.billStructure, references) },
    lastModified: now,
  };
  if (references.financialAccount === null) delete patched.financialAccount;
  else if (references.financialAccount !== undefined) patched.financialAccount = references.financialAccount;
  return patched;
}
