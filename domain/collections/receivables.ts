import { money, moneyToTmf, type TmfMoney } from '../money/money.js';

/**
 * The receivables view (docs/collections.md, "Receivables"): what the open bills still owe, per
 * account and in total, aged by how long they are past their due date at an instant. Sums are
 * integer minor units per currency: amounts of two currencies are never added together.
 */
export const ageBuckets = ['current', '1-30', '31-60', '61-90', 'over90'] as const;
export type AgeBucket = (typeof ageBuckets)[number];

/** What the view needs of an open bill: the open-bills index holds nothing but bills that owe something. */
export interface OpenBillFact {
  billingAccount: { id: string; href: string; name: string };
  customerId: string;
  currency: string;
  remainingMinor: bigint;
  paymentDueDate: string;
}

export type BucketAmounts = Record<AgeBucket, bigint>;

export interface CurrencyReceivables {
  currency: string;
  openMinor: bigint;
  buckets: BucketAmounts;
}

export interface AccountReceivables extends CurrencyReceivables {
  billingAccount: { id: string; href: string; name: string };
  customerId: string;
  oldestDueDate: string;
  bills: number;
}

export interface Receivables {
  totals: CurrencyReceivables[];
  accounts: AccountReceivables[];
}

const dayMs = 86_400_000;

/** Whole days from the due date to `asOf` (0 while not yet due, and during the first day late). */
export function daysPastDue(paymentDueDate: string, asOf: string): number {
  const late = Date.parse(asOf) - Date.parse(paymentDueDate);
  return late <= 0 ? 0 : Math.floor(late / dayMs);
}

/**
 * `current` while the bill is not yet due (due exactly at `asOf` included). Once past its due
 * date it is at least `1-30`, even before a whole day has gone by: it is late, and the first
 * bucket of late bills is where a collector looks for it.
 */
export function ageBucketOf(paymentDueDate: string, asOf: string): AgeBucket {
  if (Date.parse(asOf) <= Date.parse(paymentDueDate)) return 'current';
  const days = daysPastDue(paymentDueDate, asOf);
  if (days <= 30) return '1-30';
  if (days <= 60) return '31-60';
  if (days <= 90) return '61-90';
  return 'over90';
}

const noBuckets = (): BucketAmounts => ({ current: 0n, '1-30': 0n, '31-60': 0n, '61-90': 0n, over90: 0n });

/**
 * Ages the open bills at `asOf` and sums them per account and currency, and per currency.
 * `currencies` keeps only those (all when undefined). Accounts come grouped by currency
 * (alphabetical: no order between amounts of two currencies means anything), the largest open
 * amount first, then by account id so that pages are stable.
 */
export function receivablesOf(bills: readonly OpenBillFact[], asOf: string, currencies?: readonly string[]): Receivables {
  const accounts = new Map<string, AccountReceivables>();
  const totals = new Map<string, CurrencyReceivables>();
  for (const bill of bills) {
    if (bill.remainingMinor <= 0n) continue;
    if (currencies !== undefined && !currencies.includes(bill.currency)) continue;
    const bucket = ageBucketOf(bill.paymentDueDate, asOf);
    // An account bills in one currency; keying by both still never mixes two if that ever changed.
    const key = `${bill.billingAccount.id}\u0000${bill.currency}`;
    let account = accounts.get(key);
    if (!account) {
      account = { billingAccount: bill.billingAccount, customerId: bill.customerId, currency: bill.currency, openMinor: 0n, buckets: noBuckets(), oldestDueDate: bill.paymentDueDate, bills: 0 };
      accounts.set(key, account);
    }
    account.openMinor += bill.remainingMinor;
    account.buckets[bucket] += bill.remainingMinor;
    account.bills += 1;
    if (Date.parse(bill.paymentDueDate) < Date.parse(account.oldestDueDate)) account.oldestDueDate = bill.paymentDueDate;
    let total = totals.get(bill.currency);
    if (!total) {
      total = { currency: bill.currency, openMinor: 0n, buckets: noBuckets() };
      totals.set(bill.currency, total);
    }
    total.openMinor += bill.remainingMinor;
    total.buckets[bucket] += bill.remainingMinor;
  }
  const byCurrency = (a: { currency: string }, b: { currency: string }) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0);
  return {
    totals: [...totals.values()].sort(byCurrency),
    accounts: [...accounts.values()].sort(
      (a, b) => byCurrency(a, b) || (a.openMinor > b.openMinor ? -1 : a.openMinor < b.openMinor ? 1 : 0) || (a.billingAccount.id < b.billingAccount.id ? -1 : a.billingAccount.id > b.billingAccount.id ? 1 : 0),
    ),
  };
}

export type TmfBuckets = Record<AgeBucket, TmfMoney>;

const bucketsToTmf = (buckets: BucketAmounts, currency: string): TmfBuckets =>
  Object.fromEntries(ageBuckets.map((bucket) => [bucket, moneyToTmf(money(buckets[bucket], currency))])) as TmfBuckets;

export const currencyReceivablesToTmf = (total: CurrencyReceivables) => ({
  currency: total.currency,
  open: moneyToTmf(money(total.openMinor, total.currency)),
  buckets: bucketsToTmf(total.buckets, total.currency),
});

export const accountReceivablesToTmf = (account: AccountReceivables) => ({
  billingAccount: account.billingAccount,
  customer: { id: account.customerId },
  ...currencyReceivablesToTmf(account),
  oldestDueDate: account.oldestDueDate,
  bills: account.bills,
});
