import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { money } from '../../../../domain/money/money.js';
import type { CreditDecision } from '../../../../domain/onboarding/credit-decision.js';
import {
  accountCurrencyOf,
  acknowledgeOnboarding,
  checkApplication,
  completeOnboarding,
  failOnboarding,
  isTerminal,
  onboardingAccountRequest,
  onboardingCreateSchema,
  onboardingStepNames,
  pendingStep,
  recordAccountOpened,
  recordCreditDecision,
  recordCustomerRegistered,
  recordFirstOrder,
  recordRejection,
  stepOf,
  type Onboarding,
  type OnboardingCreate,
} from '../../../../domain/onboarding/onboarding.js';
import { InvalidInputError, RuleViolationError } from '../../../../domain/shared/domain-errors.js';

const t0 = '2026-03-01T09:00:00.000Z';
const t1 = '2026-03-01T09:00:01.000Z';
const t2 = '2026-03-01T09:00:02.000Z';
const t3 = '2026-03-01T09:00:03.000Z';
const t4 = '2026-03-01T09:00:04.000Z';
const t5 = '2026-03-01T09:00:05.000Z';

const customer = { id: 'cust-1', href: '/tmf-api/customerManagement/v4/customer/cust-1', name: 'Ada Lovelace' };
const account = { id: 'ba-1', href: '/tmf-api/accountManagement/v4/billingAccount/ba-1', name: 'Ada Lovelace - default' };
const order = { id: 'po-1', href: '/tmf-api/productOrderingManagement/v4/productOrder/po-1' };
const approved: CreditDecision = { decision: 'approved', score: 700, creditLimit: money(50_000n, 'EUR') };
const rejected: CreditDecision = { decision: 'rejected', score: 420, reason: 'credit score 420 is below the minimum of 500' };

const application = (overrides: Partial<OnboardingCreate> = {}): OnboardingCreate => ({
  customer: { name: 'Ada Lovelace', contactMedium: [{ mediumType: 'email', characteristic: { emailAddress: 'ada@example.com' } }] },
  ...overrides,
});

const registered = () => recordCustomerRegistered(acknowledgeOnboarding('onb-1', t0), customer, t1);
const approvedOnboarding = () => recordCreditDecision(registered(), approved, 'SIM-CB-cust-1', t2);
const withAccount = () => recordAccountOpened(approvedOnboarding(), account, t3);

describe('onboarding transitions', () => {
  it('acknowledges an application with no steps yet', () => {
    expect(acknowledgeOnboarding('onb-1', t0)).toEqual({
      id: 'onb-1',
      href: '/onboarding/v1/onboarding/onb-1',
      '@type': 'Onboarding',
      state: 'acknowledged',
      step: [],
      createdAt: t0,
      lastUpdate: t0,
    });
  });

  it('an approved application with a first order runs every step in order and ends completed', () => {
    const completed = completeOnboarding(recordFirstOrder(withAccount(), order, t4), t5);
    expect(completed.state).toBe('completed');
    expect(completed.step.map((step) => [step.name, step.state, step.at])).toEqual([
      ['registerCustomer', 'done', t1],
      ['creditCheck', 'done', t2],
      ['openBillingAccount', 'done', t3],
      ['placeFirstOrder', 'done', t4],
      ['welcome', 'done', t5],
    ]);
    expect(completed).toMatchObject({
      customer: { ...customer, '@referredType': 'Customer' },
      billingAccount: { ...account, '@referredType': 'BillingAccount' },
      productOrder: { ...order, '@referredType': 'ProductOrder' },
      creditDecision: { decision: 'approved', score: 700, reference: 'SIM-CB-cust-1', creditLimit: { unit: 'EUR', value: 500 } },
      createdAt: t0,
      lastUpdate: t5,
    });
    expect(isTerminal(completed)).toBe(true);
  });

  it('moves to inProgress on registration and to approved on an approving credit check', () => {
    expect(registered().state).toBe('inProgress');
    expect(approvedOnboarding().state).toBe('approved');
    expect(stepOf(approvedOnboarding(), 'creditCheck')?.detail).toBe('approved with score 700, credit limit 500 EUR');
  });

  it('records a skipped first order when the application has none, with no order reference', () => {
    const skipped = recordFirstOrder(withAccount(), undefined, t4);
    expect(stepOf(skipped, 'placeFirstOrder')).toMatchObject({ state: 'skipped', at: t4 });
    expect(skipped.productOrder).toBeUndefined();
    expect(completeOnboarding(skipped, t5).state).toBe('completed');
  });

  it('a rejecting credit check keeps the onboarding inProgress until the customer is closed, then rejected with the rest skipped', () => {
    const declined = recordCreditDecision(registered(), rejected, 'SIM-CB-cust-1', t2);
    expect(declined.state).toBe('inProgress');
    expect(declined.creditDecision).toEqual({ decision: 'rejected', score: 420, reference: 'SIM-CB-cust-1', reason: rejected.reason });
    const closed = recordRejection(declined, t3);
    expect(closed.state).toBe('rejected');
    expect(closed.step.slice(2).map((step) => [step.name, step.state])).toEqual([
      ['openBillingAccount', 'skipped'],
      ['placeFirstOrder', 'skipped'],
      ['welcome', 'skipped'],
    ]);
    expect(closed.billingAccount).toBeUndefined();
    expect(isTerminal(closed)).toBe(true);
  });

  it('refuses to reject an approved application or to open an account for a declined one', () => {
    expect(() => recordRejection(approvedOnboarding(), t3)).toThrow(RuleViolationError);
    const declined = recordCreditDecision(registered(), rejected, 'ref', t2);
    expect(() => recordAccountOpened(declined, account, t3)).toThrow(RuleViolationError);
  });

  it('refuses a step out of order or twice', () => {
    const acknowledged = acknowledgeOnboarding('onb-1', t0);
    expect(() => recordCreditDecision(acknowledged, approved, 'ref', t1)).toThrow(/cannot record creditCheck: it is acknowledged, next step registerCustomer/);
    expect(() => recordCustomerRegistered(registered(), customer, t2)).toThrow(RuleViolationError);
    expect(() => recordFirstOrder(approvedOnboarding(), order, t3)).toThrow(RuleViolationError);
    expect(() => completeOnboarding(approvedOnboarding(), t3)).toThrow(RuleViolationError);
  });

  it('fails at the step under way, with the reason, and nothing follows a failure', () => {
    const failed = failOnboarding(approvedOnboarding(), 'the openBillingAccount step failed (Sandbox.Timedout)', t3);
    expect(failed).toMatchObject({ state: 'failed', failureReason: 'the openBillingAccount step failed (Sandbox.Timedout)', lastUpdate: t3 });
    expect(failed.step.at(-1)).toEqual({ name: 'openBillingAccount', state: 'failed', at: t3, detail: 'the openBillingAccount step failed (Sandbox.Timedout)' });
    expect(() => recordAccountOpened(failed, account, t4)).toThrow(RuleViolationError);
    expect(() => failOnboarding(failed, 'again', t4)).toThrow(/already failed/);
  });

  it('fails before registration at the registerCustomer step', () => {
    const failed = failOnboarding(acknowledgeOnboarding('onb-1', t0), 'a customer with email ada@example.com already exists', t1);
    expect(failed.step).toEqual([{ name: 'registerCustomer', state: 'failed', at: t1, detail: 'a customer with email ada@example.com already exists' }]);
  });

  type Move = 'register' | 'approve' | 'decline' | 'reject' | 'open' | 'order' | 'skipOrder' | 'welcome' | 'fail';
  const moves: Record<Move, (onboarding: Onboarding, at: string) => Onboarding> = {
    register: (o, at) => recordCustomerRegistered(o, customer, at),
    approve: (o, at) => recordCreditDecision(o, approved, 'ref', at),
    decline: (o, at) => recordCreditDecision(o, rejected, 'ref', at),
    reject: (o, at) => recordRejection(o, at),
    open: (o, at) => recordAccountOpened(o, account, at),
    order: (o, at) => recordFirstOrder(o, order, at),
    skipOrder: (o, at) => recordFirstOrder(o, undefined, at),
    welcome: (o, at) => completeOnboarding(o, at),
    fail: (o, at) => failOnboarding(o, 'boom', at),
  };

  it('property: whatever tasks run in whatever order, steps stay in order and unique, and a terminal state never changes', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...(Object.keys(moves) as Move[])), { maxLength: 20 }), (sequence) => {
        let onboarding = acknowledgeOnboarding('onb-1', t0);
        sequence.forEach((move, index) => {
          const before = onboarding;
          try {
            onboarding = moves[move](onboarding, `2026-03-01T10:00:${String(index).padStart(2, '0')}.000Z`);
          } catch (error) {
            expect(error).toBeInstanceOf(RuleViolationError);
            return;
          }
          expect(isTerminal(before), `${move} changed a ${before.state} onboarding`).toBe(false);
        });
        const names = onboarding.step.map((step) => step.name);
        expect(names).toEqual(onboardingStepNames.slice(0, names.length));
        expect(pendingStep(onboarding)).toBe(onboardingStepNames[names.length]);
        if (onboarding.state === 'completed') expect(onboarding.step.every((step) => step.state !== 'failed')).toBe(true);
        if (onboarding.state === 'rejected') expect(onboarding.billingAccount).toBeUndefined();
        if (onboarding.state === 'failed') expect(onboarding.step.filter((step) => step.state === 'failed')).toHaveLength(1);
      }),
    );
  });
});

describe('onboardingCreateSchema', () => {
  const item = { id: '1', action: 'add', productOffering: { id: 'mobile-m' } };

  it('accepts a customer alone, or with account terms and a first order', () => {
    expect(onboardingCreateSchema.safeParse(application()).success).toBe(true);
    const full = application({
      billingAccount: { name: 'Ada home', currency: 'GBP', timeZone: 'Europe/London', billingCycleDay: 5, defaultPaymentMethod: { id: 'pm-1' } },
      productOrder: {
        productOrderItem: [{ ...item, action: 'add', quantity: 2, product: { productCharacteristic: [{ name: 'msisdn', value: '+33600000000' }] } }],
        requestedStartDate: '2026-03-02T00:00:00Z',
        description: 'first order',
      },
    });
    expect(onboardingCreateSchema.safeParse(full).success).toBe(true);
  });

  it.each([
    ['an unknown top-level attribute', { ...application(), id: 'mine' }],
    ['a customer that breaks TMF629 create', { customer: { name: '', contactMedium: [] } }],
    ['no customer', { billingAccount: { currency: 'EUR' } }],
    ['a first order that modifies a product', { ...application(), productOrder: { productOrderItem: [{ ...item, action: 'modify' }] } }],
    ['a first order item without an offering', { ...application(), productOrder: { productOrderItem: [{ id: '1', action: 'add' }] } }],
    ['a first order with no items', { ...application(), productOrder: { productOrderItem: [] } }],
    ['a first order naming its own billing account', { ...application(), productOrder: { billingAccount: { id: 'ba-x' }, productOrderItem: [item] } }],
    ['account terms with a cycle day past 28', { ...application(), billingAccount: { billingCycleDay: 31 } }],
    ['account terms with a credit limit (the credit check sets it)', { ...application(), billingAccount: { creditLimit: { unit: 'EUR', value: 10 } } }],
  ])('refuses %s', (_, body) => {
    expect(onboardingCreateSchema.safeParse(body).success).toBe(false);
  });
});

describe('checkApplication', () => {
  it('accepts a well-formed application', () => {
    expect(() => checkApplication(application({ billingAccount: { currency: 'JPY' } }))).not.toThrow();
  });

  it('refuses a customer without an email, naming contactMedium', () => {
    const noEmail = application({ customer: { name: 'Ada', contactMedium: [{ mediumType: 'mobile', characteristic: { phoneNumber: '+33 6 00 00 00 00' } }] } });
    expect(() => checkApplication(noEmail)).toThrow(expect.objectContaining({ problems: [expect.objectContaining({ field: 'customer.contactMedium' })] }));
  });

  it('refuses a currency outside ISO 4217, naming billingAccount.currency', () => {
    expect(() => checkApplication(application({ billingAccount: { currency: 'XYZ' } }))).toThrow(
      expect.objectContaining({ problems: [expect.objectContaining({ field: 'billingAccount.currency' })] }),
    );
  });

  it('refuses an invalid billing preference characteristic of the customer, naming it under customer', () => {
    const customer = { ...application().customer, characteristic: [{ name: 'billingCycleDay', value: 31 }] };
    expect(() => checkApplication(application({ customer }))).toThrow(
      expect.objectContaining({ problems: [expect.objectContaining({ field: 'customer.characteristic[name=billingCycleDay]' })] }),
    );
  });

  it("refuses a first order that breaks order capture's cross-item rules, naming the field under productOrder", () => {
    const twice = { id: '1', action: 'add' as const, productOffering: { id: 'mobile-m' } };
    const error = (() => {
      try {
        checkApplication(application({ productOrder: { productOrderItem: [twice, twice] } }));
      } catch (caught) {
        return caught as InvalidInputError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error!.problems).toEqual([{ field: 'productOrder.productOrderItem.1.id', problem: 'two items have this id' }]);
  });
});

describe('the account an approved application gets', () => {
  const limit = { unit: 'GBP', value: 500 };

  it("takes the application's terms over the customer's preferences, in the credit limit's currency", () => {
    const terms = application({
      customer: {
        name: 'Ada Lovelace',
        contactMedium: [{ mediumType: 'email', characteristic: { emailAddress: 'ada@example.com' } }],
        characteristic: [
          { name: 'timeZone', value: 'Europe/Paris' },
          { name: 'billingCycleDay', value: 3 },
        ],
        paymentMethod: [{ id: 'pm-customer' }],
      },
      billingAccount: { name: 'Ada home', timeZone: 'Europe/London', defaultPaymentMethod: { id: 'pm-terms' } },
    });
    expect(onboardingAccountRequest(terms, customer, limit)).toEqual({
      name: 'Ada home',
      accountType: 'customer',
      relatedParty: [{ id: 'cust-1', name: 'Ada Lovelace', role: 'owner', '@referredType': 'Customer' }],
      currency: 'GBP',
      creditLimit: limit,
      defaultPaymentMethod: { id: 'pm-terms' },
      billingCycleDay: 3,
      timeZone: 'Europe/London',
    });
  });

  it("falls back to a default account's name and the customer's first payment method", () => {
    const request = onboardingAccountRequest(application({ customer: { ...application().customer, paymentMethod: [{ id: 'pm-1' }, { id: 'pm-2' }] } }), customer, limit);
    expect(request).toMatchObject({ name: 'Ada Lovelace - default', defaultPaymentMethod: { id: 'pm-1' } });
    expect(request).not.toHaveProperty('timeZone');
    expect(request).not.toHaveProperty('billingCycleDay');
  });

  it("decides the currency: the application's, else the customer's preference, else the operator's", () => {
    const preferring = application({ customer: { ...application().customer, characteristic: [{ name: 'preferredCurrency', value: 'USD' }] } });
    expect(accountCurrencyOf({ ...preferring, billingAccount: { currency: 'GBP' } }, 'EUR')).toBe('GBP');
    expect(accountCurrencyOf(preferring, 'EUR')).toBe('USD');
    expect(accountCurrencyOf(application(), 'EUR')).toBe('EUR');
  });
});
