import { customerNow } from '../lib/clock.js';
import { simulatedTaxProvider } from '../lib/providers/simulated-tax-provider.js';
import type { BillingContext } from './account-billing.js';
import { sharedPricing } from './bill-pricing.js';
import type { BillComputationContext } from './next-bill.js';

/** Days from a bill's date to its due date when the account sets none (BSS_PAYMENT_TERMS_DAYS, default 14). */
export function defaultPaymentTermsDays(): number {
  const days = Number(process.env.BSS_PAYMENT_TERMS_DAYS ?? '14');
  if (!Number.isInteger(days) || days < 0 || days > 90) throw new Error(`BSS_PAYMENT_TERMS_DAYS must be 0 to 90, not ${process.env.BSS_PAYMENT_TERMS_DAYS}`);
  return days;
}

/**
 * What a bill is computed with: the tax adapter (chosen here, once per function instance) and the
 * default payment terms, with a fresh cache of what the accounts of one call share. Billing and
 * the account overview's estimate compute with the same.
 */
export function billComputationContext(): BillComputationContext {
  return { taxProvider: simulatedTaxProvider, paymentTermsDays: defaultPaymentTermsDays(), shared: sharedPricing() };
}

/**
 * What billing writes with: what a bill is computed with, and the time bills are written at: a
 * test clock's, or the system's.
 */
export async function billingContext(input: { testClockId?: string | null | undefined; correlationId: string }): Promise<BillingContext> {
  return {
    ...billComputationContext(),
    correlationId: input.correlationId,
    now: await customerNow(input.testClockId ?? undefined),
  };
}
