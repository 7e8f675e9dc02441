import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { money } from '../../../../domain/money/money.js';
import { badDebtsOfWriteOff, balancesAfterMonth, closeMonth, revenueBalancesAt, revenueLedgerOf, type BadDebt, type JournalEntry, type RevenueBalance } from '../../../../domain/revenue/monthly-close.js';
import { bookingMonth, type RevenueMonth } from '../../../../domain/revenue/revenue-month.js';
import { billLineSchedule, creditNoteLineSchedule, type RevenueSchedule } from '../../../../domain/revenue/revenue-schedule.js';
import { billLine, creditNoteLine } from './revenue-fixtures.js';

/**
 * docs/revenue-recognition.md's invariants over random histories: bill lines of every kind
 * (ratable over periods before, across and after their bill, negative `credit` lines, devices and
 * fees whose fulfilment is learned late or not at all), credit notes of parts of lines, write-offs,
 * documents that arrive after their month was closed, accounts in several time zones and two
 * currencies. Months are closed one after the other, 2027-01 to 2027-12; after every close:
 * recognized + deferred = billed net of credit notes, to the cent, per offering and currency
 * (worked out from the documents, not the schedules); the close's entries carry the balances from
 * one month to the next; every earlier close, run again, gives the same entries; every schedule
 * adds up to its line, and a positive line recognizes nothing negative in any month.
 */
const zones = ['Europe/Paris', 'America/New_York', 'Asia/Tokyo', 'America/Santiago', 'Pacific/Auckland'] as const;
const firstInstant = Date.parse('2026-01-01T00:00:00Z');
const day = 86_400;
const months = Array.from({ length: 12 }, (_, index) => `2027-${String(index + 1).padStart(2, '0')}`);
const monthOf = (index: number): RevenueMonth => months[Math.min(index, 11)]!;
/** A date in the middle of a month: in that month in every zone. */
const dateIn = (index: number) => `2027-${String(index + 1).padStart(2, '0')}-15T12:00:00.000Z`;
const iso = (seconds: number) => new Date(firstInstant + seconds * 1000).toISOString();

const lineArbitrary = fc.record({
  account: fc.integer({ min: 0, max: 2 }),
  offering: fc.constantFrom('mobile-m', 'broadband', 'nova-x'),
  currency: fc.constantFrom('EUR', 'USD'),
  kind: fc.constantFrom('recurring', 'usage', 'credit', 'device', 'fee'),
  minor: fc.bigInt({ min: 1n, max: 2_000_000n }),
  startSeconds: fc.integer({ min: 0, max: 3 * 365 * day }),
  durationSeconds: fc.oneof(fc.integer({ min: 0, max: 400 * day }), fc.integer({ min: 0, max: 5 })),
  datedMonth: fc.integer({ min: 0, max: 11 }),
  lateBy: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3 })),
  fulfilment: fc.option(fc.record({ atSeconds: fc.integer({ min: 0, max: 3 * 365 * day }), learnedLateBy: fc.integer({ min: 0, max: 4 }) })),
});
const creditArbitrary = fc.record({ pick: fc.nat(), percent: fc.integer({ min: 1, max: 100 }), datedAfter: fc.integer({ min: 0, max: 4 }), lateBy: fc.integer({ min: 0, max: 2 }) });
const writeOffArbitrary = fc.record({ pick: fc.nat(), minor: fc.bigInt({ min: 1n, max: 500_000n }), datedMonth: fc.integer({ min: 0, max: 11 }), lateBy: fc.integer({ min: 0, max: 2 }) });
const historyArbitrary = fc.record({
  zones: fc.array(fc.constantFrom(...zones), { minLength: 3, maxLength: 3 }),
  lines: fc.array(lineArbitrary, { minLength: 1, maxLength: 25 }),
  credits: fc.array(creditArbitrary, { maxLength: 10 }),
  writeOffs: fc.array(writeOffArbitrary, { maxLength: 4 }),
});
type History = typeof historyArbitrary extends fc.Arbitrary<infer H> ? H : never;

interface BillLineDocument {
  id: string;
  accountZone: string;
  offering: string;
  currency: string;
  amountMinor: bigint;
  arrivesIn: number;
  datedMonth: number;
  line: ReturnType<typeof billLine>;
  fulfilment?: { at: string; learnedIn: number };
}

interface CreditNoteDocument {
  id: string;
  credited: BillLineDocument;
  taxExcludedMinor: bigint;
  datedMonth: number;
  arrivesIn: number;
}

/** The documents of a history, with the month each arrives in (a document may arrive after its month was closed). */
function documentsOf(history: History) {
  const lines: BillLineDocument[] = history.lines.map((each, index) => {
    const id = `bill-${index}-0001`;
    const start = each.startSeconds;
    const ratable = each.kind === 'recurring' || each.kind === 'usage' || each.kind === 'credit';
    const amountMinor = each.kind === 'credit' ? -each.minor : each.minor;
    const line = billLine({
      id,
      type: each.kind === 'device' || each.kind === 'fee' ? 'oneTime' : each.kind,
      taxExcludedMinor: amountMinor,
      taxCategory: each.kind === 'device' ? 'electronicDevice' : 'telecommunications',
      billingAccountId: `ba-${each.account}`,
      ...(ratable ? { from: iso(start), to: iso(start + each.durationSeconds) } : {}),
    });
    const arrivesIn = each.datedMonth + each.lateBy;
    return {
      id,
      accountZone: history.zones[each.account]!,
      offering: each.offering,
      currency: each.currency,
      amountMinor,
      arrivesIn,
      datedMonth: each.datedMonth,
      line: { ...line, taxExcludedAmount: { ...line.taxExcludedAmount, unit: each.currency } },
      ...(!ratable && each.fulfilment ? { fulfilment: { at: iso(each.fulfilment.atSeconds), learnedIn: arrivesIn + each.fulfilment.learnedLateBy } } : {}),
    };
  });
  const charges = lines.filter((line) => line.amountMinor > 0n);
  const left = new Map(charges.map((line) => [line.id, line.amountMinor]));
  const credits: CreditNoteDocument[] = [];
  history.credits.forEach((each, index) => {
    if (charges.length === 0) return;
    const credited = charges[each.pick % charges.length]!;
    const remaining = left.get(credited.id)!;
    if (remaining === 0n) return;
    const part = (remaining * BigInt(each.percent)) / 100n;
    const taxExcludedMinor = part > 0n ? part : remaining;
    left.set(credited.id, remaining - taxExcludedMinor);
    const datedMonth = credited.arrivesIn + each.datedAfter;
    credits.push({ id: `cn-${index}-0001`, credited, taxExcludedMinor, datedMonth, arrivesIn: datedMonth + each.lateBy });
  });
  return { lines, credits };
}

const groupKey = (offering: string, currency: string) => `${offering}|${currency}`;

function byGroup(balances: readonly RevenueBalance[]): Map<string, RevenueBalance> {
  return new Map(balances.map((balance) => [groupKey(balance.offeringId, balance.currency), balance]));
}

/** How an entry moves an account, signed: credits raise deferred and recognized revenue, debits lower them. */
const movement = (entry: JournalEntry, account: 'deferredRevenue' | 'recognizedRevenue') => (entry.credit === account ? entry.amountMinor : entry.debit === account ? -entry.amountMinor : 0n);

describe('revenue recognition invariants (property)', () => {
  it('at every close, recognized + deferred = billed net of credit notes, to the cent; closes are re-runnable and never reopened', () => {
    fc.assert(
      fc.property(historyArbitrary, (history) => {
        const { lines, credits } = documentsOf(history);
        const ledger = revenueLedgerOf();
        const bookedIn = new Map<string, RevenueMonth>();
        const closes = new Map<RevenueMonth, JournalEntry[]>();
        const badDebts: BadDebt[] = [];
        let previous = new Map<string, RevenueBalance>();
        let rolled: RevenueBalance[] = [];

        months.forEach((month, index) => {
          const lastClosedMonth = index === 0 ? undefined : months[index - 1];
          const book = (id: string, datedMonth: number, zone: string) => {
            if (!bookedIn.has(id)) bookedIn.set(id, bookingMonth({ date: dateIn(datedMonth), timeZone: zone, lastClosedMonth }));
            return bookedIn.get(id)!;
          };
          // What has arrived by now, each booked when it arrived; schedules are built again from the documents every month, as a handler would.
          const schedules: RevenueSchedule[] = [];
          const scheduleOf = new Map<string, RevenueSchedule>();
          for (const document of lines.filter((each) => each.arrivesIn <= index)) {
            const fulfilment = document.fulfilment && document.fulfilment.learnedIn <= index
              ? { at: document.fulfilment.at, bookedIn: book(`${document.id}-fulfilment`, document.fulfilment.learnedIn, document.accountZone) }
              : undefined;
            const schedule = billLineSchedule({ line: document.line, offeringId: document.offering, timeZone: document.accountZone, bookedIn: book(document.id, document.datedMonth, document.accountZone), fulfilment });
            scheduleOf.set(document.id, schedule);
            schedules.push(schedule);
          }
          for (const note of credits.filter((each) => each.arrivesIn <= index)) {
            const line = creditNoteLine({ id: note.id, creditedLineId: note.credited.id, taxExcludedMinor: note.taxExcludedMinor });
            const schedule = creditNoteLineSchedule({ line: { ...line, taxExcludedAmount: { ...line.taxExcludedAmount, unit: note.credited.currency } }, credited: scheduleOf.get(note.credited.id)!, bookedIn: book(note.id, note.datedMonth, note.credited.accountZone) });
            schedules.push(schedule);
          }
          history.writeOffs.forEach((each, writeOffIndex) => {
            const written = lines[each.pick % lines.length]!;
            if (each.datedMonth + each.lateBy !== index || written.arrivesIn > index) return;
            const id = `wo-${writeOffIndex}`;
            const debts = badDebtsOfWriteOff({ writeOffId: id, billingAccountId: written.line.billingAccount.id, amount: money(each.minor, written.currency), bookedIn: book(id, each.datedMonth, written.accountZone), charges: [{ offeringId: written.offering, taxIncludedMinor: 1n }] });
            badDebts.push(...debts);
          });

          for (const schedule of schedules) {
            const sum = (parts: readonly { amountMinor: bigint }[]) => parts.reduce((total, part) => total + part.amountMinor, schedule.pendingMinor);
            expect(sum(schedule.serviceParts)).toBe(schedule.amountMinor);
            expect(sum(schedule.recognitionParts)).toBe(schedule.amountMinor);
            for (const part of [...schedule.serviceParts, ...schedule.recognitionParts]) {
              if (schedule.amountMinor > 0n) expect(part.amountMinor).toBeGreaterThan(0n);
              else expect(part.amountMinor).toBeLessThan(0n);
            }
            expect(schedule.pendingMinor * schedule.amountMinor >= 0n).toBe(true);
            for (const part of schedule.recognitionParts) expect(part.month >= schedule.recognizableFrom && schedule.recognizableFrom >= schedule.bookedIn).toBe(true);
          }

          const entries = closeMonth({ ledger, month, schedules, badDebts });
          closes.set(month, entries);
          // Every close so far, run again with everything known now, gives what it gave then.
          for (const [closed, entriesThen] of closes) expect(closeMonth({ ledger, month: closed, schedules, badDebts })).toEqual(entriesThen);
          expect(new Set(entries.map((entry) => entry.id)).size).toBe(entries.length);

          const balances = byGroup(revenueBalancesAt({ month, schedules, badDebts }));
          const expected = new Map<string, bigint>();
          const add = (key: string, minor: bigint) => expected.set(key, (expected.get(key) ?? 0n) + minor);
          for (const document of lines) if (document.arrivesIn <= index) add(groupKey(document.offering, document.currency), document.amountMinor);
          for (const note of credits) if (note.arrivesIn <= index) add(groupKey(note.credited.offering, note.credited.currency), -note.taxExcludedMinor);
          for (const [key, netMinor] of expected) {
            const balance = balances.get(key)!;
            expect(balance.recognizedMinor + balance.deferredMinor).toBe(netMinor);
            expect(balance.billedMinor - balance.creditedMinor).toBe(netMinor);
          }
          // The month's entries take each balance from the previous month's end to this one's.
          for (const [key, balance] of balances) {
            const before = previous.get(key);
            const mine = entries.filter((entry) => groupKey(entry.offeringId, entry.currency) === key);
            expect((before?.deferredMinor ?? 0n) + mine.reduce((sum, entry) => sum + movement(entry, 'deferredRevenue'), 0n)).toBe(balance.deferredMinor);
            expect((before?.recognizedMinor ?? 0n) + mine.reduce((sum, entry) => sum + movement(entry, 'recognizedRevenue'), 0n)).toBe(balance.recognizedMinor);
            expect((before?.badDebtMinor ?? 0n) + mine.filter((entry) => entry.kind === 'badDebt').reduce((sum, entry) => sum + entry.amountMinor, 0n)).toBe(balance.badDebtMinor);
          }
          // The balances a close stores, rolled forward from the previous month's by its entries, are the same.
          const nonZero = (each: RevenueBalance) => each.billedMinor !== 0n || each.creditedMinor !== 0n || each.recognizedMinor !== 0n || each.deferredMinor !== 0n || each.badDebtMinor !== 0n;
          rolled = balancesAfterMonth(rolled, entries);
          const byKey = (a: RevenueBalance, b: RevenueBalance) => (groupKey(a.offeringId, a.currency) < groupKey(b.offeringId, b.currency) ? -1 : 1);
          expect(rolled.filter(nonZero).sort(byKey)).toEqual([...balances.values()].filter(nonZero).sort(byKey));
          // Bad debt touches no revenue.
          const withoutBadDebt = byGroup(revenueBalancesAt({ month, schedules }));
          for (const [key, balance] of balances) expect({ ...balance, badDebtMinor: 0n }).toEqual(withoutBadDebt.get(key) ?? { ...balance, billedMinor: 0n, creditedMinor: 0n, recognizedMinor: 0n, deferredMinor: 0n, badDebtMinor: 0n });
          previous = balances;
        });
      }),
      { numRuns: 150 },
    );
  });

  it('a schedule does not depend on the order closes or other lines come in', () => {
    fc.assert(
      fc.property(historyArbitrary, (history) => {
        const { lines } = documentsOf(history);
        const schedules = lines.map((document) => billLineSchedule({ line: document.line, offeringId: document.offering, timeZone: document.accountZone, bookedIn: monthOf(document.datedMonth) }));
        const reversed = [...schedules].reverse();
        for (const month of months) expect(closeMonth({ ledger: 'live', month, schedules: reversed })).toEqual(closeMonth({ ledger: 'live', month, schedules }));
      }),
      { numRuns: 50 },
    );
  });
});
