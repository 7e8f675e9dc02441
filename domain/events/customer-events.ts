import * as z from '../shared/zod.js';
import { defineEvent } from './domain-event.js';

/**
 * Events of the customers context (customers and their billing accounts), source bss.customers.
 * No payment methods (card tokens): no consumer needs them (docs/events.md, "Partners").
 */
const customerSnapshot = /* @__PURE__ */ z.lazy(() => z.object({
  id: z.string(),
  href: z.string(),
  name: z.string(),
  status: z.string(),
  email: z.string(),
  preferences: z.object({
    currency: z.optional(z.string()),
    timeZone: z.optional(z.string()),
    billingCycleDay: z.optional(z.int()),
  }),
  /** Set for a customer living on a test clock: its instants (and its data's) are simulated. */
  testClockId: z.optional(z.string()),
}));

const billingAccountSnapshot = /* @__PURE__ */ z.lazy(() => z.object({
  id: z.string(),
  href: z.string(),
  name: z.string(),
  state: z.string(),
  /** The owner: a customer, or (no customer) an organization (domain/customers/billing-account-owner.ts). */
  customerId: z.optional(z.string()),
  organizationId: z.optional(z.string()),
  currency: z.string(),
  timeZone: z.string(),
  billingCycleDay: z.int(),
  isDefault: z.boolean(),
  creditLimit: z.optional(z.object({ unit: z.string(), value: z.number() })),
  testClockId: z.optional(z.string()),
}));

export const CustomerCreated = /* @__PURE__ */ defineEvent({
  source: 'bss.customers',
  detailType: 'CustomerCreated',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({
    customer: customerSnapshot,
    /**
     * Set when an onboarding registered the customer: it is under credit check, so the rule
     * that opens a default billing account skips it (`exists: false`); the onboarding opens the
     * account itself once credit is approved (docs/onboarding.md).
     */
    onboardingId: z.optional(z.string()),
  })),
});

export const CustomerUpdated = /* @__PURE__ */ defineEvent({
  source: 'bss.customers',
  detailType: 'CustomerUpdated',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({ customer: customerSnapshot, changedAttributes: z.array(z.string()) })),
});

export const CustomerStatusChanged = /* @__PURE__ */ defineEvent({
  source: 'bss.customers',
  detailType: 'CustomerStatusChanged',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({ customerId: z.string(), from: z.string(), to: z.string(), reason: z.optional(z.string()) })),
});

/**
 * The customer was closed and its personal data erased (TMF629 DELETE /customer/{id}, also a
 * GDPR erasure; docs/api.md, "Closing a customer and erasing its data"). Carries no personal
 * data: the customer's id, the accounts closed with it, who asked (a role) and the audit entry.
 * Read models holding the customer's personal data (search index, timeline) erase theirs on it.
 */
export const CustomerErased = /* @__PURE__ */ defineEvent({
  source: 'bss.customers',
  detailType: 'CustomerErased',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({
    customerId: z.string(),
    erasedAt: z.string(),
    closedBillingAccountIds: z.array(z.string()),
    erasedByRole: z.string(),
    auditEntryId: z.string(),
    testClockId: z.optional(z.string()),
  })),
});

const taxJurisdiction = /* @__PURE__ */ z.lazy(() => z.object({ country: z.string(), stateOrProvince: z.optional(z.string()) }));

/**
 * A change of the customer's postal address moved where it is taxed (docs/security.md, "Tax
 * jurisdiction"); recorded in the audit trail in the same transaction. `from` or `to` is absent
 * when the customer had, or has, no taxing address.
 */
export const CustomerTaxJurisdictionChanged = /* @__PURE__ */ defineEvent({
  source: 'bss.customers',
  detailType: 'CustomerTaxJurisdictionChanged',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({
    customerId: z.string(),
    from: z.optional(taxJurisdiction),
    to: z.optional(taxJurisdiction),
    /** The role that made the change: a customer stating its own address, or staff. */
    changedByRole: z.string(),
    auditEntryId: z.string(),
  })),
});

export const BillingAccountCreated = /* @__PURE__ */ defineEvent({
  source: 'bss.customers',
  detailType: 'BillingAccountCreated',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({ billingAccount: billingAccountSnapshot })),
});

export const BillingAccountUpdated = /* @__PURE__ */ defineEvent({
  source: 'bss.customers',
  detailType: 'BillingAccountUpdated',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({ billingAccount: billingAccountSnapshot, changedAttributes: z.array(z.string()) })),
});

export const BillingAccountStateChanged = /* @__PURE__ */ defineEvent({
  source: 'bss.customers',
  detailType: 'BillingAccountStateChanged',
  schemaVersion: '1.0',
  // customerId: absent for an organization's account.
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({ billingAccountId: z.string(), customerId: z.optional(z.string()), from: z.string(), to: z.string() })),
});

/**
 * The customer's communication preferences were replaced (docs/communication.md, "Preferences"):
 * every kind's choice as it now is, which kinds changed, and who changed them (the customer, or
 * staff for it). Instants are the customer's (its test clock's when it lives on one).
 */
export const CommunicationPreferencesChanged = /* @__PURE__ */ defineEvent({
  source: 'bss.customers',
  detailType: 'CommunicationPreferencesChanged',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({
    customerId: z.string(),
    preferences: z.array(z.object({ kind: z.string(), email: z.boolean(), sms: z.boolean() })),
    changedKinds: z.array(z.string()),
    changedByRole: z.string(),
    testClockId: z.optional(z.string()),
  })),
});
