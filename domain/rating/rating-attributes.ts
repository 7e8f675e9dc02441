import * as z from '../shared/zod.js';
import type { FieldProblem } from '../shared/domain-errors.js';
import { rejectFieldProblems } from '../shared/domain-errors.js';

/**
 * The rating attributes a usage record may carry beside its quantity, unit, product and record
 * id (docs/rating.md): where a call went, where the subscriber roamed, which way the call went
 * and what kind of service it was. They arrive as TMF635 `usageCharacteristic` name/value pairs
 * like every other characteristic; a record without them is rated as today.
 */
export const ratingAttributeNames = ['destination', 'visitedNetwork', 'visitedCountry', 'direction', 'serviceType'] as const;
export type RatingAttributeName = (typeof ratingAttributeNames)[number];

export const callDirections = ['outgoing', 'incoming'] as const;
export type CallDirection = (typeof callDirections)[number];

export const serviceTypes = ['voice', 'video', 'sms', 'mms', 'data'] as const;
export type ServiceType = (typeof serviceTypes)[number];

/** E.164: a +, a country code that never starts with 0, at most 15 digits in all. */
export const e164Pattern = /^\+[1-9]\d{0,14}$/;
/** MCC-MNC: three digits of mobile country code, two or three of network code, the dash optional. */
export const mccMncPattern = /^(\d{3})-?(\d{2,3})$/;
/** ISO 3166-1 alpha-2, upper case. */
export const countryCodePattern = /^[A-Z]{2}$/;

/**
 * Spaces, dots, dashes and brackets are how people write numbers (`+33 6 12 34 56 78`), not
 * part of them; mediation feeds vary, so they are dropped before the E.164 check.
 */
export function normalizeE164(text: string): string {
  return text.trim().replaceAll(/[\s.()-]/g, '');
}

/** `20801` and `208-01` are one network; the dashed form is the one tables and records keep. */
export function normalizeMccMnc(text: string): string {
  const match = mccMncPattern.exec(text.trim());
  return match ? `${match[1]}-${match[2]}` : text;
}

/** ` fr ` is FR. */
function normalizeCountryCode(text: string): string {
  return text.trim().toUpperCase();
}

/**
 * What each attribute's text becomes once read: the schema applies it (before its check or after),
 * and a stored record's attributes, checked when the record came in, are read with it alone.
 */
const normalizedText: Readonly<Record<RatingAttributeName, (text: string) => string>> = {
  destination: normalizeE164,
  visitedNetwork: normalizeMccMnc,
  visitedCountry: normalizeCountryCode,
  direction: (text) => text,
  serviceType: (text) => text,
};

/** The attributes as the schema reads them from their texts: normalized, so lookups compare like with like. */
export const ratingAttributesSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  destination: z.optional(
    z.pipe(z.pipe(z.string(), z.transform(normalizedText.destination)), z.string().check(z.regex(e164Pattern, 'an E.164 number: + and up to 15 digits, such as +33612345678'))),
  ),
  visitedNetwork: z.optional(z.pipe(z.string().check(z.regex(mccMncPattern, 'an MCC-MNC network code such as 208-01 or 20801')), z.transform(normalizedText.visitedNetwork))),
  visitedCountry: z.optional(
    z.pipe(z.pipe(z.string(), z.transform(normalizedText.visitedCountry)), z.string().check(z.regex(countryCodePattern, 'an ISO 3166-1 alpha-2 country code such as FR'))),
  ),
  direction: z.optional(z.enum(callDirections, { error: `one of ${callDirections.join(', ')}` })),
  serviceType: z.optional(z.enum(serviceTypes, { error: `one of ${serviceTypes.join(', ')}` })),
}));
export type RatingAttributes = z.output<typeof ratingAttributesSchema>;

export interface Characteristic {
  name: string;
  value: string | number | boolean;
}

export interface ReadRatingAttributes<C extends Characteristic> {
  attributes: RatingAttributes;
  /** Every characteristic that is not a rating attribute, kept as it came and in its order. */
  otherCharacteristics: C[];
}

/**
 * Reads the rating attributes out of a record's characteristics. A rating attribute that is
 * not text, or not in its form, is a 400 naming it (`usageCharacteristic[name=destination]`,
 * as the record's other characteristics are named); `field` prefixes the names (`usage[3].`)
 * in a batch. Names given twice are the record's check (`readUsageRecord`), not repeated here.
 */
export function readRatingAttributes<C extends Characteristic>(characteristics: readonly C[], field = ''): ReadRatingAttributes<C> {
  const at = (name: string) => `${field}usageCharacteristic[name=${name}]`;
  const raw: Record<string, unknown> = {};
  const otherCharacteristics: C[] = [];
  const problems: FieldProblem[] = [];
  for (const characteristic of characteristics) {
    if (!(ratingAttributeNames as readonly string[]).includes(characteristic.name)) {
      otherCharacteristics.push(characteristic);
    } else if (typeof characteristic.value !== 'string') {
      // A number would lose a destination's leading + (and a network code's leading zero): text only.
      problems.push({ field: at(characteristic.name), problem: 'must be text' });
    } else if (!Object.hasOwn(raw, characteristic.name)) {
      raw[characteristic.name] = characteristic.value;
    }
  }
  const parsed = ratingAttributesSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push({ field: at(String(issue.path[0])), problem: issue.message });
  }
  rejectFieldProblems(problems, 'the rating attributes are invalid');
  return { attributes: parsed.data ?? {}, otherCharacteristics };
}

/**
 * The rating attributes of a record that `readRatingAttributes` read when it came in, as it read
 * them: each attribute's first text, normalized. Nothing is checked again, so reading stored
 * records (a bill's usage, the overview's) runs no schema: zod's core stays out of the functions
 * that only read them (test/unit/domain/rating/rating-attributes.test.ts holds the two equal).
 */
export function storedRatingAttributes(characteristics: readonly Characteristic[]): RatingAttributes {
  const attributes: Partial<Record<RatingAttributeName, string>> = {};
  for (const { name, value } of characteristics) {
    if (!(ratingAttributeNames as readonly string[]).includes(name) || typeof value !== 'string') continue;
    const attribute = name as RatingAttributeName;
    attributes[attribute] ??= normalizedText[attribute](value);
  }
  return attributes as RatingAttributes;
}
