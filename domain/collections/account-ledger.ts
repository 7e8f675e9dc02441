import { money, moneyFromTmf, moneyToTmf, type TmfMoney } from '../money/money.js';

/**
 * A billing account's ledger (docs/collections.md, "Ledger and balance"): every money fact of
 * the account is one append-only entry, written in the transaction that makes the fact (a bill
 * issued, a payment received, ...). Amounts are signed from the customer's side: what it owes
 * more is positive (a bill), what it paid or was credited negative. The balance is their sum:
 * above zero the customer owes it, below zero the account holds credit.
 */
export const ledgerEntryKinds = ['bill', 'payment', 'refund', 'creditNote', 'adjustment', 'writeOff'] as const;
export type LedgerEntryKind = (typeof ledgerEntryKinds)[number];

export interface LedgerEntry {
  id: string;
  '@type': 'LedgerEntry';
  billingAccount: { id: string; href: string; '@referredType': 'BillingAccount' };
  kind: LedgerEntryKind;
  /** Signed: positive is owed by the customer. */
  amount: TmfMoney;
  /** When the fact happened, in the customer's time (its test clock's when it lives on one). */
  recordedAt: string;
  /** The document the entry records. */
  reference: { id: string; href: string; '@referredType': 'CustomerBill' | 'Payment' | 'Refund' | 'CreditNote' | 'GoodwillCredit' };
  description: string;
  testClock?: { id: string };
}

const billingAccountPath = '/tmf-api/accountManagement/v4/billingAccount';

/** The signed minor units of an entry. */
export const entryMinor = (entry: Pick<LedgerEntry, 'amount'>): bigint => moneyFromTmf(entry.amount).amount;

/** An entry's id says what it records, so the same fact can never be entered twice under two ids. */
export function ledgerEntry(input: {
  billingAccountId: string;
  kind: LedgerEntryKind;
  amountMinor: bigint;
  currency: string;
  recordedAt: string;
  reference: LedgerEntry['reference'];
  description: string;
  testClockId?: string | undefined;
}): LedgerEntry {
  return {
    id: `${input.kind}-${input.reference.id}`,
    '@type': 'LedgerEntry',
    billingAccount: { id: input.billingAccountId, href: `${billingAccountPath}/${input.billingAccountId}`, '@referredType': 'BillingAccount' },
    kind: input.kind,
    amount: moneyToTmf(money(input.amountMinor, input.currency)),
    recordedAt: input.recordedAt,
    reference: input.reference,
    description: input.description,
    ...(input.testClockId ? { testClock: { id: input.testClockId } } : {}),
  };
}

export function balanceOfEntries(entries: readonly Pick<LedgerEntry, 'amount'>[]): bigint {
  return entries.reduce((sum, entry) => sum + entryMinor(entry), 0n);
}

export type PaymentStatus = 'paidUp' | 'due' | 'overdue';

/**
 * TMF666 `paymentStatus` from the ledger's balance: `due` while the customer owes something,
 * `overdue` once a bill it owes passed its due date unpaid (`overdueSince`, set by dunning),
 * else `paidUp` (credit included).
 */
export function paymentStatusOf(balanceMinor: bigint, overdueSince?: string): PaymentStatus {
  if (balanceMinor > 0n && overdueSince !== undefined) return 'overdue';
  return balanceMinor > 0n ? 'due' : 'paidUp';
}

export interface AccountBalance {
  balanceType: 'receivableBalance';
  amount: TmfMoney;
  validFor: { startDateTime: string };
  '@type': 'AccountBalance';
}

/** The TMF666 `accountBalance` entry the account shows: its ledger's balance, since the account opened. */
export function accountBalanceOf(balanceMinor: bigint, currency: string, openedAt: string): AccountBalance {
  return { balanceType: 'receivableBalance', amount: moneyToTmf(money(balanceMinor, currency)), validFor: { startDateTime: openedAt }, '@type': 'AccountBalance' };
}

/**
 * The account as served: its stored resource with the ledger's balance (`accountBalance`) and
 * the `paymentStatus` it gives, both from the attributes the ledger's transactions keep beside
 * the resource, so they can never be stale.
 */
export function withAccountBalance<T extends { currency: string; createdAt: string; paymentStatus: PaymentStatus }>(
  account: T,
  ledger: { balanceMinor: bigint; overdueSince?: string | undefined },
): T & { accountBalance: AccountBalance[] } {
  return { ...account, paymentStatus: paymentStatusOf(ledger.balanceMinor, ledger.overdueSince), accountBalance: [accountBalanceOf(ledger.balanceMinor, account.currency, account.createdAt)] };
}
