import type { CreditNoteLine } from '../../../../domain/collections/credit-note.js';
import { money, moneyToTmf } from '../../../../domain/money/money.js';
import type { BillLineForRevenue } from '../../../../domain/revenue/revenue-schedule.js';

export const paris = 'Europe/Paris';

const eur = (minor: bigint) => moneyToTmf(money(minor, 'EUR'));

/** A bill line as the API serves it: `taxExcludedMinor` is what revenue recognition reads; the tax is there to tell devices from fees. */
export function billLine(input: {
  id: string;
  type?: BillLineForRevenue['type'];
  taxExcludedMinor: bigint;
  taxCategory?: string;
  from?: string;
  to?: string;
  billingAccountId?: string;
}): BillLineForRevenue {
  return {
    id: input.id,
    type: input.type ?? 'recurring',
    ...(input.from && input.to ? { periodCoverage: { startDateTime: input.from, endDateTime: input.to } } : {}),
    taxExcludedAmount: eur(input.taxExcludedMinor),
    appliedTax: [{ taxCategory: input.taxCategory ?? 'telecommunications', taxRate: 20, taxAmount: eur(input.taxExcludedMinor / 5n), '@type': 'AppliedBillingTaxRate' }],
    billingAccount: { id: input.billingAccountId ?? 'ba-1', href: `/ba/${input.billingAccountId ?? 'ba-1'}`, '@referredType': 'BillingAccount' },
  };
}

export function creditNoteLine(input: { id: string; creditedLineId: string; taxExcludedMinor: bigint }): Pick<CreditNoteLine, 'id' | 'creditedLine' | 'taxExcludedAmount'> {
  return {
    id: input.id,
    creditedLine: { id: input.creditedLineId, href: `/line/${input.creditedLineId}`, '@referredType': 'AppliedCustomerBillingRate' },
    taxExcludedAmount: eur(input.taxExcludedMinor),
  };
}
