import { compareDecimals, decimalToString, type Decimal } from '../money/decimal.js';
import { addMoney, isNegativeMoney, isZeroMoney, negateMoney, sumMoney, zeroMoney, type Money } from '../money/money.js';
import { addCalendarDays, cycleContaining, toIso, type BillingCycle } from './billing-calendar.js';
import { coverageOf, zeroRate, type BillLine, type Interval } from './bill-line.js';
import type { ChargedProduct } from './charge-term.js';
import { recurringChargeLines } from './recurring-charges.js';
import type { TermPricer } from './term-pricing.js';
import { usageCharges, type BilledUsage, type RecordCharge, type UsageRecordToBill } from './usage-charges.js';

/**
 * One bill of one billing account (docs/billing.md): pure, so the same inputs always give the
 * same bill. The bill dated D (a cycle boundary, or the instant of an off-cycle bill) closes the
 * period since the previous bill: it charges the recurring prices in advance and credits what
 * plan changes and terminations gave back (recurring-charges.ts), the period's usage in arrears
 * and late usage of earlier periods (usage-charges.ts), and the credit an earlier bill carried.
 * Its totals are the sums of its lines; credits never take it below zero, the rest is carried
 * to the next bill.
 */
export interface BillingAccountTerms {
  id: string;
  name: string;
  currency: string;
  cycle: BillingCycle;
  /** Days from the bill date to the payment due date. */
  paymentTermsDays: number;
}

export interface BillComputationInput {
  account: BillingAccountTerms;
  /** Epoch milliseconds. */
  billDate: number;
  previousBillDate?: number | undefined;
  runType: 'onCycle' | 'offCycle';
  products: readonly ChargedProduct[];
  pricer: TermPricer;
  usage: { records: readonly UsageRecordToBill[]; earlierPeriods: readonly Interval[]; billed: readonly BilledUsage[] };
  /** Credit an earlier bill could not absorb (zero or positive). */
  creditBroughtForward: Money;
}

export interface TaxItem {
  taxCategory: string;
  /** Percent. */
  taxRate: Decimal;
  taxAmount: Money;
}

export interface BillDraft {
  billDate: string;
  billingPeriod: { startDateTime: string; endDateTime: string };
  paymentDueDate: string;
  runType: 'onCycle' | 'offCycle';
  currency: string;
  lines: BillLine[];
  taxExcludedAmount: Money;
  taxIncludedAmount: Money;
  taxItem: TaxItem[];
  /** What the customer owes: the tax-included total, never negative. */
  amountDue: Money;
  /** Credit this bill could not absorb, for the next one. */
  creditCarriedForward: Money;
  recordCharges: Map<string, RecordCharge[]>;
  billedUsage: BilledUsage[];
  unbillableUsage: { id: string; reason: string }[];
}

/**
 * The period the bill dated `billDate` closes: since the previous bill, or, for an account's
 * first bill, since the start of the cycle that ends at it.
 */
export function billPeriodOf(cycle: BillingCycle, billDate: number, previousBillDate?: number): Interval {
  return { start: previousBillDate ?? cycleContaining(cycle, billDate - 1).start, end: billDate };
}

export function computeBill(input: BillComputationInput): BillDraft {
  const { account, billDate, previousBillDate } = input;
  const currency = account.currency;
  const period = billPeriodOf(account.cycle, billDate, previousBillDate);
  const recurring = input.products.flatMap((product) =>
    recurringChargeLines({ cycle: account.cycle, billDate, previousBillDate, product, pricer: input.pricer }),
  );
  const usage = usageCharges({ cycle: account.cycle, period, products: input.products, pricer: input.pricer, ...input.usage });
  const charges = [...recurring, ...usage.lines];

  const lines = [...charges];
  let carried = zeroMoney(currency);
  if (charges.length > 0) {
    if (!isZeroMoney(input.creditBroughtForward)) lines.push(carryLine('creditBroughtForward', negateMoney(input.creditBroughtForward), period));
    const total = sumMoney(currency, lines.map((line) => line.amount.taxIncluded));
    if (isNegativeMoney(total)) {
      carried = negateMoney(total);
      lines.push(carryLine('creditCarriedForward', carried, period));
    }
  } else {
    // Nothing to bill: no bill, and the credit waits for the next one.
    carried = input.creditBroughtForward;
  }

  const taxExcludedAmount = sumMoney(currency, lines.map((line) => line.amount.dutyFree));
  const taxIncludedAmount = sumMoney(currency, lines.map((line) => line.amount.taxIncluded));
  return {
    billDate: toIso(billDate),
    billingPeriod: coverageOf(period),
    paymentDueDate: toIso(addCalendarDays(billDate, account.paymentTermsDays, account.cycle.timeZone)),
    runType: input.runType,
    currency,
    lines,
    taxExcludedAmount,
    taxIncludedAmount,
    taxItem: taxItems(lines),
    amountDue: taxIncludedAmount,
    creditCarriedForward: carried,
    recordCharges: usage.recordCharges,
    billedUsage: usage.billed,
    unbillableUsage: usage.unbillable,
  };
}

function carryLine(type: 'creditBroughtForward' | 'creditCarriedForward', amount: Money, period: Interval): BillLine {
  return {
    type,
    name: type === 'creditBroughtForward' ? 'Credit brought forward' : 'Credit carried forward',
    description:
      type === 'creditBroughtForward'
        ? 'credit an earlier bill could not use'
        : 'the credits on this bill exceed its charges: the rest is carried to the next bill',
    periodCoverage: coverageOf(period),
    amount: { dutyFree: amount, tax: zeroMoney(amount.currency), taxIncluded: amount, rate: zeroRate },
  };
}

/** One tax item per tax category and rate, the sum of its lines' tax. */
export function taxItems(lines: readonly BillLine[]): TaxItem[] {
  const items = new Map<string, TaxItem>();
  for (const line of lines) {
    if (line.taxCategory === undefined) continue;
    const key = `${line.taxCategory}|${decimalToString(line.amount.rate)}`;
    const item = items.get(key);
    if (item) item.taxAmount = addMoney(item.taxAmount, line.amount.tax);
    else items.set(key, { taxCategory: line.taxCategory, taxRate: line.amount.rate, taxAmount: line.amount.tax });
  }
  return [...items.values()].sort((a, b) => a.taxCategory.localeCompare(b.taxCategory) || compareDecimals(a.taxRate, b.taxRate));
}
