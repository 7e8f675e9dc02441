import * as z from '../shared/zod.js';
import type { BillingAccountCreate } from '../customers/billing-account.js';
import { billingPreferencesOf, customerCreateSchema } from '../customers/customer.js';
import { primaryEmail } from '../customers/email.js';
import { minorUnitExponent, moneyToTmf, type TmfMoney } from '../money/money.js';
import { orderItemSchema, productOrderCreateSchema } from '../orders/product-order-request.js';
import { InvalidInputError, RuleViolationError } from '../shared/domain-errors.js';
import { currencyCodeSchema, paymentMethodRefSchema, timeZoneSchema } from '../shared/tmf-types.js';
import type { CreditDecision } from './credit-decision.js';

/**
 * Onboarding (extension API /onboarding/v1, docs/onboarding.md): one application to become a
 * customer, carried out by the onboarding state machine. The resource records how far the
 * application got, step by step, so an agent can follow it over the API.
 *
 *   acknowledged ──► inProgress ──► approved ──► completed
 *        │               │   └──────► rejected        (credit check said no)
 *        └───────────────┴──────────► failed          (from any non-terminal state)
 *
 * `state` follows the furthest step done: inProgress once the customer is registered,
 * approved once the credit check approved it (the account, first order and welcome follow),
 * rejected once a declined customer has been closed. completed, rejected and failed are terminal.
 */
export const onboardingStates = ['acknowledged', 'inProgress', 'approved', 'rejected', 'completed', 'failed'] as const;
export type OnboardingState = (typeof onboardingStates)[number];

export const terminalOnboardingStates: ReadonlySet<OnboardingState> = new Set(['rejected', 'completed', 'failed']);

/** The steps in the order the state machine runs them. */
export const onboardingStepNames = ['registerCustomer', 'creditCheck', 'openBillingAccount', 'placeFirstOrder', 'welcome'] as const;
export type OnboardingStepName = (typeof onboardingStepNames)[number];

export interface OnboardingStep {
  name: OnboardingStepName;
  state: 'done' | 'failed' | 'skipped';
  at: string;
  detail?: string;
}

interface Reference<TReferredType extends string> {
  id: string;
  href: string;
  name?: string;
  '@referredType': TReferredType;
}

export interface OnboardingCreditDecision {
  decision: 'approved' | 'rejected';
  score: number;
  /** The bureau's id of the report the decision rests on. */
  reference: string;
  creditLimit?: TmfMoney;
  reason?: string;
}

export interface Onboarding {
  id: string;
  href: string;
  '@type': 'Onboarding';
  state: OnboardingState;
  /** Why the onboarding failed; set only in state failed. */
  failureReason?: string;
  step: OnboardingStep[];
  customer?: Reference<'Customer'> & { name: string };
  billingAccount?: Reference<'BillingAccount'> & { name: string };
  productOrder?: Reference<'ProductOrder'>;
  creditDecision?: OnboardingCreditDecision;
  createdAt: string;
  lastUpdate: string;
}

export const onboardingPath = '/onboarding/v1/onboarding';

const billingAccountTermsSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  name: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(256))),
  currency: z.optional(currencyCodeSchema),
  timeZone: z.optional(timeZoneSchema),
  billingCycleDay: z.optional(z.int().check(z.gte(1), z.lte(28))),
  defaultPaymentMethod: z.optional(paymentMethodRefSchema),
}));

/**
 * The first order: TMF622 ProductOrder_Create items as order capture reads them, narrowed to
 * what a new customer can order (only `add`, so the offering is required). The billing account
 * is the one the onboarding opens, so the application does not name one.
 */
const firstOrderItemSchema = /* @__PURE__ */ z.lazy(() => z.extend(orderItemSchema(), {
  action: z.literal('add'),
  productOffering: orderItemSchema().shape.productOffering.def.innerType,
}));

const firstOrderSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  productOrderItem: z.array(firstOrderItemSchema).check(z.minLength(1), z.maxLength(50)),
  requestedStartDate: z.optional(z.iso.datetime({ offset: true })),
  description: z.optional(z.string().check(z.maxLength(1024))),
}));

/**
 * POST /onboarding/v1/onboarding. Strict and free of transforms: API Gateway validates the same
 * schema as a draft-04 model. `customer` is the TMF629 Customer_Create body, `billingAccount`
 * the terms of the account opened once credit is approved, `productOrder` an optional first
 * order placed on that account.
 */
export const onboardingCreateSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  customer: customerCreateSchema,
  billingAccount: z.optional(billingAccountTermsSchema),
  productOrder: z.optional(firstOrderSchema),
}));
export type OnboardingCreate = z.infer<typeof onboardingCreateSchema>;
export type FirstOrder = z.infer<typeof firstOrderSchema>;

/**
 * The checks the schema cannot make, done when the application is accepted so that a bad
 * application is a 400 and never a failed onboarding: the customer's email and billing
 * preference characteristics, and a known currency for the account.
 */
export function checkApplication(application: OnboardingCreate): void {
  within('customer', () => {
    primaryEmail(application.customer.contactMedium);
    billingPreferencesOf(application.customer);
  });
  const currency = application.billingAccount?.currency;
  if (currency !== undefined) within('billingAccount', () => minorUnitExponent(currency));
  if (application.productOrder) checkFirstOrder(application.productOrder);
}

/** Runs a check written for a part of the application, naming its fields from the application's root. */
function within(part: string, check: () => unknown): void {
  try {
    check();
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    throw new InvalidInputError(
      error.message,
      error.problems.map((problem) => ({ ...problem, field: `${part}.${problem.field}` })),
    );
  }
}

/** Order capture's own cross-item rules (unique item ids, no product id on an add, ...), on a stand-in account. */
function checkFirstOrder(order: FirstOrder): void {
  const parsed = productOrderCreateSchema.safeParse({ ...order, billingAccount: { id: 'opened-on-approval' } });
  if (parsed.success) return;
  const problems = parsed.error.issues.map((issue) => ({ field: ['productOrder', ...issue.path.map(String)].join('.'), problem: issue.message }));
  throw new InvalidInputError(`the first order is invalid: ${problems.map((p) => `${p.field}: ${p.problem}`).join('; ')}`, problems);
}

/** The currency the credit limit and the account are in: the application's, else the customer's preference, else the operator default. */
export function accountCurrencyOf(application: OnboardingCreate, operatorDefault: string): string {
  return application.billingAccount?.currency ?? billingPreferencesOf(application.customer).currency ?? operatorDefault;
}

/**
 * The account an approved application gets: the application's terms, else the customer's
 * billing preferences (as a plain customer's default account would have), in the currency the
 * credit limit was decided in.
 */
export function onboardingAccountRequest(
  application: OnboardingCreate,
  customer: { id: string; name: string },
  creditLimit: TmfMoney,
): BillingAccountCreate {
  const terms = application.billingAccount ?? {};
  const preferences = billingPreferencesOf(application.customer);
  const paymentMethod = terms.defaultPaymentMethod ?? application.customer.paymentMethod?.[0];
  const billingCycleDay = terms.billingCycleDay ?? preferences.billingCycleDay;
  const timeZone = terms.timeZone ?? preferences.timeZone;
  return {
    name: terms.name ?? `${customer.name} - default`,
    accountType: 'customer',
    relatedParty: [{ id: customer.id, name: customer.name, role: 'owner', '@referredType': 'Customer' }],
    currency: creditLimit.unit,
    creditLimit,
    ...(paymentMethod ? { defaultPaymentMethod: paymentMethod } : {}),
    ...(billingCycleDay ? { billingCycleDay } : {}),
    ...(timeZone ? { timeZone } : {}),
  };
}

export function acknowledgeOnboarding(id: string, now: string): Onboarding {
  return { id, href: `${onboardingPath}/${id}`, '@type': 'Onboarding', state: 'acknowledged', step: [], createdAt: now, lastUpdate: now };
}

export function isTerminal(onboarding: Pick<Onboarding, 'state'>): boolean {
  return terminalOnboardingStates.has(onboarding.state);
}

export function stepOf(onboarding: Pick<Onboarding, 'step'>, name: OnboardingStepName): OnboardingStep | undefined {
  return onboarding.step.find((step) => step.name === name);
}

/** The first step not yet recorded: the one running now, or next. */
export function pendingStep(onboarding: Pick<Onboarding, 'step'>): OnboardingStepName | undefined {
  return onboardingStepNames.find((name) => stepOf(onboarding, name) === undefined);
}

/**
 * Every transition checks that it is the next one: the steps are recorded in order, once each,
 * and nothing follows a terminal state. A violation means a task ran out of order (a bug or a
 * tampered execution), never a user error.
 */
function advance(
  onboarding: Onboarding,
  expected: { step: OnboardingStepName; states: readonly OnboardingState[] },
  change: { state: OnboardingState; steps: Omit<OnboardingStep, 'at'>[]; now: string },
  attributes: Partial<Onboarding> = {},
): Onboarding {
  if (!expected.states.includes(onboarding.state) || pendingStep(onboarding) !== expected.step) {
    throw new RuleViolationError(
      'onboarding-sequence',
      `onboarding ${onboarding.id} cannot record ${expected.step}: it is ${onboarding.state}, next step ${pendingStep(onboarding) ?? 'none'}`,
    );
  }
  return {
    ...onboarding,
    ...attributes,
    state: change.state,
    step: [...onboarding.step, ...change.steps.map((step) => ({ ...step, at: change.now }))],
    lastUpdate: change.now,
  };
}

export function recordCustomerRegistered(
  onboarding: Onboarding,
  customer: { id: string; href: string; name: string },
  now: string,
): Onboarding {
  return advance(
    onboarding,
    { step: 'registerCustomer', states: ['acknowledged'] },
    { state: 'inProgress', steps: [{ name: 'registerCustomer', state: 'done', detail: `customer ${customer.id} registered (Initialized)` }], now },
    { customer: { id: customer.id, href: customer.href, name: customer.name, '@referredType': 'Customer' } },
  );
}

/**
 * An approval moves the onboarding on to approved; a rejection keeps it inProgress until the
 * customer has been closed (recordRejection), so `rejected` always means "closed, no account".
 */
export function recordCreditDecision(onboarding: Onboarding, decision: CreditDecision, reference: string, now: string): Onboarding {
  const creditDecision: OnboardingCreditDecision =
    decision.decision === 'approved'
      ? { decision: 'approved', score: decision.score, reference, creditLimit: moneyToTmf(decision.creditLimit) }
      : { decision: 'rejected', score: decision.score, reference, reason: decision.reason };
  const detail =
    creditDecision.decision === 'approved'
      ? `approved with score ${decision.score}, credit limit ${creditDecision.creditLimit!.value} ${creditDecision.creditLimit!.unit}`
      : `rejected: ${creditDecision.reason}`;
  return advance(
    onboarding,
    { step: 'creditCheck', states: ['inProgress'] },
    { state: decision.decision === 'approved' ? 'approved' : 'inProgress', steps: [{ name: 'creditCheck', state: 'done', detail }], now },
    { creditDecision },
  );
}

/** The declined customer has been closed: the remaining steps are skipped. */
export function recordRejection(onboarding: Onboarding, now: string): Onboarding {
  if (onboarding.creditDecision?.decision !== 'rejected') {
    throw new RuleViolationError('onboarding-sequence', `onboarding ${onboarding.id} cannot be rejected without a rejecting credit decision`);
  }
  const skipped = (name: OnboardingStepName) => ({ name, state: 'skipped' as const, detail: 'credit check rejected the application' });
  return advance(
    onboarding,
    { step: 'openBillingAccount', states: ['inProgress'] },
    { state: 'rejected', steps: [skipped('openBillingAccount'), skipped('placeFirstOrder'), skipped('welcome')], now },
  );
}

export function recordAccountOpened(onboarding: Onboarding, account: { id: string; href: string; name: string }, now: string): Onboarding {
  return advance(
    onboarding,
    { step: 'openBillingAccount', states: ['approved'] },
    { state: 'approved', steps: [{ name: 'openBillingAccount', state: 'done', detail: `default billing account ${account.id} opened` }], now },
    { billingAccount: { id: account.id, href: account.href, name: account.name, '@referredType': 'BillingAccount' } },
  );
}

/** `order` undefined: the application asked for no first order. */
export function recordFirstOrder(onboarding: Onboarding, order: { id: string; href: string } | undefined, now: string): Onboarding {
  const step: Omit<OnboardingStep, 'at'> = order
    ? { name: 'placeFirstOrder', state: 'done', detail: `product order ${order.id} placed; order-to-cash carries it out` }
    : { name: 'placeFirstOrder', state: 'skipped', detail: 'the application has no first order' };
  return advance(
    onboarding,
    { step: 'placeFirstOrder', states: ['approved'] },
    { state: 'approved', steps: [step], now },
    order ? { productOrder: { id: order.id, href: order.href, '@referredType': 'ProductOrder' } } : {},
  );
}

export function completeOnboarding(onboarding: Onboarding, now: string): Onboarding {
  return advance(
    onboarding,
    { step: 'welcome', states: ['approved'] },
    { state: 'completed', steps: [{ name: 'welcome', state: 'done', detail: 'CustomerWelcomed sent to the notification channel' }], now },
  );
}

/** The step under way failed for `reason`; nothing runs after it. */
export function failOnboarding(onboarding: Onboarding, reason: string, now: string): Onboarding {
  if (isTerminal(onboarding)) {
    throw new RuleViolationError('onboarding-sequence', `onboarding ${onboarding.id} is already ${onboarding.state}`);
  }
  const failed = pendingStep(onboarding);
  return {
    ...onboarding,
    state: 'failed',
    failureReason: reason,
    step: failed ? [...onboarding.step, { name: failed, state: 'failed', at: now, detail: reason }] : onboarding.step,
    lastUpdate: now,
  };
}
