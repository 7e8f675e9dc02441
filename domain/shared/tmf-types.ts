import * as z from './zod.js';
import { shapeOnFirstUse } from './zod.js';

/**
 * TM Forum Open API v4 common types, as zod schemas. Request schemas are strict so that a
 * misspelt or read-only attribute is reported instead of silently dropped.
 */
export const timePeriodSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  startDateTime: z.optional(z.iso.datetime({ offset: true })),
  endDateTime: z.optional(z.iso.datetime({ offset: true })),
}));
export type TimePeriod = z.infer<typeof timePeriodSchema>;

const polymorphism = /* @__PURE__ */ shapeOnFirstUse(() => ({
  '@type': z.optional(z.string().check(z.minLength(1))),
  '@baseType': z.optional(z.string().check(z.minLength(1))),
  '@schemaLocation': z.optional(z.url()),
}));

export const relatedPartySchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  id: z.string().check(z.minLength(1), z.maxLength(128)),
  href: z.optional(z.string()),
  name: z.optional(z.string().check(z.maxLength(256))),
  role: z.optional(z.string().check(z.maxLength(64))),
  '@referredType': z.string().check(z.minLength(1), z.maxLength(64)),
  ...polymorphism(),
}));
export type RelatedParty = z.infer<typeof relatedPartySchema>;

export const characteristicSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  id: z.optional(z.string()),
  name: z.string().check(z.minLength(1), z.maxLength(128)),
  valueType: z.optional(z.string()),
  value: z.union([z.string().check(z.maxLength(1024)), z.number(), z.boolean()]),
  ...polymorphism(),
}));
export type Characteristic = z.infer<typeof characteristicSchema>;

export const mediumCharacteristicSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  city: z.optional(z.string().check(z.maxLength(128))),
  contactType: z.optional(z.string().check(z.maxLength(64))),
  country: z.optional(z.string().check(z.maxLength(64))),
  emailAddress: z.optional(z.email().check(z.maxLength(254))),
  faxNumber: z.optional(z.string().check(z.maxLength(32))),
  phoneNumber: z.optional(
    z.string().check(z.regex(/^\+?[0-9 ()-]{3,32}$/, 'phone number of digits, spaces, ( ) - and an optional leading +')),
  ),
  postCode: z.optional(z.string().check(z.maxLength(32))),
  socialNetworkId: z.optional(z.string().check(z.maxLength(128))),
  stateOrProvince: z.optional(z.string().check(z.maxLength(128))),
  street1: z.optional(z.string().check(z.maxLength(256))),
  street2: z.optional(z.string().check(z.maxLength(256))),
  ...polymorphism(),
}));

export const contactMediumSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  mediumType: z.string().check(z.minLength(1), z.maxLength(64)),
  preferred: z.optional(z.boolean()),
  characteristic: mediumCharacteristicSchema,
  validFor: z.optional(timePeriodSchema),
  ...polymorphism(),
}));
export type ContactMedium = z.infer<typeof contactMediumSchema>;

export const paymentMethodRefSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  id: z.string().check(z.minLength(1), z.maxLength(128)),
  href: z.optional(z.string()),
  name: z.optional(z.string().check(z.maxLength(256))),
  '@referredType': z.optional(z.string()),
  ...polymorphism(),
}));
export type PaymentMethodRef = z.infer<typeof paymentMethodRefSchema>;

/** ISO 4217 alphabetic code. */
export const currencyCodeSchema = /* @__PURE__ */ z.lazy(() => z.string().check(z.regex(/^[A-Z]{3}$/, 'ISO 4217 currency code such as EUR')));

/** IANA time zone, checked against the zones this runtime knows. */
export const timeZoneSchema = /* @__PURE__ */ z.lazy(() => z.string().check(z.refine(isKnownTimeZone, 'IANA time zone such as Europe/Paris'), z.meta({ examples: ['Europe/Paris'] })));

export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
