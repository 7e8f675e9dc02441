import * as z from '../shared/zod.js';
import { shapeOnFirstUse } from '../shared/zod.js';
import { moneyFromTmf, moneyToTmf, type TmfMoney } from '../money/money.js';
import { applyMergePatch, mergePatchSchema } from '../shared/merge-patch.js';
import { currencyCodeSchema, paymentMethodRefSchema, relatedPartySchema, timePeriodSchema, type PaymentMethodRef, type RelatedParty, type TimePeriod } from '../shared/tmf-types.js';
import { RuleViolationError } from '../shared/domain-errors.js';
import { accountRecordPath, nextAccountState, partyAccountStates, recordDescriptionSchema, recordNameSchema, typeOf, type PartyAccountState } from './account-record.js';

/**
 * TMF666 FinancialAccount, PartyAccount and SettlementAccount: accounts of a party, kept as
 * managed records (docs/api.md, "Account management").
 *
 * - A financial account groups the accounts of one legal party: billing accounts name it
 *   (`financialAccount`), and only accounts of a party it names in `relatedParty` may
 *   (billing-account-references.ts). Its `accountBalance` is not served: summing its billing
 *   accounts' ledgers would read every account of the type, which no list or read does here.
 * - A party account is an account of a party other than a customer we bill (a partner, a
 *   supplier); a settlement account is the one partner settlement pays into or charges.
 *   Neither has charges or bills here: they hold the party, its contacts, credit limit,
 *   payment method and financial account for whoever settles with it, with the lifecycle of
 *   every account (Active ⇄ Suspended → Closed).
 *
 * Parties are referenced, not looked up: the system has no TMF632 party registry, so an
 * Organization is whatever id and name the caller gives (docs/api.md).
 */
export type PartyAccountKind = 'FinancialAccount' | 'PartyAccount' | 'SettlementAccount';

export interface AccountRelationship {
  relationshipType: string;
  account?: { id: string; href?: string; name?: string; '@referredType'?: string };
  validFor: TimePeriod;
}

export interface AccountTaxExemption {
  issuingJurisdiction: string;
  certificateNumber?: string;
  reason?: string;
  validFor: TimePeriod;
}

export interface FinancialAccountRef {
  id: string;
  href: string;
  name: string;
  '@referredType': 'FinancialAccount';
}

export interface PartyAccountRecord<K extends PartyAccountKind = PartyAccountKind> {
  id: string;
  href: string;
  name: string;
  description?: string;
  accountType?: string;
  state: PartyAccountState;
  relatedParty: RelatedParty[];
  accountRelationship?: AccountRelationship[];
  taxExemption?: AccountTaxExemption[];
  creditLimit?: TmfMoney;
  defaultPaymentMethod?: PaymentMethodRef;
  financialAccount?: FinancialAccountRef;
  lastModified: string;
  '@type': K;
}
export type FinancialAccount = PartyAccountRecord<'FinancialAccount'>;
export type PartyAccount = PartyAccountRecord<'PartyAccount'>;
export type SettlementAccount = PartyAccountRecord<'SettlementAccount'>;

const accountRelationshipSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  relationshipType: z.string().check(z.minLength(1), z.maxLength(64)),
  account: z.optional(
    z.strictObject({
      id: z.string().check(z.minLength(1), z.maxLength(128)),
      href: z.optional(z.string()),
      name: z.optional(z.string().check(z.maxLength(256))),
      '@referredType': z.optional(z.string().check(z.maxLength(64))),
    }),
  ),
  validFor: timePeriodSchema,
}));

const taxExemptionSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  issuingJurisdiction: z.string().check(z.minLength(1), z.maxLength(128)),
  certificateNumber: z.optional(z.string().check(z.maxLength(128))),
  reason: z.optional(z.string().check(z.maxLength(256))),
  validFor: timePeriodSchema,
}));

const creditLimitSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({ unit: currencyCodeSchema, value: z.number().check(z.nonnegative('a credit limit is never negative')) }));

/** TMF666 requires a related party's name; no registry can supply one here. */
const namedPartiesSchema = /* @__PURE__ */ shapeOnFirstUse(() =>
  z.array(relatedPartySchema).check(
    z.refine((parties) => parties.every((party) => party.name !== undefined && party.name.trim() !== ''), { message: 'every relatedParty needs a name: parties are referenced, not looked up' }),
    z.maxLength(20),
  ),
);

export const financialAccountRefInputSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  id: z.string().check(z.minLength(1), z.maxLength(128)),
  href: z.optional(z.string()),
  name: z.optional(z.string().check(z.maxLength(256))),
  '@referredType': z.optional(z.literal('FinancialAccount')),
  '@type': z.optional(z.string()),
}));
export type FinancialAccountRefInput = z.infer<typeof financialAccountRefInputSchema>;

const commonCreate = /* @__PURE__ */ shapeOnFirstUse(() => ({
  name: recordNameSchema,
  description: z.optional(recordDescriptionSchema),
  accountType: z.optional(z.string().check(z.maxLength(64))),
  state: z.optional(z.literal('Active')),
  accountRelationship: z.optional(z.array(accountRelationshipSchema).check(z.maxLength(50))),
  taxExemption: z.optional(z.array(taxExemptionSchema).check(z.maxLength(20))),
  creditLimit: z.optional(creditLimitSchema),
}));

/** A financial account may name its party (kit samples send only a name). */
export const financialAccountCreateSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  ...commonCreate(),
  relatedParty: z.optional(namedPartiesSchema()),
  ...typeOf('FinancialAccount'),
}));

/** A party or settlement account is a party's: TMF666 requires `relatedParty`. */
const ofAPartyCreate = /* @__PURE__ */ shapeOnFirstUse(() => ({
  ...commonCreate(),
  relatedParty: namedPartiesSchema().check(z.minLength(1)),
  defaultPaymentMethod: z.optional(paymentMethodRefSchema),
  financialAccount: z.optional(financialAccountRefInputSchema),
}));
export const partyAccountCreateSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({ ...ofAPartyCreate(), ...typeOf('PartyAccount') }));
export const settlementAccountCreateSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({ ...ofAPartyCreate(), ...typeOf('SettlementAccount') }));

export type PartyAccountCreate = z.infer<typeof partyAccountCreateSchema> | z.infer<typeof settlementAccountCreateSchema> | z.infer<typeof financialAccountCreateSchema>;

const commonPatch = /* @__PURE__ */ shapeOnFirstUse(() => ({
  name: recordNameSchema,
  description: z.nullable(recordDescriptionSchema),
  accountType: z.nullable(z.string().check(z.maxLength(64))),
  state: z.enum(partyAccountStates),
  accountRelationship: z.nullable(z.array(accountRelationshipSchema).check(z.maxLength(50))),
  taxExemption: z.nullable(z.array(taxExemptionSchema).check(z.maxLength(20))),
  creditLimit: z.nullable(creditLimitSchema),
}));
export const financialAccountPatchSchema = /* @__PURE__ */ z.lazy(() => mergePatchSchema({ ...commonPatch(), relatedParty: namedPartiesSchema() }));
const ofAPartyPatch = /* @__PURE__ */ shapeOnFirstUse(() => ({
  ...commonPatch(),
  relatedParty: namedPartiesSchema().check(z.minLength(1)),
  defaultPaymentMethod: z.nullable(paymentMethodRefSchema),
  financialAccount: z.nullable(financialAccountRefInputSchema),
}));
export const partyAccountPatchSchema = /* @__PURE__ */ z.lazy(() => mergePatchSchema(ofAPartyPatch()));
export const settlementAccountPatchSchema = /* @__PURE__ */ z.lazy(() => mergePatchSchema(ofAPartyPatch()));
export type PartyAccountPatch = z.infer<typeof partyAccountPatchSchema> | z.infer<typeof financialAccountPatchSchema>;

const canonicalMoney = (limit: TmfMoney): TmfMoney => moneyToTmf(moneyFromTmf(limit, 'creditLimit'));

export const financialAccountRefOf = (account: Pick<FinancialAccount, 'id' | 'href' | 'name'>): FinancialAccountRef => ({
  id: account.id,
  href: account.href,
  name: account.name,
  '@referredType': 'FinancialAccount',
});

/** A new account of a party; `financialAccount` is the one its reference resolved to (checked by the caller). */
export function openPartyAccount<K extends PartyAccountKind>(
  kind: K,
  input: PartyAccountCreate,
  context: { id: string; now: string; financialAccount?: FinancialAccountRef | undefined },
): PartyAccountRecord<K> {
  const { financialAccount: _ref, state: _state, '@type': _type, creditLimit, ...attributes } = input as PartyAccountCreate & { financialAccount?: unknown };
  return {
    ...attributes,
    id: context.id,
    href: `${accountRecordPath(kind)}/${context.id}`,
    state: 'Active',
    relatedParty: input.relatedParty ?? [],
    ...(creditLimit !== undefined ? { creditLimit: canonicalMoney(creditLimit) } : {}),
    ...(context.financialAccount !== undefined ? { financialAccount: context.financialAccount } : {}),
    lastModified: context.now,
    '@type': kind,
  };
}

/** The account patched; `financialAccount` (when the patch names one) resolved and checked by the caller. */
export function applyPartyAccountPatch<K extends PartyAccountKind>(
  current: PartyAccountRecord<K>,
  patch: PartyAccountPatch,
  context: { now: string; financialAccount?: FinancialAccountRef | undefined },
): PartyAccountRecord<K> {
  const state = nextAccountState(current['@type'] === 'FinancialAccount' ? 'financial account' : current['@type'] === 'PartyAccount' ? 'party account' : 'settlement account', current.state, patch.state);
  const { financialAccount: _ref, creditLimit, ...rest } = patch as PartyAccountPatch & { financialAccount?: unknown };
  const patched = applyMergePatch(current, rest);
  if (creditLimit !== undefined) {
    if (creditLimit === null) delete patched.creditLimit;
    else patched.creditLimit = canonicalMoney(creditLimit);
  }
  if ('financialAccount' in patch) {
    if (context.financialAccount === undefined) delete patched.financialAccount;
    else patched.financialAccount = context.financialAccount;
  }
  return { ...patched, state, lastModified: context.now };
}

/** The party ids an account may be grouped under a financial account for: those it names. */
export const partyIdsOf = (account: { relatedParty?: readonly RelatedParty[] }): string[] => (account.relatedParty ?? []).map((party) => party.id);

/**
 * Whether an account with `parties` may name `financial` as its financial account: it must
 * exist and not be Closed, and when it names parties, the account must share one of them (a
 * financial account groups the accounts of one legal party). The problem, or undefined.
 */
export function financialAccountProblem(id: string, financial: FinancialAccount | undefined, parties: readonly string[]): string | undefined {
  if (financial === undefined) return `no financialAccount ${id}`;
  if (financial.state === 'Closed') return `financialAccount ${id} is Closed`;
  const grouped = partyIdsOf(financial);
  if (grouped.length > 0 && !parties.some((party) => grouped.includes(party))) return `financialAccount ${id} groups the accounts of ${grouped.join(', ')}, not of ${parties.join(', ')}`;
  return undefined;
}

/** The stored records an account of a party refers to: its financial account. */
export const recordsReferencedBy = (account: { financialAccount?: { id: string } | undefined }): { kind: 'FinancialAccount'; id: string }[] =>
  account.financialAccount ? [{ kind: 'FinancialAccount', id: account.financialAccount.id }] : [];

/**
 * A financial account's parties decide which accounts it may group, so they are fixed while
 * accounts refer to it (409): they were checked against them when they chose it.
 */
export function refuseRegrouping(current: FinancialAccount, patch: { relatedParty?: RelatedParty[] | undefined }, references: number): void {
  if (patch.relatedParty === undefined || references === 0) return;
  const same = JSON.stringify(partyIdsOf({ relatedParty: patch.relatedParty }).sort()) === JSON.stringify(partyIdsOf(current).sort());
  if (!same) throw new RuleViolationError('record-in-use', `financialAccount ${current.id} groups ${references} account${references === 1 ? '' : 's'}: its parties cannot change while it does`);
}
