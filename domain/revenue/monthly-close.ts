import { allocateMoney, money, type Money } from '../money/money.js';
import type { RevenueMonth } from './revenue-month.js';
import type { RevenueSchedule } from './revenue-schedule.js';

/**
 * The monthly close (docs/revenue-recognition.md, "The monthly close"): the journal entries of
 * one month, per offering and currency, from the revenue schedules and the bad debts. A close is
 * a pure function of its ledger, its month and what was booked: closing a month again gives the
 * same entries with the same ids, so a re-run writes the same items. A closed month is never
 * changed afterwards because nothing booked later can be booked in it (`bookingMonth`).
 */
export const revenueAccounts = ['receivable', 'deferredRevenue', 'recognizedRevenue', 'badDebtExpense'] as const;
export type RevenueAccount = (typeof revenueAccounts)[number];

export const journalEntryKinds = ['billed', 'credited', 'recognized', 'badDebt'] as const;
export type JournalEntryKind = (typeof journalEntryKinds)[number];

/** Which way each kind moves money when its net is positive; a negative net moves it back. */
const postings: Record<JournalEntryKind, { debit: RevenueAccount; credit: RevenueAccount }> = {
  billed: { debit: 'receivable', credit: 'deferredRevenue' },
  credited: { debit: 'deferredRevenue', credit: 'receivable' },
  recognized: { debit: 'deferredRevenue', credit: 'recognizedRevenue' },
  badDebt: { debit: 'badDebtExpense', credit: 'receivable' },
};

export interface JournalEntry {
  /** `<ledger>#<month>#<offering>#<currency>#<kind>`: one entry per close, offering, currency and kind. */
  id: string;
  ledger: string;
  month: RevenueMonth;
  offeringId: string;
  currency: string;
  kind: JournalEntryKind;
  debit: RevenueAccount;
  credit: RevenueAccount;
  /** Always positive: a kind that nets the other way round swaps its debit and credit. */
  amountMinor: bigint;
}

/** What a write-off left unpaid, as bad debt of one offering. */
export interface BadDebt {
  writeOffId: string;
  billingAccountId: string;
  offeringId: string;
  currency: string;
  /** Tax included: what the customer owed and will not pay. */
  amountMinor: bigint;
  bookedIn: RevenueMonth;
}

/** Per offering and currency at the end of a month, since the first booking. */
export interface RevenueBalance {
  offeringId: string;
  currency: string;
  /** Tax excluded, net of the bills' own `credit` lines. */
  billedMinor: bigint;
  /** Tax excluded, what credit notes gave back (positive). */
  creditedMinor: bigint;
  recognizedMinor: bigint;
  /** Booked and not recognized yet, pending fulfilments included. */
  deferredMinor: bigint;
  badDebtMinor: bigint;
}

/** The live ledger, or a test clock's: a clock's months are simulated and closed apart, under ids of their own. */
export function revenueLedgerOf(testClockId?: string): string {
  return testClockId === undefined ? 'live' : `test-clock-${testClockId}`;
}

export function journalEntryIdOf(key: { ledger: string; month: RevenueMonth; offeringId: string; currency: string; kind: JournalEntryKind }): string {
  return `${key.ledger}#${key.month}#${key.offeringId}#${key.currency}#${key.kind}`;
}

/**
 * A write-off's amount split over the offerings of the bill it wrote off, in proportion to
 * what each offering's charges on it came to (tax included), by largest remainder, the
 * offerings in id order so the split does not depend on the order of the lines.
 */
export function badDebtsOfWriteOff(input: {
  writeOffId: string;
  billingAccountId: string;
  amount: Money;
  bookedIn: RevenueMonth;
  charges: readonly { offeringId: string; taxIncludedMinor: bigint }[];
}): BadDebt[] {
  const byOffering = new Map<string, bigint>();
  for (const charge of input.charges) {
    if (charge.taxIncludedMinor > 0n) byOffering.set(charge.offeringId, (byOffering.get(charge.offeringId) ?? 0n) + charge.taxIncludedMinor);
  }
  if (byOffering.size === 0) throw new RangeError(`write-off ${input.writeOffId} names no charge to spread over`);
  const offerings = [...byOffering.keys()].sort();
  const parts = allocateMoney(money(input.amount.amount, input.amount.currency), offerings.map((offering) => byOffering.get(offering)!));
  return offerings
    .map((offeringId, index) => ({
      writeOffId: input.writeOffId,
      billingAccountId: input.billingAccountId,
      offeringId,
      currency: input.amount.currency,
      amountMinor: parts[index]!.amount,
      bookedIn: input.bookedIn,
    }))
    .filter((debt) => debt.amountMinor !== 0n);
}

type Nets = Record<JournalEntryKind, bigint>;
const keyOf = (offeringId: string, currency: string) => `${offeringId}\u0000${currency}`;

/** Signed nets of one month per offering and currency: what was booked in it, and what it recognizes. */
function netsOfMonth(month: RevenueMonth, schedules: readonly RevenueSchedule[], badDebts: readonly BadDebt[]): Map<string, { offeringId: string; currency: string; nets: Nets }> {
  const groups = new Map<string, { offeringId: string; currency: string; nets: Nets }>();
  const netsOf = (offeringId: string, currency: string): Nets => {
    const key = keyOf(offeringId, currency);
    let group = groups.get(key);
    if (!group) {
      group = { offeringId, currency, nets: { billed: 0n, credited: 0n, recognized: 0n, badDebt: 0n } };
      groups.set(key, group);
    }
    return group.nets;
  };
  for (const schedule of schedules) {
    if (schedule.bookedIn === month) {
      const nets = netsOf(schedule.offeringId, schedule.currency);
      if (schedule.source === 'billLine') nets.billed += schedule.amountMinor;
      else nets.credited -= schedule.amountMinor;
    }
    for (const part of schedule.recognitionParts) {
      if (part.month === month) netsOf(schedule.offeringId, schedule.currency).recognized += part.amountMinor;
    }
  }
  for (const debt of badDebts) {
    if (debt.bookedIn === month) netsOf(debt.offeringId, debt.currency).badDebt += debt.amountMinor;
  }
  return groups;
}

const byOfferingAndCurrency = <T extends { offeringId: string; currency: string }>(a: T, b: T): number =>
  a.offeringId === b.offeringId ? (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0) : a.offeringId < b.offeringId ? -1 : 1;

/**
 * The journal entries of `month`: per offering and currency, what bills booked in it moved into
 * deferred revenue (`billed`), what credit notes booked in it took back out (`credited`), what
 * moved from deferred to recognized revenue (`recognized`, including what credit notes reverse
 * of months already closed, which makes it negative when they reverse more than the month
 * recognizes), and what was written off as bad debt (`badDebt`, never touching revenue). Kinds
 * that net to zero give no entry. Sorted by offering, currency and kind.
 */
export function closeMonth(input: { ledger: string; month: RevenueMonth; schedules: readonly RevenueSchedule[]; badDebts?: readonly BadDebt[] | undefined }): JournalEntry[] {
  const groups = [...netsOfMonth(input.month, input.schedules, input.badDebts ?? []).values()].sort(byOfferingAndCurrency);
  return groups.flatMap(({ offeringId, currency, nets }) =>
    journalEntryKinds.flatMap((kind): JournalEntry[] => {
      const net = nets[kind];
      if (net === 0n) return [];
      const posting = postings[kind];
      const key = { ledger: input.ledger, month: input.month, offeringId, currency, kind };
      return [
        {
          id: journalEntryIdOf(key),
          ...key,
          debit: net > 0n ? posting.debit : posting.credit,
          credit: net > 0n ? posting.credit : posting.debit,
          amountMinor: net > 0n ? net : -net,
        },
      ];
    }),
  );
}

/**
 * Balances at the end of `month`, per offering and currency, of everything booked up to it.
 * Deferred revenue is counted from the schedules' parts still to come (not as billed minus
 * recognized), so `recognized + deferred = billed − credited` is a check, not a definition.
 */
export function revenueBalancesAt(input: { month: RevenueMonth; schedules: readonly RevenueSchedule[]; badDebts?: readonly BadDebt[] | undefined }): RevenueBalance[] {
  const balances = new Map<string, RevenueBalance>();
  const balanceOf = (offeringId: string, currency: string): RevenueBalance => {
    const key = keyOf(offeringId, currency);
    let balance = balances.get(key);
    if (!balance) {
      balance = { offeringId, currency, billedMinor: 0n, creditedMinor: 0n, recognizedMinor: 0n, deferredMinor: 0n, badDebtMinor: 0n };
      balances.set(key, balance);
    }
    return balance;
  };
  for (const schedule of input.schedules) {
    if (schedule.bookedIn > input.month) continue;
    const balance = balanceOf(schedule.offeringId, schedule.currency);
    if (schedule.source === 'billLine') balance.billedMinor += schedule.amountMinor;
    else balance.creditedMinor -= schedule.amountMinor;
    for (const part of schedule.recognitionParts) {
      if (part.month <= input.month) balance.recognizedMinor += part.amountMinor;
      else balance.deferredMinor += part.amountMinor;
    }
    balance.deferredMinor += schedule.pendingMinor;
  }
  for (const debt of input.badDebts ?? []) {
    if (debt.bookedIn <= input.month) balanceOf(debt.offeringId, debt.currency).badDebtMinor += debt.amountMinor;
  }
  return [...balances.values()].sort(byOfferingAndCurrency);
}

/**
 * The balances at the end of a month from those at the end of the previous one and the month's
 * journal entries: what a close stores so a report reads one item instead of every schedule ever
 * booked. Each entry moves its accounts by its amount (a swapped entry the other way round); the
 * result equals `revenueBalancesAt` for the month (tested by property), groups left at zero
 * everywhere aside.
 */
export function balancesAfterMonth(previous: readonly RevenueBalance[], entries: readonly JournalEntry[]): RevenueBalance[] {
  const balances = new Map(previous.map((balance) => [keyOf(balance.offeringId, balance.currency), { ...balance }]));
  for (const entry of entries) {
    const key = keyOf(entry.offeringId, entry.currency);
    let balance = balances.get(key);
    if (!balance) {
      balance = { offeringId: entry.offeringId, currency: entry.currency, billedMinor: 0n, creditedMinor: 0n, recognizedMinor: 0n, deferredMinor: 0n, badDebtMinor: 0n };
      balances.set(key, balance);
    }
    const net = entry.debit === postings[entry.kind].debit ? entry.amountMinor : -entry.amountMinor;
    if (entry.kind === 'billed') {
      balance.billedMinor += net;
      balance.deferredMinor += net;
    } else if (entry.kind === 'credited') {
      balance.creditedMinor += net;
      balance.deferredMinor -= net;
    } else if (entry.kind === 'recognized') {
      balance.recognizedMinor += net;
      balance.deferredMinor -= net;
    } else {
      balance.badDebtMinor += net;
    }
  }
  return [...balances.values()].sort(byOfferingAndCurrency);
}
