import { describe, expect, it } from 'vitest';
import { money } from '../../../../domain/money/money.js';
import { badDebtsOfWriteOff, closeMonth, revenueBalancesAt, revenueLedgerOf } from '../../../../domain/revenue/monthly-close.js';
import { bookingMonth, monthClosableAt, monthStart, monthsToClose, revenueMonthOf } from '../../../../domain/revenue/revenue-month.js';
import { billLineSchedule, creditNoteLineSchedule, ratableParts, recognitionRuleOf } from '../../../../domain/revenue/revenue-schedule.js';
import { billLine, creditNoteLine, paris } from './revenue-fixtures.js';

/** The worked examples of docs/revenue-recognition.md (Paris, EUR, 20 % VAT): each figure is worked out there by hand. */
const parts = (list: readonly { month: string; amountMinor: bigint }[]) => Object.fromEntries(list.map((part) => [part.month, part.amountMinor]));
const ledger = revenueLedgerOf();

// 30.00 a month tax included is 25.00 tax excluded; 16 Jan 00:00 → 15 Feb 00:00 in Paris is 30 days: 16 in January, 14 in February.
const thirtyDays = billLine({ id: 'bill-1-0001', taxExcludedMinor: 2500n, from: '2027-01-15T23:00:00Z', to: '2027-02-14T23:00:00Z' });
const thirtyDaysSchedule = billLineSchedule({ line: thirtyDays, offeringId: 'mobile-l', timeZone: paris, bookedIn: '2027-01' });

describe('months of revenue', () => {
  it('are calendar months in the account time zone', () => {
    // 31 Jan 23:30Z is already 1 February 00:30 in Paris.
    expect(revenueMonthOf(Date.parse('2027-01-31T23:30:00Z'), paris)).toBe('2027-02');
    expect(revenueMonthOf(Date.parse('2027-01-31T23:30:00Z'), 'America/New_York')).toBe('2027-01');
    expect(new Date(monthStart('2027-04', paris)).toISOString()).toBe('2027-03-31T22:00:00.000Z');
  });

  it('book a document in its own month, or in the first open one when its month is closed', () => {
    expect(bookingMonth({ date: '2027-02-20T10:00:00Z', timeZone: paris })).toBe('2027-02');
    expect(bookingMonth({ date: '2027-02-20T10:00:00Z', timeZone: paris, lastClosedMonth: '2027-01' })).toBe('2027-02');
    expect(bookingMonth({ date: '2027-01-31T10:00:00Z', timeZone: paris, lastClosedMonth: '2027-01' })).toBe('2027-02');
  });
});

describe('revenue schedules', () => {
  it('spread a 30-day period over its two months by the seconds in each, by largest remainder', () => {
    // 25.00 × 16/30 = 13.333…, × 14/30 = 11.666…: 13.33 and 11.66 leave a cent, which goes to the larger remainder (February).
    expect(parts(thirtyDaysSchedule.serviceParts)).toEqual({ '2027-01': 1333n, '2027-02': 1167n });
    expect(parts(thirtyDaysSchedule.recognitionParts)).toEqual({ '2027-01': 1333n, '2027-02': 1167n });
    expect(thirtyDaysSchedule.rule).toBe('ratable');
  });

  it('give a tie to the earlier month', () => {
    // 0.25 over 17 Jan → 16 Feb: 15 days each, 12.5 cents each: January gets the odd cent.
    const tie = ratableParts({ amountMinor: 25n, currency: 'EUR' }, { start: Date.parse('2027-01-16T23:00:00Z'), end: Date.parse('2027-02-15T23:00:00Z') }, paris);
    expect(parts(tie)).toEqual({ '2027-01': 13n, '2027-02': 12n });
  });

  it('count a daylight-saving month as long as it really is', () => {
    // 15 Mar → 15 Apr 2027 in Paris: March has 17 days less the hour of the 28 March change (1 465 200 s),
    // April 14 days (1 209 600 s), 2 674 800 s in all: 25.00 × 1 465 200 / 2 674 800 = 13.694… → 13.69, April 11.31.
    const line = billLine({ id: 'bill-2-0001', taxExcludedMinor: 2500n, from: '2027-03-14T23:00:00Z', to: '2027-04-14T22:00:00Z' });
    const schedule = billLineSchedule({ line, offeringId: 'mobile-l', timeZone: paris, bookedIn: '2027-03' });
    expect(parts(schedule.serviceParts)).toEqual({ '2027-03': 1369n, '2027-04': 1131n });
  });

  it('recognize service billed after it was given in the month the bill is booked', () => {
    // Mobile M pro rata 16 Jan 10:00 → 1 Feb on the bill of 1 February (4.19 tax excluded): served in January, billed in February.
    const line = billLine({ id: 'bill-3-0001', taxExcludedMinor: 419n, from: '2027-01-16T09:00:00Z', to: '2027-01-31T23:00:00Z' });
    const schedule = billLineSchedule({ line, offeringId: 'mobile-m', timeZone: paris, bookedIn: '2027-02' });
    expect(parts(schedule.serviceParts)).toEqual({ '2027-01': 419n });
    expect(parts(schedule.recognitionParts)).toEqual({ '2027-02': 419n });
  });

  it('recognize a device sale at its delivery, in the account time zone', () => {
    // Nova X, 699.00 with 20 % VAT: 582.50; delivered 1 February 00:30 in Paris (31 Jan 23:30Z), on the order bill of 1 February.
    const line = billLine({ id: 'order-1-0001', type: 'oneTime', taxExcludedMinor: 58250n, taxCategory: 'electronicDevice', from: '2027-01-31T20:00:00Z', to: '2027-01-31T23:40:00Z' });
    expect(recognitionRuleOf(line)).toBe('deviceSale');
    const schedule = billLineSchedule({ line, offeringId: 'nova-x', timeZone: paris, bookedIn: '2027-02', fulfilment: { at: '2027-01-31T23:30:00Z', bookedIn: '2027-02' } });
    expect(parts(schedule.recognitionParts)).toEqual({ '2027-02': 58250n });
    expect(schedule.pendingMinor).toBe(0n);
  });

  it('keep a one-time charge deferred while its fulfilment is not known', () => {
    const line = billLine({ id: 'order-1-0001', type: 'oneTime', taxExcludedMinor: 58250n, taxCategory: 'electronicDevice' });
    const pending = billLineSchedule({ line, offeringId: 'nova-x', timeZone: paris, bookedIn: '2027-01' });
    expect(pending.recognitionParts).toEqual([]);
    expect(pending.pendingMinor).toBe(58250n);
    expect(closeMonth({ ledger, month: '2027-01', schedules: [pending] }).map((entry) => entry.kind)).toEqual(['billed']);
    expect(revenueBalancesAt({ month: '2027-01', schedules: [pending] })[0]).toMatchObject({ recognizedMinor: 0n, deferredMinor: 58250n });
    // Delivered on 28 January, learned in February after January was closed: recognized in February.
    const delivered = billLineSchedule({ line, offeringId: 'nova-x', timeZone: paris, bookedIn: '2027-01', fulfilment: { at: '2027-01-28T10:00:00Z', bookedIn: '2027-02' } });
    expect(parts(delivered.serviceParts)).toEqual({ '2027-01': 58250n });
    expect(parts(delivered.recognitionParts)).toEqual({ '2027-02': 58250n });
    expect(closeMonth({ ledger, month: '2027-01', schedules: [delivered] })).toEqual(closeMonth({ ledger, month: '2027-01', schedules: [pending] }));
  });

  it('recognize an activation fee at the activation', () => {
    // Mobile activation fee, 15.00 with 20 % VAT: 12.50, taxed as a telecommunications service; activated 16 January 10:00.
    const line = billLine({ id: 'order-2-0001', type: 'oneTime', taxExcludedMinor: 1250n, taxCategory: 'telecommunications', from: '2027-01-16T08:00:00Z', to: '2027-01-16T09:30:00Z' });
    expect(recognitionRuleOf(line)).toBe('activationFee');
    const schedule = billLineSchedule({ line, offeringId: 'mobile-m', timeZone: paris, bookedIn: '2027-01', fulfilment: { at: '2027-01-16T09:00:00Z', bookedIn: '2027-01' } });
    expect(parts(schedule.recognitionParts)).toEqual({ '2027-01': 1250n });
  });

  it('net a negative line of the same product and period against the line it reduces, month by month', () => {
    // −12.50 over the same 30 days: −6.666… and −5.833…, the cent to January: −6.67 and −5.83; net 6.66 and 5.84.
    const reduction = billLine({ id: 'bill-1-0002', type: 'credit', taxExcludedMinor: -1250n, from: '2027-01-15T23:00:00Z', to: '2027-02-14T23:00:00Z' });
    const schedule = billLineSchedule({ line: reduction, offeringId: 'mobile-l', timeZone: paris, bookedIn: '2027-01' });
    expect(parts(schedule.serviceParts)).toEqual({ '2027-01': -667n, '2027-02': -583n });
    const entries = closeMonth({ ledger, month: '2027-01', schedules: [thirtyDaysSchedule, schedule] });
    expect(entries.map((entry) => [entry.kind, entry.amountMinor])).toEqual([
      ['billed', 1250n],
      ['recognized', 666n],
    ]);
  });

  it('reverse a partial credit note over the months of the line it credits', () => {
    // 10.00 of the 30.00 credited: 8.33 tax excluded, spread as 13.33 : 11.67 → 4.4415… and 3.8884…: −4.44 and −3.89.
    const note = creditNoteLine({ id: 'cn-1-0001', creditedLineId: thirtyDays.id, taxExcludedMinor: 833n });
    const inJanuary = creditNoteLineSchedule({ line: note, credited: thirtyDaysSchedule, bookedIn: '2027-01' });
    expect(parts(inJanuary.serviceParts)).toEqual({ '2027-01': -444n, '2027-02': -389n });
    expect(parts(inJanuary.recognitionParts)).toEqual({ '2027-01': -444n, '2027-02': -389n });
    const january = closeMonth({ ledger, month: '2027-01', schedules: [thirtyDaysSchedule, inJanuary] });
    expect(january.map((entry) => [entry.kind, entry.debit, entry.credit, entry.amountMinor])).toEqual([
      ['billed', 'receivable', 'deferredRevenue', 2500n],
      ['credited', 'deferredRevenue', 'receivable', 833n],
      ['recognized', 'deferredRevenue', 'recognizedRevenue', 889n],
    ]);
    expect(revenueBalancesAt({ month: '2027-01', schedules: [thirtyDaysSchedule, inJanuary] })).toEqual([
      { offeringId: 'mobile-l', currency: 'EUR', billedMinor: 2500n, creditedMinor: 833n, recognizedMinor: 889n, deferredMinor: 778n, badDebtMinor: 0n },
    ]);
  });

  it('reverse what a credit note credits of a closed month in the month it is booked, never reopening the closed one', () => {
    const januaryBefore = closeMonth({ ledger, month: '2027-01', schedules: [thirtyDaysSchedule] });
    const note = creditNoteLine({ id: 'cn-1-0001', creditedLineId: thirtyDays.id, taxExcludedMinor: 833n });
    const inFebruary = creditNoteLineSchedule({ line: note, credited: thirtyDaysSchedule, bookedIn: bookingMonth({ date: '2027-02-20T10:00:00Z', timeZone: paris, lastClosedMonth: '2027-01' }) });
    expect(parts(inFebruary.recognitionParts)).toEqual({ '2027-02': -833n });
    const schedules = [thirtyDaysSchedule, inFebruary];
    expect(closeMonth({ ledger, month: '2027-01', schedules })).toEqual(januaryBefore);
    // February recognizes its own 11.67 less the whole 8.33.
    expect(closeMonth({ ledger, month: '2027-02', schedules }).map((entry) => [entry.id, entry.amountMinor])).toEqual([
      ['live#2027-02#mobile-l#EUR#credited', 833n],
      ['live#2027-02#mobile-l#EUR#recognized', 334n],
    ]);
    expect(revenueBalancesAt({ month: '2027-02', schedules })[0]).toMatchObject({ recognizedMinor: 1667n, deferredMinor: 0n });
  });

  it('reverse recognized revenue when a credit note reverses more of closed months than its month recognizes', () => {
    // The whole line credited in March, after both months were closed: March recognizes −25.00.
    const note = creditNoteLine({ id: 'cn-2-0001', creditedLineId: thirtyDays.id, taxExcludedMinor: 2500n });
    const inMarch = creditNoteLineSchedule({ line: note, credited: thirtyDaysSchedule, bookedIn: '2027-03' });
    const march = closeMonth({ ledger, month: '2027-03', schedules: [thirtyDaysSchedule, inMarch] });
    expect(march.map((entry) => [entry.kind, entry.debit, entry.credit, entry.amountMinor])).toEqual([
      ['credited', 'deferredRevenue', 'receivable', 2500n],
      ['recognized', 'recognizedRevenue', 'deferredRevenue', 2500n],
    ]);
  });

  it('book a write-off as bad debt, leaving revenue as it was', () => {
    // The 30.00 bill (25.00 + 5.00 VAT) is written off in April: 30.00 of bad debt, recognized revenue still 25.00.
    const debts = badDebtsOfWriteOff({ writeOffId: 'wo-1', billingAccountId: 'ba-1', amount: money(3000n, 'EUR'), bookedIn: '2027-04', charges: [{ offeringId: 'mobile-l', taxIncludedMinor: 3000n }] });
    const april = closeMonth({ ledger, month: '2027-04', schedules: [thirtyDaysSchedule], badDebts: debts });
    expect(april).toEqual([
      { id: 'live#2027-04#mobile-l#EUR#badDebt', ledger, month: '2027-04', offeringId: 'mobile-l', currency: 'EUR', kind: 'badDebt', debit: 'badDebtExpense', credit: 'receivable', amountMinor: 3000n },
    ]);
    expect(revenueBalancesAt({ month: '2027-04', schedules: [thirtyDaysSchedule], badDebts: debts })[0]).toMatchObject({ recognizedMinor: 2500n, deferredMinor: 0n, badDebtMinor: 3000n });
  });

  it('split a write-off over the offerings of its bill by what they charged', () => {
    // 10.00 written off a bill of 20.00 (Mobile M) and 10.00 (a SIM card): 6.666… and 3.333… → 6.67 and 3.33.
    const debts = badDebtsOfWriteOff({
      writeOffId: 'wo-2',
      billingAccountId: 'ba-1',
      amount: money(1000n, 'EUR'),
      bookedIn: '2027-04',
      charges: [
        { offeringId: 'sim', taxIncludedMinor: 1000n },
        { offeringId: 'mobile-m', taxIncludedMinor: 2000n },
        { offeringId: 'mobile-m', taxIncludedMinor: -500n },
      ],
    });
    expect(debts.map((debt) => [debt.offeringId, debt.amountMinor])).toEqual([
      ['mobile-m', 667n],
      ['sim', 333n],
    ]);
  });

  it('close a test clock apart, under ids of its own', () => {
    const entries = closeMonth({ ledger: revenueLedgerOf('clock-1'), month: '2027-01', schedules: [thirtyDaysSchedule] });
    expect(entries.map((entry) => entry.id)).toEqual(['test-clock-clock-1#2027-01#mobile-l#EUR#billed', 'test-clock-clock-1#2027-01#mobile-l#EUR#recognized']);
  });

  it('refuse carried credit, which is not revenue', () => {
    const carried = billLine({ id: 'bill-4-0003', type: 'creditCarriedForward', taxExcludedMinor: 1607n });
    expect(() => billLineSchedule({ line: carried, offeringId: 'mobile-l', timeZone: paris, bookedIn: '2027-03' })).toThrow(/carried credit is not revenue/);
  });
});

describe('which months a close does', () => {
  it('a month is closable from the 2nd of the next one, 12:00 UTC, when it is over in every zone', () => {
    expect(new Date(monthClosableAt('2027-01')).toISOString()).toBe('2027-02-02T12:00:00.000Z');
    expect(new Date(monthClosableAt('2027-12')).toISOString()).toBe('2028-01-02T12:00:00.000Z');
  });

  it('closes in order every month after the last closed (or from the first booked) that is over everywhere', () => {
    const at = (iso: string) => Date.parse(iso);
    expect(monthsToClose({ firstMonth: '2027-01', asOf: at('2027-04-02T12:00:00Z') })).toEqual(['2027-01', '2027-02', '2027-03']);
    expect(monthsToClose({ firstMonth: '2027-01', asOf: at('2027-04-02T11:59:59Z') })).toEqual(['2027-01', '2027-02']);
    expect(monthsToClose({ lastClosedMonth: '2027-02', firstMonth: '2027-01', asOf: at('2027-04-02T12:00:00Z') })).toEqual(['2027-03']);
    expect(monthsToClose({ lastClosedMonth: '2027-03', asOf: at('2027-04-02T12:00:00Z') })).toEqual([]);
    expect(monthsToClose({ asOf: at('2027-04-02T12:00:00Z') })).toEqual([]);
  });
});
