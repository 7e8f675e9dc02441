import * as z from '../shared/zod.js';
import { applyMergePatch, mergePatchSchema } from '../shared/merge-patch.js';
import { accountRecordPath, recordDescriptionSchema, recordNameSchema, typeOf } from './account-record.js';

/**
 * TMF666 BillFormat and BillPresentationMedia: how a billing account's bills are rendered and
 * how they reach its customer (docs/bill-documents.md).
 *
 * A bill format names the document delivery sends (`documentType`, an extension attribute):
 * `pdf` (the default) or `html`, the two renderings every bill has. A presentation media names
 * the delivery channel (`channel`): `email` (the document attached) or `sms` (a link to it);
 * whichever the account names first is tried first, the customer's communication preferences
 * still decide (a channel it refuses turns the bill to the other). Both renderings stay
 * downloadable in the portal whatever the account chose. Built in: formats `pdf` and `html`,
 * media `email` and `sms`; staff create more (a name of their own for one of these), whose
 * `documentType` or `channel` is fixed once created since accounts copy it.
 */
export const billDocumentTypes = ['pdf', 'html'] as const;
export type BillDocumentType = (typeof billDocumentTypes)[number];
export const billChannels = ['email', 'sms'] as const;
export type BillChannel = (typeof billChannels)[number];

interface Presentation<K extends 'BillFormat' | 'BillPresentationMedia'> {
  id: string;
  href: string;
  name: string;
  description?: string;
  /** True for the ones the system defines. */
  isBuiltIn: boolean;
  /** When it was created or last changed (built-in ones: never). */
  lastUpdate?: string;
  '@type': K;
}

export interface BillFormat extends Presentation<'BillFormat'> {
  documentType: BillDocumentType;
}

export interface BillPresentationMedia extends Presentation<'BillPresentationMedia'> {
  channel: BillChannel;
}

const formatPath = /* @__PURE__ */ accountRecordPath('BillFormat');
const mediaPath = /* @__PURE__ */ accountRecordPath('BillPresentationMedia');

export const builtInBillFormats: readonly BillFormat[] = [
  { id: 'pdf', href: `${formatPath}/pdf`, name: 'PDF bill', description: 'The bill as a PDF document, attached to the bill e-mail', documentType: 'pdf', isBuiltIn: true, '@type': 'BillFormat' },
  { id: 'html', href: `${formatPath}/html`, name: 'HTML bill', description: 'The bill as an HTML document, attached to the bill e-mail', documentType: 'html', isBuiltIn: true, '@type': 'BillFormat' },
];

export const builtInBillPresentationMedia: readonly BillPresentationMedia[] = [
  { id: 'email', href: `${mediaPath}/email`, name: 'E-mail', description: 'The bill e-mailed to the customer, its document attached', channel: 'email', isBuiltIn: true, '@type': 'BillPresentationMedia' },
  { id: 'sms', href: `${mediaPath}/sms`, name: 'SMS', description: "A text message with the bill's amount, due date and a link to its document", channel: 'sms', isBuiltIn: true, '@type': 'BillPresentationMedia' },
];

export const billFormatCreateSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  name: recordNameSchema,
  description: z.optional(recordDescriptionSchema),
  documentType: z.optional(z.enum(billDocumentTypes)),
  ...typeOf('BillFormat'),
}));
export type BillFormatCreate = z.infer<typeof billFormatCreateSchema>;

export const billPresentationMediaCreateSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  name: recordNameSchema,
  description: z.optional(recordDescriptionSchema),
  channel: z.optional(z.enum(billChannels)),
  ...typeOf('BillPresentationMedia'),
}));
export type BillPresentationMediaCreate = z.infer<typeof billPresentationMediaCreateSchema>;

/** Both patch only the name and the description: what they render or where they send is copied onto accounts. */
const presentationPatch = { name: recordNameSchema, description: /* @__PURE__ */ z.nullable(recordDescriptionSchema) };
export const billFormatPatchSchema = /* @__PURE__ */ z.lazy(() => mergePatchSchema(presentationPatch));
export const billPresentationMediaPatchSchema = /* @__PURE__ */ z.lazy(() => mergePatchSchema(presentationPatch));
export type PresentationPatch = z.infer<typeof billFormatPatchSchema>;

export function createBillFormat(input: BillFormatCreate, context: { id: string; now: string }): BillFormat {
  return {
    id: context.id,
    href: `${formatPath}/${context.id}`,
    name: input.name,
    ...(input.description !== undefined ? { description: input.description } : {}),
    documentType: input.documentType ?? 'pdf',
    isBuiltIn: false,
    lastUpdate: context.now,
    '@type': 'BillFormat',
  };
}

export function createBillPresentationMedia(input: BillPresentationMediaCreate, context: { id: string; now: string }): BillPresentationMedia {
  return {
    id: context.id,
    href: `${mediaPath}/${context.id}`,
    name: input.name,
    ...(input.description !== undefined ? { description: input.description } : {}),
    channel: input.channel ?? 'email',
    isBuiltIn: false,
    lastUpdate: context.now,
    '@type': 'BillPresentationMedia',
  };
}

export function applyPresentationPatch<T extends BillFormat | BillPresentationMedia>(current: T, patch: PresentationPatch, now: string): T {
  return { ...applyMergePatch(current, patch), lastUpdate: now };
}

/**
 * What a billing account's bills use, from its `billStructure` as resolved at write time:
 * the document type of its format (PDF without one) and its first presentation media's
 * channel (undefined: the customer's preferred contact medium decides).
 */
export function billDocumentTypeOf(account: { billStructure?: { format?: { documentType?: BillDocumentType } } }): BillDocumentType {
  return account.billStructure?.format?.documentType ?? 'pdf';
}

export function billChannelOf(account: { billStructure?: { presentationMedia?: readonly { channel?: BillChannel }[] } }): BillChannel | undefined {
  return account.billStructure?.presentationMedia?.find((media) => media.channel !== undefined)?.channel;
}
