import * as z from 'zod';

/**
 * TM Forum Open API v4 common types, as zod schemas. Request schemas are strict so that a
 * misspelt or read-only attribute is reported instead of silently dropped.
 */
export const timePeriodSchema = z.strictObject({
  startDateTime: z.iso.datetime({ offset: true }).optional(),
  endDateTime: z.iso.datetime({ offset: true }).optional(),
});
export type TimePeriod = z.infer<typeof timePeriodSchema>;

const polymorphism = {
  '@type': z.string().min(1).optional(),
  '@baseType': z.string().min(1).optional(),
  '@schemaLocation': z.url().optional(),
};

export const relatedPartySchema = z.strictObject({
  id: z.string().min(1).max(128),
  href: z.string().optional(),
  name: z.string().max(256).optional(),
  role: z.string().max(64).optional(),
  '@referredType': z.string().min(1).max(64),
  ...polymorphism,
});
export type RelatedParty = z.infer<typeof relatedPartySchema>;

export const characteristicSchema = z.strictObject({
  id: z.string().optional(),
  name: z.string().min(1).max(128),
  valueType: z.string().optional(),
  value: z.union([z.string().max(1024), z.number(), z.boolean()]),
  ...polymorphism,
});
export type Characteristic = z.infer<typeof characteristicSchema>;

export const mediumCharacteristicSchema = z.strictObject({
  city: z.string().max(128).optional(),
  contactType: z.string().max(64).optional(),
  country: z.string().max(64).optional(),
  emailAddress: z.email().max(254).optional(),
  faxNumber: z.string().max(32).optional(),
  phoneNumber: z
    .string()
    .regex(/^\+?[0-9 ()-]{3,32}$/, 'phone number of digits, spaces, ( ) - and an optional leading +')
    .optional(),
  postCode: z.string().max(32).optional(),
  socialNetworkId: z.string().max(128).optional(),
  stateOrProvince: z.string().max(128).optional(),
  street1: z.string().max(256).optional(),
  street2: z.string().max(256).optional(),
  ...polymorphism,
});

export const contactMediumSchema = z.strictObject({
  mediumType: z.string().min(1).max(64),
  preferred: z.boolean().optional(),
  characteristic: mediumCharacteristicSchema,
  validFor: timePeriodSchema.optional(),
  ...polymorphism,
});
export type ContactMedium = z.infer<typeof contactMediumSchema>;

export const paymentMethodRefSchema = z.strictObject({
  id: z.string().min(1).max(128),
  href: z.string().optional(),
  name: z.string().max(256).optional(),
  '@referredType': z.string().optional(),
  ...polymorphism,
});
export type PaymentMethodRef = z.infer<typeof paymentMethodRefSchema>;

/** ISO 4217 alphabetic code. */
export const currencyCodeSchema = z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 currency code such as EUR');

/** IANA time zone, checked against the zones this runtime knows. */
export const timeZoneSchema = z.string().refine(isKnownTimeZone, 'IANA time zone such as Europe/Paris').meta({ examples: ['Europe/Paris'] });

export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The TMF API a path belongs to, by the name in its base path (`/tmf-api/<api>/v4/...`); undefined for a path outside the TMF APIs. */
export const tmfApiOf = (path: string): string | undefined => /^\/tmf-api\/([^/]+)\/v4\//.exec(path)?.[1];
