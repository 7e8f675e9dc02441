import * as z from '../shared/zod.js';
import { defineEvent } from './domain-event.js';

/**
 * Events of the onboarding context, source bss.onboarding (docs/onboarding.md). They carry ids,
 * not the application: the onboarding resource is the place to read it from.
 */
const tmfMoney = /* @__PURE__ */ z.lazy(() => z.object({ unit: z.string(), value: z.number() }));

/** An application was accepted; the onboarding state machine runs on it. */
export const OnboardingStarted = /* @__PURE__ */ defineEvent({
  source: 'bss.onboarding',
  detailType: 'OnboardingStarted',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({ onboardingId: z.string(), href: z.string(), withFirstOrder: z.boolean() })),
});

/**
 * The credit check declined the applicant: its customer is Closed and has no account. Without
 * the credit score since 2.0: no consumer reads it, and the onboarding resource keeps it for staff.
 */
export const OnboardingRejected = /* @__PURE__ */ defineEvent({
  source: 'bss.onboarding',
  detailType: 'OnboardingRejected',
  schemaVersion: '2.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({ onboardingId: z.string(), customerId: z.string(), reason: z.string() })),
});

/** A step failed for good (an email already taken, a refused first order, a fault past the retries). */
export const OnboardingFailed = /* @__PURE__ */ defineEvent({
  source: 'bss.onboarding',
  detailType: 'OnboardingFailed',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({
    onboardingId: z.string(),
    customerId: z.optional(z.string()),
    failedStep: z.optional(z.string()),
    reason: z.string(),
  })),
});

/** Every step is done: the customer is Validated with its account (and its first order placed, if any). */
export const OnboardingCompleted = /* @__PURE__ */ defineEvent({
  source: 'bss.onboarding',
  detailType: 'OnboardingCompleted',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({
    onboardingId: z.string(),
    customerId: z.string(),
    billingAccountId: z.string(),
    creditLimit: tmfMoney,
    productOrderId: z.optional(z.string()),
  })),
});

/** The notification channel's input: what a welcome message needs, without a read. */
export const CustomerWelcomed = /* @__PURE__ */ defineEvent({
  source: 'bss.onboarding',
  detailType: 'CustomerWelcomed',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({
    onboardingId: z.string(),
    customer: z.object({ id: z.string(), name: z.string(), email: z.string() }),
    billingAccount: z.object({ id: z.string(), name: z.string() }),
    productOrder: z.optional(z.object({ id: z.string() })),
  })),
});
