import { onboardingCreateSchema } from '../../domain/onboarding/onboarding.js';
import { staffWrites } from '../../domain/shared/write-access.js';
import { idempotencyRecords, readTable, readWrite, type BoundedContext, type FunctionDefinition } from './shared.js';

/** Onboarding (extension API /onboarding/v1): register → credit check → account → first order → welcome. */
const onboardingUseCases: FunctionDefinition[] = [
  {
    name: 'start-onboarding',
    entry: 'functions/onboarding/start-onboarding.ts',
    description: 'POST /onboarding/v1/onboarding: records the application; OnboardingStarted starts the onboarding state machine',
    permissions: [{ resource: 'table', actions: idempotencyRecords, keys: ['BILLING_ACCOUNT#*', 'CUSTOMER#*', 'CUSTOMER_EMAIL#*', 'IDEMPOTENCY#*', 'ONBOARDING#*', 'OUTBOX#*'] }],
  },
  {
    name: 'get-onboarding',
    entry: 'functions/onboarding/get-onboarding.ts',
    description: 'GET /onboarding/v1/onboarding/{id}: the progress of one onboarding',
    permissions: [readTable],
  },
  {
    name: 'register-onboarding-customer',
    entry: 'functions/onboarding/register-onboarding-customer.ts',
    description: 'Onboarding: registers the customer, not yet eligible for a billing account',
    permissions: [{ resource: 'table', actions: readWrite, keys: ['BILLING_ACCOUNT#*', 'CUSTOMER#*', 'CUSTOMER_EMAIL#*', 'ONBOARDING#*', 'OUTBOX#*'] }],
  },
  {
    name: 'check-onboarding-credit',
    entry: 'functions/onboarding/check-onboarding-credit.ts',
    description: "Onboarding: asks the credit bureau and records the decision (credit limit or rejection)",
    permissions: [{ resource: 'table', actions: readWrite, keys: ['BILLING_ACCOUNT#*', 'CUSTOMER#*', 'CUSTOMER_EMAIL#*', 'ONBOARDING#*', 'OUTBOX#*'] }],
  },
  {
    name: 'reject-onboarding',
    entry: 'functions/onboarding/reject-onboarding.ts',
    description: 'Onboarding: the credit check said no; the customer is closed with the reason, no account is opened',
    permissions: [{ resource: 'table', actions: readWrite, keys: ['BILLING_ACCOUNT#*', 'CUSTOMER#*', 'CUSTOMER_EMAIL#*', 'ONBOARDING#*', 'OUTBOX#*'] }],
  },
  {
    name: 'open-onboarding-account',
    entry: 'functions/onboarding/open-onboarding-account.ts',
    description: "Onboarding: validates the customer and opens its billing account with the approved credit limit",
    permissions: [{ resource: 'table', actions: readWrite, keys: ['BILLING_ACCOUNT#*', 'CUSTOMER#*', 'CUSTOMER_EMAIL#*', 'ONBOARDING#*', 'OUTBOX#*'] }],
  },
  {
    name: 'place-onboarding-order',
    entry: 'functions/onboarding/place-onboarding-order.ts',
    description: 'Onboarding: places the first order, which runs order-to-cash',
    permissions: [{ resource: 'table', actions: [...readWrite, 'dynamodb:BatchGetItem'], keys: ['BILLING_ACCOUNT#*', 'CANCEL_PRODUCT_ORDER#*', 'CUSTOMER#*', 'CUSTOMER_EMAIL#*', 'ONBOARDING#*', 'OUTBOX#*', 'PRODUCT_ORDER#*'] }],
  },
  {
    name: 'welcome-onboarded-customer',
    entry: 'functions/onboarding/welcome-onboarded-customer.ts',
    description: 'Onboarding: completes the onboarding and emits CustomerWelcomed for the notification channel',
    permissions: [{ resource: 'table', actions: readWrite, keys: ['BILLING_ACCOUNT#*', 'CUSTOMER#*', 'CUSTOMER_EMAIL#*', 'ONBOARDING#*', 'OUTBOX#*'] }],
  },
  {
    name: 'fail-onboarding',
    entry: 'functions/onboarding/fail-onboarding.ts',
    description: "Onboarding: the state machine's Catch; marks the onboarding failed at the running step, with OnboardingFailed",
    permissions: [{ resource: 'table', actions: readWrite, keys: ['BILLING_ACCOUNT#*', 'CUSTOMER#*', 'CUSTOMER_EMAIL#*', 'ONBOARDING#*', 'OUTBOX#*'] }],
  },
];

/** Onboarding: the application API and the state machine that runs each application. */
export const onboarding: BoundedContext = {
  name: 'onboarding',
  functions: onboardingUseCases,
  routes: [
    { method: 'POST', path: '/onboarding/v1/onboarding', function: 'start-onboarding', authorized: true, requestBody: onboardingCreateSchema, writeAccess: staffWrites },
    { method: 'GET', path: '/onboarding/v1/onboarding/{id}', function: 'get-onboarding', authorized: true },
  ],
  stateMachines: [
    {
      name: 'onboarding',
      definitionFile: 'state-machines/onboarding.asl.json',
      invokes: [
        'register-onboarding-customer',
        'check-onboarding-credit',
        'reject-onboarding',
        'open-onboarding-account',
        'place-onboarding-order',
        'welcome-onboarded-customer',
        'fail-onboarding',
      ],
    },
  ],
  eventRules: [
    {
      name: 'onboarding-started-runs-onboarding',
      description: 'Every onboarding application runs through the onboarding state machine',
      pattern: { source: ['bss.onboarding'], 'detail-type': ['OnboardingStarted'] },
      target: { kind: 'state-machine', name: 'onboarding' },
    },
  ],
  schedules: [],
};
