import { describe, expect, it } from 'vitest';
import {
  applyBillingAccountPatch,
  billingAccountCreateSchema,
  billingAccountPatchSchema,
  openBillingAccount,
  type BillingAccountCreate,
} from '../../../domain/customers/billing-account.js';
import { InvalidInputError } from '../../../domain/shared/domain-errors.js';

const now = '2026-01-15T10:00:00.000Z';
const owner = { id: 'cust-1', name: 'Ada Lovelace', '@referredType': 'Customer' };
const open = (overrides: Partial<BillingAccountCreate> = {}) =>
  openBillingAccount(
    { name: 'Ada main account', relatedParty: [owner], ...overrides },
    { id: 'ba-1', now, defaults: { currency: 'EUR', timeZone: 'UTC' }, isDefault: false, ownerName: 'Ada Lovelace' },
  );

/** TMF666 creditLimit: the most the account's recurring charges may reach (order-to-cash checks orders against it). */
describe('billing account credit limit', () => {
  it('is absent unless given', () => {
    expect(open()).not.toHaveProperty('creditLimit');
  });

  it('is kept on open, in the account currency, written in canonical TMF form', () => {
    expect(open({ creditLimit: { unit: 'EUR', value: 500 } }).creditLimit).toEqual({ unit: 'EUR', value: 500 });
    expect(open({ currency: 'JPY', creditLimit: { unit: 'JPY', value: 50_000 } }).creditLimit).toEqual({ unit: 'JPY', value: 50_000 });
  });

  it('must be in the account currency, whether given or defaulted', () => {
    expect(() => open({ creditLimit: { unit: 'GBP', value: 500 } })).toThrow(
      expect.objectContaining({ problems: [{ field: 'creditLimit.unit', problem: 'the credit limit is in GBP, the account in EUR' }] }),
    );
    expect(() => open({ currency: 'USD', creditLimit: { unit: 'EUR', value: 500 } })).toThrow(InvalidInputError);
  });

  it('may not have more decimals than the currency', () => {
    expect(() => open({ creditLimit: { unit: 'EUR', value: 10.005 } })).toThrow(InvalidInputError);
    expect(() => open({ currency: 'JPY', creditLimit: { unit: 'JPY', value: 0.5 } })).toThrow(InvalidInputError);
  });

  it('is never negative, and the schemas say so', () => {
    const body = { name: 'x', relatedParty: [owner], creditLimit: { unit: 'EUR', value: -1 } };
    expect(billingAccountCreateSchema.safeParse(body).success).toBe(false);
    expect(billingAccountPatchSchema.safeParse({ creditLimit: { unit: 'EUR', value: -1 } }).success).toBe(false);
    expect(billingAccountCreateSchema.safeParse({ ...body, creditLimit: { unit: 'EUR', value: 0 } }).success).toBe(true);
  });

  it('is changed or removed by a patch, checked against the account currency', () => {
    const account = open({ creditLimit: { unit: 'EUR', value: 500 } });
    expect(applyBillingAccountPatch(account, { creditLimit: { unit: 'EUR', value: 2000 } }, now).creditLimit).toEqual({ unit: 'EUR', value: 2000 });
    expect(applyBillingAccountPatch(account, { creditLimit: null }, now)).not.toHaveProperty('creditLimit');
    expect(applyBillingAccountPatch(account, { name: 'renamed' }, now).creditLimit).toEqual({ unit: 'EUR', value: 500 });
    expect(() => applyBillingAccountPatch(account, { creditLimit: { unit: 'USD', value: 10 } }, now)).toThrow(InvalidInputError);
  });
});
