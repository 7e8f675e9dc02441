import * as z from '../shared/zod.js';
import { shapeOnFirstUse } from '../shared/zod.js';
import { InvalidInputError, RuleViolationError } from '../shared/domain-errors.js';
import { applyMergePatch, mergePatchSchema } from '../shared/merge-patch.js';
import { testClockPath } from '../billing/test-clock.js';
import { primaryEmail } from './email.js';
import {
  characteristicSchema,
  contactMediumSchema,
  currencyCodeSchema,
  timeZoneSchema,
  paymentMethodRefSchema,
  relatedPartySchema,
  timePeriodSchema,
  type ContactMedium,
} from '../shared/tmf-types.js';

/**
 * TMF629 Customer: the role a party plays when it buys from us. Lifecycle (our reading of
 * TMF629's free-form `status`, recorded in docs/lifecycles.md):
 *
 *   Initialized ──► Validated ──► Suspended ──► Closed
 *        │              ▲  └──────────┘ ▲         ▲
 *        └──────────────┴───────────────┴─────────┘   (Closed is terminal)
 */
export const customerStatuses = ['Initialized', 'Validated', 'Suspended', 'Closed'] as const;
export type CustomerStatus = (typeof customerStatuses)[number];

const allowedTransitions: Record<CustomerStatus, readonly CustomerStatus[]> = {
  Initialized: ['Validated', 'Closed'],
  Validated: ['Suspended', 'Closed'],
  Suspended: ['Validated', 'Closed'],
  Closed: [],
};

export function canTransitionCustomer(from: CustomerStatus, to: CustomerStatus): boolean {
  return from === to || allowedTransitions[from].includes(to);
}

export const customerPath = '/tmf-api/customerManagement/v4/customer';

/** Writable attributes shared by create and patch. */
const customerAttributes = /* @__PURE__ */ shapeOnFirstUse(() => ({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(256)),
  statusReason: z.optional(z.string().check(z.maxLength(1024))),
  engagedParty: relatedPartySchema,
  contactMedium: z.array(contactMediumSchema).check(z.maxLength(20)),
  characteristic: z.optional(z.array(characteristicSchema).check(z.maxLength(50))),
  paymentMethod: z.optional(z.array(paymentMethodRefSchema).check(z.maxLength(10))),
  relatedParty: z.optional(z.array(relatedPartySchema).check(z.maxLength(20))),
  validFor: z.optional(timePeriodSchema),
  '@type': z.optional(z.literal('Customer')),
  '@baseType': z.optional(z.string()),
  '@schemaLocation': z.optional(z.url()),
}));

/** POST body: TMF629 Customer_Create. `engagedParty` may be omitted: we then register the party. */
export const customerCreateSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  ...customerAttributes(),
  engagedParty: z.optional(relatedPartySchema),
  status: z.optional(z.literal('Initialized')),
  /** Extension: the test clock the customer lives on (docs/billing.md); fixed for its whole life. */
  testClock: z.optional(
    z.strictObject({
      id: z.string().check(z.minLength(1), z.maxLength(128)),
      href: z.optional(z.string().check(z.maxLength(1024))),
      '@referredType': z.optional(z.string().check(z.maxLength(64))),
    }),
  ),
}));
export type CustomerCreate = z.infer<typeof customerCreateSchema>;

/**
 * PATCH body (JSON merge patch): every attribute optional, `null` removes an optional one;
 * id, href and timestamps are read-only.
 */
export const customerPatchSchema = /* @__PURE__ */ z.lazy(() => mergePatchSchema({
  name: customerAttributes().name,
  statusReason: z.nullable(customerAttributes().statusReason),
  engagedParty: customerAttributes().engagedParty,
  contactMedium: customerAttributes().contactMedium,
  characteristic: z.nullable(customerAttributes().characteristic),
  paymentMethod: z.nullable(customerAttributes().paymentMethod),
  relatedParty: z.nullable(customerAttributes().relatedParty),
  validFor: z.nullable(customerAttributes().validFor),
  status: z.enum(customerStatuses),
  '@type': customerAttributes()['@type'],
  '@baseType': z.nullable(customerAttributes()['@baseType']),
  '@schemaLocation': z.nullable(customerAttributes()['@schemaLocation']),
}));
export type CustomerPatch = z.infer<typeof customerPatchSchema>;

/** The TMF629 Customer resource as we store and serve it. */
export interface Customer {
  id: string;
  href: string;
  name: string;
  status: CustomerStatus;
  statusReason?: string;
  engagedParty: z.infer<typeof relatedPartySchema>;
  contactMedium: ContactMedium[];
  characteristic?: z.infer<typeof characteristicSchema>[];
  paymentMethod?: z.infer<typeof paymentMethodRefSchema>[];
  relatedParty?: z.infer<typeof relatedPartySchema>[];
  validFor?: z.infer<typeof timePeriodSchema>;
  '@type': 'Customer';
  '@baseType'?: string;
  '@schemaLocation'?: string;
  /** Extension: the test clock the customer lives on; every instant recorded for it is the clock's. */
  testClock?: { id: string; href: string };
  /** Extension attributes (documented in docs/api.md): when we created and last changed it. */
  createdAt: string;
  lastModified: string;
  /** Extension: when it was closed and its personal data erased (customer-erasure.ts); absent otherwise. */
  erasedAt?: string;
}

export function registerCustomer(input: CustomerCreate, ids: { customerId: string; partyId: string }, now: string): Customer {
  primaryEmail(input.contactMedium);
  billingPreferencesOf(input);
  const { status: _initialStatus, engagedParty, testClock, ...attributes } = input;
  return {
    ...attributes,
    ...(testClock ? { testClock: { id: testClock.id, href: `${testClockPath}/${testClock.id}` } } : {}),
    id: ids.customerId,
    href: `${customerPath}/${ids.customerId}`,
    status: 'Initialized',
    engagedParty: engagedParty ?? { id: ids.partyId, name: input.name, '@referredType': 'Individual' },
    '@type': 'Customer',
    createdAt: now,
    lastModified: now,
  };
}

export interface CustomerChange {
  customer: Customer;
  statusChanged: boolean;
  previousEmail: string;
  email: string;
}

export function applyCustomerPatch(current: Customer, patch: CustomerPatch, now: string): CustomerChange {
  const nextStatus = patch.status ?? current.status;
  if (!canTransitionCustomer(current.status, nextStatus)) {
    throw new RuleViolationError(
      'customer-lifecycle',
      `a customer cannot go from ${current.status} to ${nextStatus}; allowed: ${allowedTransitions[current.status].join(', ') || 'none (terminal)'}`,
    );
  }
  if (current.status === 'Closed') {
    throw new RuleViolationError('customer-lifecycle', 'a Closed customer cannot be changed');
  }
  const customer: Customer = { ...applyMergePatch(current, patch), status: nextStatus, lastModified: now };
  billingPreferencesOf(customer);
  return {
    customer,
    statusChanged: nextStatus !== current.status,
    previousEmail: primaryEmail(current.contactMedium),
    email: primaryEmail(customer.contactMedium),
  };
}

/** The customer settings a default billing account is opened with, read from its characteristics. */
export interface BillingPreferences {
  currency?: string;
  timeZone?: string;
  billingCycleDay?: number;
}

const billingPreferencesSchema = /* @__PURE__ */ z.lazy(() => z.object({
  preferredCurrency: z.optional(currencyCodeSchema),
  timeZone: z.optional(timeZoneSchema),
  // Characteristic values are strings, numbers or booleans: accept "15" and 15, never true.
  billingCycleDay: z.optional(
    z.pipe(
      z.transform((value) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value)),
      z.int().check(z.gte(1), z.lte(28)),
    ),
  ),
}));

/**
 * Reads the optional characteristics `preferredCurrency`, `timeZone` and `billingCycleDay`.
 * Checked when the customer is written, so the default account can always be opened later.
 */
export function billingPreferencesOf(customer: Pick<Customer, 'characteristic'>): BillingPreferences {
  const named = (name: string) => customer.characteristic?.find((c) => c.name === name)?.value;
  const parsed = billingPreferencesSchema.safeParse({
    preferredCurrency: named('preferredCurrency'),
    timeZone: named('timeZone'),
    billingCycleDay: named('billingCycleDay'),
  });
  if (!parsed.success) {
    throw new InvalidInputError(
      'a billing preference characteristic has an invalid value',
      parsed.error.issues.map((issue) => ({ field: `characteristic[name=${issue.path.join('.')}]`, problem: issue.message })),
    );
  }
  const { preferredCurrency, timeZone, billingCycleDay } = parsed.data;
  return {
    ...(preferredCurrency ? { currency: preferredCurrency } : {}),
    ...(timeZone ? { timeZone } : {}),
    ...(billingCycleDay ? { billingCycleDay } : {}),
  };
}
