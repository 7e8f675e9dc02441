import * as z from '../shared/zod.js';
import { rejectFieldProblems, type FieldProblem } from '../shared/domain-errors.js';
import { accountRecordName, type AccountRecordKind } from './account-record.js';
import { builtInBillFormats, builtInBillPresentationMedia, type BillChannel, type BillDocumentType, type BillFormat, type BillPresentationMedia } from './bill-presentation.js';
import { builtInCycleSpecification, type BillingCycleSpecification } from './billing-cycle-specification.js';
import { financialAccountProblem, financialAccountRefInputSchema, financialAccountRefOf, type FinancialAccount, type FinancialAccountRef } from './party-account.js';

/**
 * What a billing account refers to among the account management records, and the rules of
 * those references (docs/api.md, "Account management"): its `billStructure` (the cycle it
 * bills on, the format of its bill documents, the media its bills are delivered by) and its
 * `financialAccount`. References are sent as TMF refs (`id`, the rest optional) and kept as
 * the values they resolved to, so billing and delivery read the account alone. A record an
 * account refers to is counted on the record, so it cannot be deleted while in use.
 */
const refInput = <K extends AccountRecordKind>(kind: K) =>
  z.strictObject({
    id: z.string().check(z.minLength(1), z.maxLength(128)),
    href: z.optional(z.string()),
    name: z.optional(z.string().check(z.maxLength(256))),
    isRef: z.optional(z.boolean()),
    '@referredType': z.optional(z.literal(kind)),
    '@type': z.optional(z.string()),
  });

const cycleSpecificationInput = /* @__PURE__ */ z.lazy(() => refInput('BillingCycleSpecification'));
const formatInput = /* @__PURE__ */ z.lazy(() => refInput('BillFormat'));
const presentationMediaInput = /* @__PURE__ */ z.lazy(() => z.array(refInput('BillPresentationMedia')).check(
  z.maxLength(5),
  z.refine((media) => new Set(media.map((one) => one.id)).size === media.length, { message: 'each presentation media once' }),
));

/** POST: the parts chosen; absent parts take the defaults (the cycle of the account's day, PDF, the customer's preferred medium). */
export const billStructureCreateSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  cycleSpecification: z.optional(cycleSpecificationInput),
  format: z.optional(formatInput),
  presentationMedia: z.optional(presentationMediaInput),
  '@type': z.optional(z.string()),
}));

/** PATCH: the parts given replace the account's, the others stay; `format: null` and `presentationMedia: []` go back to the defaults. */
export const billStructurePatchSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  cycleSpecification: z.optional(cycleSpecificationInput),
  format: z.optional(z.nullable(formatInput)),
  presentationMedia: z.optional(presentationMediaInput),
  '@type': z.optional(z.string()),
}));
export type BillStructureInput = z.infer<typeof billStructurePatchSchema>;

export { financialAccountRefInputSchema };

/** The values an account keeps of what it refers to. */
export interface AccountCycleSpecification {
  id?: string;
  href?: string;
  name: string;
  isRef: false;
  frequency: 'monthly';
  billingPeriod: 'P1M';
  billingDateShift: number;
  paymentDueDateOffset?: number;
  '@type': 'BillingCycleSpecification';
}

export interface AccountBillFormat {
  id: string;
  href: string;
  name: string;
  isRef: false;
  documentType: BillDocumentType;
  '@type': 'BillFormat';
}

export interface AccountPresentationMedia {
  id: string;
  href: string;
  name: string;
  isRef: false;
  channel: BillChannel;
  '@type': 'BillPresentationMedia';
}

export interface AccountBillStructure {
  cycleSpecification: AccountCycleSpecification;
  format?: AccountBillFormat;
  presentationMedia?: AccountPresentationMedia[];
  '@type'?: string;
}

/** What a request's references resolved to; `null`: the request removes that reference. */
export interface ResolvedReferences {
  cycleSpecification?: AccountCycleSpecification;
  format?: AccountBillFormat | null;
  presentationMedia?: AccountPresentationMedia[];
  financialAccount?: FinancialAccountRef | null;
}

export interface RecordKey {
  kind: AccountRecordKind;
  id: string;
}

const isBuiltIn = (kind: AccountRecordKind, id: string): boolean =>
  (kind === 'BillingCycleSpecification' && builtInCycleSpecification(id) !== undefined) ||
  (kind === 'BillFormat' && builtInBillFormats.some((format) => format.id === id)) ||
  (kind === 'BillPresentationMedia' && builtInBillPresentationMedia.some((media) => media.id === id));

interface ReferenceRequest {
  billStructure?: BillStructureInput | undefined;
  financialAccount?: { id: string } | null | undefined;
}

/** The stored records a request names (built-in ones are not stored), to read before resolving it. */
export function storedRecordsNamed(request: ReferenceRequest): RecordKey[] {
  const named: RecordKey[] = [];
  const { billStructure, financialAccount } = request;
  if (billStructure?.cycleSpecification) named.push({ kind: 'BillingCycleSpecification', id: billStructure.cycleSpecification.id });
  if (billStructure?.format) named.push({ kind: 'BillFormat', id: billStructure.format.id });
  for (const media of billStructure?.presentationMedia ?? []) named.push({ kind: 'BillPresentationMedia', id: media.id });
  if (financialAccount) named.push({ kind: 'FinancialAccount', id: financialAccount.id });
  return named.filter((key) => !isBuiltIn(key.kind, key.id));
}

export type RecordLookup = (kind: AccountRecordKind, id: string) => unknown;

export const cycleValueOf = (specification: BillingCycleSpecification): AccountCycleSpecification => ({
  id: specification.id,
  href: specification.href,
  name: specification.name,
  isRef: false,
  frequency: specification.frequency,
  billingPeriod: specification.billingPeriod,
  billingDateShift: specification.billingDateShift,
  ...(specification.paymentDueDateOffset !== undefined ? { paymentDueDateOffset: specification.paymentDueDateOffset } : {}),
  '@type': 'BillingCycleSpecification',
});

const formatValueOf = (format: BillFormat): AccountBillFormat => ({ id: format.id, href: format.href, name: format.name, isRef: false, documentType: format.documentType, '@type': 'BillFormat' });

const mediaValueOf = (media: BillPresentationMedia): AccountPresentationMedia => ({ id: media.id, href: media.href, name: media.name, isRef: false, channel: media.channel, '@type': 'BillPresentationMedia' });

const isCurrent = (validFor: { startDateTime?: string; endDateTime?: string } | undefined, now: string): boolean =>
  (validFor?.startDateTime === undefined || Date.parse(validFor.startDateTime) <= Date.parse(now)) && (validFor?.endDateTime === undefined || Date.parse(now) < Date.parse(validFor.endDateTime));

/**
 * Resolves a request's references against the records read (`lookup`: the stored ones; the
 * built-in ones are known here), or throws the 400 naming every reference that fails: one
 * that does not exist, a cycle specification not valid now, a Closed financial account, or a
 * financial account naming parties among which the account's owner is not.
 */
export function resolveReferences(request: ReferenceRequest, lookup: RecordLookup, context: { ownerId: string; now: string }): ResolvedReferences {
  const problems: FieldProblem[] = [];
  const find = <T>(kind: AccountRecordKind, id: string, field: string, builtIn: T | undefined): T | undefined => {
    const found = builtIn ?? (lookup(kind, id) as T | undefined);
    if (found === undefined) problems.push({ field, problem: `no ${accountRecordName(kind)} ${id}` });
    return found;
  };
  const resolved: ResolvedReferences = {};
  const { billStructure, financialAccount } = request;

  if (billStructure?.cycleSpecification) {
    const { id } = billStructure.cycleSpecification;
    const field = 'billStructure.cycleSpecification.id';
    const specification = find<BillingCycleSpecification>('BillingCycleSpecification', id, field, builtInCycleSpecification(id));
    if (specification && !isCurrent(specification.validFor, context.now)) problems.push({ field, problem: `billingCycleSpecification ${id} is not valid now` });
    else if (specification) resolved.cycleSpecification = cycleValueOf(specification);
  }
  if (billStructure?.format !== undefined) {
    if (billStructure.format === null) resolved.format = null;
    else {
      const { id } = billStructure.format;
      const format = find<BillFormat>('BillFormat', id, 'billStructure.format.id', builtInBillFormats.find((one) => one.id === id));
      if (format) resolved.format = formatValueOf(format);
    }
  }
  if (billStructure?.presentationMedia !== undefined) {
    resolved.presentationMedia = billStructure.presentationMedia.flatMap((reference, index) => {
      const media = find<BillPresentationMedia>('BillPresentationMedia', reference.id, `billStructure.presentationMedia[${index}].id`, builtInBillPresentationMedia.find((one) => one.id === reference.id));
      return media ? [mediaValueOf(media)] : [];
    });
  }
  if (financialAccount !== undefined) {
    if (financialAccount === null) resolved.financialAccount = null;
    else {
      const account = lookup('FinancialAccount', financialAccount.id) as FinancialAccount | undefined;
      const problem = financialAccountProblem(financialAccount.id, account, [context.ownerId]);
      if (problem !== undefined) problems.push({ field: 'financialAccount.id', problem });
      else resolved.financialAccount = financialAccountRefOf(account!);
    }
  }
  rejectFieldProblems(problems, 'the billing account refers to records it cannot use');
  return resolved;
}

/** The stored records an account refers to (its built-in references are not counted). */
export function countedReferencesOf(account: { billStructure?: Partial<AccountBillStructure>; financialAccount?: { id: string } | undefined }): RecordKey[] {
  const keys: RecordKey[] = [];
  const { billStructure, financialAccount } = account;
  if (billStructure?.cycleSpecification?.id !== undefined) keys.push({ kind: 'BillingCycleSpecification', id: billStructure.cycleSpecification.id });
  if (billStructure?.format) keys.push({ kind: 'BillFormat', id: billStructure.format.id });
  for (const media of billStructure?.presentationMedia ?? []) keys.push({ kind: 'BillPresentationMedia', id: media.id });
  if (financialAccount) keys.push({ kind: 'FinancialAccount', id: financialAccount.id });
  return keys.filter((key) => !isBuiltIn(key.kind, key.id));
}

export interface ReferenceCountChange extends RecordKey {
  delta: number;
}

/** How many more (or fewer) times each record is referred to after a write: only the records whose count moves. */
export function referenceCountChanges(before: readonly RecordKey[], after: readonly RecordKey[]): ReferenceCountChange[] {
  const deltas = new Map<string, ReferenceCountChange>();
  const add = (key: RecordKey, delta: number) => {
    const name = `${key.kind}#${key.id}`;
    const current = deltas.get(name) ?? { ...key, delta: 0 };
    deltas.set(name, { ...current, delta: current.delta + delta });
  };
  for (const key of before) add(key, -1);
  for (const key of after) add(key, 1);
  return [...deltas.values()].filter((change) => change.delta !== 0);
}
