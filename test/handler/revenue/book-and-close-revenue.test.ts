import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { BillRunCompleted } from '../../../domain/events/billing-events.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { handler as bookRevenue } from '../../../functions/revenue/book-revenue.js';
import { clockBookingWait, handler as closeRevenueMonths } from '../../../functions/revenue/close-revenue-months.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { testClock, testClockItem } from '../billing/billing-fixtures.js';
import { FakeBillingTable, type Item } from '../billing/billing-table.js';
import { billIssuedEvent, billWrittenOffEvent, creditNoteIssuedEvent, writeCreditNote, writeWorkedExample } from './revenue-fixtures.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

let table: FakeBillingTable;
beforeEach(() => {
  documentMock.reset();
  table = new FakeBillingTable().install(documentMock);
  return () => vi.restoreAllMocks();
});

const book = (event: object) => bookRevenue(event as never, lambdaContext('book-revenue'));
const closeAt = (now: string) => {
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  return closeRevenueMonths({} as never, lambdaContext('close-revenue-months'));
};
const schedule = (lineId: string) => table.get({ pk: `REVENUE_SCHEDULE#${lineId}`, sk: 'REVENUE_SCHEDULE' })?.schedule as Record<string, any> | undefined;
const revenueItems = () => [...table.itemsOf('REVENUE_SCHEDULE#'), ...table.itemsOf('REVENUE_WRITE_OFF#')];
const ledgerItems = (ledger: string) => table.itemsOf(`REVENUE_LEDGER#${ledger}`);
const journal = (ledger: string, month: string) =>
  ledgerItems(ledger)
    .filter((item) => String(item.sk).startsWith(`JOURNAL_ENTRY#${month}#`))
    .map((item) => item.entry as Record<string, string>)
    .map((entry) => [entry.offeringId, entry.kind, entry.debit, entry.credit, entry.amountMinor]);
const balances = (ledger: string, month: string) => table.get({ pk: `REVENUE_LEDGER#${ledger}`, sk: `BALANCES#${month}` })?.balances as Record<string, string>[] | undefined;
const closedEvents = () =>
  table
    .itemsOf('OUTBOX#')
    .filter((item) => item.detailType === 'RevenueMonthClosed')
    .map((item) => JSON.parse(item.detail as string).data as Record<string, any>)
    .sort((a, b) => (a.month < b.month ? -1 : 1));

describe('book-revenue (CustomerBillIssued, CreditNoteIssued, BillWrittenOff)', () => {
  it("stores each revenue line's schedule, findable by ledger and month; delivered again, the same items", async () => {
    const bill = writeWorkedExample(table);
    expect(await book(billIssuedEvent(bill))).toMatchObject({ ledger: 'live', written: 2, kept: 0 });
    expect(schedule('jan-0001')).toMatchObject({
      offeringId: 'po-mobile-l',
      rule: 'ratable',
      bookedIn: '2027-01',
      amountMinor: '2500',
      recognitionParts: [
        { month: '2027-01', amountMinor: '1333' },
        { month: '2027-02', amountMinor: '1167' },
      ],
    });
    // The activation fee: recognized in the month the product was activated.
    expect(schedule('jan-0002')).toMatchObject({ rule: 'activationFee', recognitionParts: [{ month: '2027-01', amountMinor: '1250' }], pendingMinor: '0' });
    const months = table.itemsOf('REVENUE_SCHEDULE#jan-0001').filter((item) => String(item.sk).startsWith('MONTH#'));
    expect(months.map((item) => [item.sk, String(item.gsi2pk).startsWith('REVENUE#live#'), item.gsi2sk])).toEqual([
      ['MONTH#2027-01', true, '2027-01#SCHEDULE#jan-0001'],
      ['MONTH#2027-02', true, '2027-02#SCHEDULE#jan-0001'],
    ]);

    const before = revenueItems();
    await book(billIssuedEvent(bill));
    expect(revenueItems()).toEqual(before);
  });

  it('a close moving the month on while the bill is booked: read again, booked in the first month still open', async () => {
    const bill = writeWorkedExample(table);
    table.beforeTransaction = () => {
      table.put({ pk: 'REVENUE_LEDGER#live', sk: 'REVENUE_LEDGER', lastClosedMonth: '2027-01', lastJournaledMonth: '2027-01' });
      table.beforeTransaction = undefined;
    };
    await book(billIssuedEvent(bill));
    expect(schedule('jan-0001')).toMatchObject({ bookedIn: '2027-02', recognitionParts: [{ month: '2027-02', amountMinor: '2500' }] });
  });

  it('delivered again after its month was closed, a bill keeps the booking the close counted', async () => {
    const bill = writeWorkedExample(table);
    await book(billIssuedEvent(bill));
    table.put({ pk: 'REVENUE_LEDGER#live', sk: 'REVENUE_LEDGER', lastClosedMonth: '2027-01', lastJournaledMonth: '2027-01' });
    const before = revenueItems();
    expect(await book(billIssuedEvent(bill))).toMatchObject({ written: 0, kept: 2 });
    expect(revenueItems()).toEqual(before);
  });

  it("a credit note reverses the credited line's months (example 8); the bill is booked first if its event has not come", async () => {
    const bill = writeWorkedExample(table);
    const note = writeCreditNote(table, '2027-01-20T10:00:00.000Z');
    await book(creditNoteIssuedEvent(note));
    expect(schedule('jan-0001')).toBeDefined();
    expect(schedule('cn-1-0001')).toMatchObject({ source: 'creditNoteLine', creditedLineId: 'jan-0001', amountMinor: '-833', recognitionParts: [{ month: '2027-01', amountMinor: '-444' }, { month: '2027-02', amountMinor: '-389' }] });
    const before = revenueItems();
    await book(billIssuedEvent(bill));
    await book(creditNoteIssuedEvent(note));
    expect(revenueItems()).toEqual(before);
  });

  it("a test clock's credit note is booked in the clock's ledger and recorded for its close to wait on", async () => {
    writeWorkedExample(table, { testClockId: 'clk-1' });
    const note = { ...writeCreditNote(table, '2027-02-20T10:00:00.000Z', { testClockId: 'clk-1' }) };
    expect(await book(creditNoteIssuedEvent(note))).toMatchObject({ ledger: 'test-clock-clk-1', written: 1 });
    expect(table.get({ pk: 'REVENUE_SCHEDULE#cn-1-0001', sk: 'REVENUE_SCHEDULE' })).toMatchObject({ ledger: 'test-clock-clk-1', bookedIn: '2027-02' });
    expect(table.get({ pk: 'REVENUE_LEDGER#test-clock-clk-1', sk: `BOOKED#${note.creditNoteNo}` })).toBeDefined();
  });

  it("a write-off is bad debt of the bill's offerings, tax included, in the month it was written off", async () => {
    const bill = writeWorkedExample(table);
    table.put({ ...table.get({ pk: 'BILL#jan', sk: 'BILL' })!, resource: { ...bill, writeOff: { amount: { unit: 'EUR', value: 45 }, date: '2027-04-10T10:00:00.000Z' } } });
    await book(billWrittenOffEvent('jan', 45));
    expect(table.get({ pk: 'REVENUE_WRITE_OFF#jan', sk: 'REVENUE_WRITE_OFF' })).toMatchObject({
      bookedIn: '2027-04',
      gsi2sk: '2027-04#WRITE_OFF#jan',
      badDebts: [{ offeringId: 'po-mobile-l', amountMinor: '4500', currency: 'EUR', bookedIn: '2027-04' }],
    });
  });
});

describe('close-revenue-months', () => {
  it('closes each month over everywhere in order into the worked examples’ entries and balances, with RevenueMonthClosed', async () => {
    const bill = writeWorkedExample(table);
    await book(billIssuedEvent(bill));
    await book(creditNoteIssuedEvent(writeCreditNote(table, '2027-02-20T10:00:00.000Z')));

    // 1 March: January is over everywhere, February not yet (the 2nd, 12:00 UTC).
    expect(await closeAt('2027-03-01T12:00:00.000Z')).toMatchObject({ ledger: 'live', closed: [{ month: '2027-01', journalEntries: 2 }] });
    expect(journal('live', '2027-01')).toEqual([
      ['po-mobile-l', 'billed', 'receivable', 'deferredRevenue', '3750'],
      ['po-mobile-l', 'recognized', 'deferredRevenue', 'recognizedRevenue', '2583'],
    ]);
    expect(balances('live', '2027-01')).toEqual([{ offeringId: 'po-mobile-l', currency: 'EUR', billedMinor: '3750', creditedMinor: '0', recognizedMinor: '2583', deferredMinor: '1167', badDebtMinor: '0' }]);

    expect(await closeAt('2027-03-02T12:00:00.000Z')).toMatchObject({ closed: [{ month: '2027-02', journalEntries: 2 }] });
    // Example 8, dated 20 February: February enters credited 8.33 and recognizes 11.67 − 8.33.
    expect(journal('live', '2027-02')).toEqual([
      ['po-mobile-l', 'credited', 'deferredRevenue', 'receivable', '833'],
      ['po-mobile-l', 'recognized', 'deferredRevenue', 'recognizedRevenue', '334'],
    ]);
    expect(balances('live', '2027-02')).toEqual([{ offeringId: 'po-mobile-l', currency: 'EUR', billedMinor: '3750', creditedMinor: '833', recognizedMinor: '2917', deferredMinor: '0', badDebtMinor: '0' }]);
    expect(table.get({ pk: 'REVENUE_LEDGER#live', sk: 'REVENUE_LEDGER' })).toMatchObject({ lastClosedMonth: '2027-02', lastJournaledMonth: '2027-02' });
    expect(closedEvents()).toEqual([
      {
        ledger: 'live',
        month: '2027-01',
        journalEntryCount: 2,
        totals: [{ currency: 'EUR', billed: { unit: 'EUR', value: 37.5 }, credited: { unit: 'EUR', value: 0 }, recognized: { unit: 'EUR', value: 25.83 }, badDebt: { unit: 'EUR', value: 0 }, deferredAtEnd: { unit: 'EUR', value: 11.67 } }],
      },
      {
        ledger: 'live',
        month: '2027-02',
        journalEntryCount: 2,
        totals: [{ currency: 'EUR', billed: { unit: 'EUR', value: 0 }, credited: { unit: 'EUR', value: 8.33 }, recognized: { unit: 'EUR', value: 3.34 }, badDebt: { unit: 'EUR', value: 0 }, deferredAtEnd: { unit: 'EUR', value: 0 } }],
      },
    ]);

    // Nothing left to close: a run again writes nothing.
    const closedItems = ledgerItems('live');
    expect(await closeAt('2027-03-20T12:00:00.000Z')).toMatchObject({ closed: [] });
    expect(ledgerItems('live')).toEqual(closedItems);
  });

  it('a close stopped after closing a month to documents is finished by the next run with the same items', async () => {
    const bill = writeWorkedExample(table);
    await book(billIssuedEvent(bill));
    await closeAt('2027-02-02T12:00:00.000Z');
    // The same items, but for the instant the close was finished at.
    const withoutClosedAt = (items: Item[]) => items.map(({ closedAt: _closedAt, ...rest }) => rest);
    const closedItems = withoutClosedAt(ledgerItems('live'));
    const outbox = table.itemsOf('OUTBOX#').filter((item) => item.detailType === 'RevenueMonthClosed');
    // As if it had stopped before its last transaction: neither balances, nor the ledger's journaled month, nor the event.
    table.items.delete('REVENUE_LEDGER#live|BALANCES#2027-01');
    for (const item of outbox) table.items.delete(`${String(item.pk)}|${String(item.sk)}`);
    table.put({ ...table.get({ pk: 'REVENUE_LEDGER#live', sk: 'REVENUE_LEDGER' })!, lastJournaledMonth: undefined });
    table.put(Object.fromEntries(Object.entries(table.get({ pk: 'REVENUE_LEDGER#live', sk: 'REVENUE_LEDGER' })!).filter(([, value]) => value !== undefined)) as Item);

    expect(await closeAt('2027-02-10T12:00:00.000Z')).toMatchObject({ closed: [{ month: '2027-01', journalEntries: 2 }] });
    expect(withoutClosedAt(ledgerItems('live'))).toEqual(closedItems);
    expect(table.get({ pk: 'REVENUE_LEDGER#live', sk: 'BALANCES#2027-01' })!.closedAt).toBe('2027-02-10T12:00:00.000Z');
    expect(closedEvents()).toHaveLength(1);
  });

  it("a write-off's bad debt is its month's badDebt entry; revenue balances stay", async () => {
    const bill = writeWorkedExample(table);
    await book(billIssuedEvent(bill));
    table.put({ ...table.get({ pk: 'BILL#jan', sk: 'BILL' })!, resource: { ...bill, writeOff: { amount: { unit: 'EUR', value: 45 }, date: '2027-04-10T10:00:00.000Z' } } });
    await book(billWrittenOffEvent('jan', 45));
    await closeAt('2027-05-02T12:00:00.000Z');
    expect(journal('live', '2027-03')).toEqual([]);
    expect(journal('live', '2027-04')).toEqual([['po-mobile-l', 'badDebt', 'badDebtExpense', 'receivable', '4500']]);
    expect(balances('live', '2027-04')).toEqual([{ offeringId: 'po-mobile-l', currency: 'EUR', billedMinor: '3750', creditedMinor: '0', recognizedMinor: '3750', deferredMinor: '0', badDebtMinor: '4500' }]);
  });

  it("after a test clock's billing run, once the bills it numbered are booked, closes that clock's ledger as of the run's instant; a live run closes nothing", async () => {
    const bill = { ...writeWorkedExample(table, { testClockId: 'clk-1' }), billNo: 'TEST-clk-1-2027-000001' };
    table.put({ ...table.get({ pk: 'BILL#jan', sk: 'BILL' })!, resource: bill });
    // The clock's run numbered its bill: the close waits for it to be booked.
    table.put({ pk: 'BILL_SERIES#test-clock-clk-1-2027', sk: 'BILL_SERIES', entityType: 'BillSeries', lastNumber: 1 });
    table.put(testClockItem(testClock('clk-1', '2027-02-02T13:00:00.000Z')));

    const completed = (testClockId?: string) => {
      const event = BillRunCompleted.create(
        { billRunId: 'run-1', state: 'completed', asOf: '2027-02-02T13:00:00.000Z', trigger: testClockId ? 'testClock' : 'schedule', counts: { due: 1, billed: 1, skipped: 0, failed: 0, bills: 1 }, ...(testClockId ? { testClockId } : {}) },
        { eventId: 'evt-run', occurredAt: '2027-02-02T13:00:00.000Z', correlationId: 'corr-run' },
      );
      return closeRevenueMonths({ 'detail-type': event.detailType, detail: event.detail } as never, lambdaContext('close-revenue-months'));
    };
    expect(await completed()).toMatchObject({ skipped: expect.any(String) });
    vi.spyOn(clockBookingWait, 'timeoutMs', 'get').mockReturnValue(50);
    vi.spyOn(clockBookingWait, 'intervalMs', 'get').mockReturnValue(10);
    await expect(completed('clk-1')).rejects.toThrow('test clock clk-1: 1 bills or credit notes issued are not booked yet; the close is retried');
    expect(ledgerItems('test-clock-clk-1')).toEqual([]);
    await book(billIssuedEvent(bill));
    expect(table.get({ pk: 'REVENUE_LEDGER#test-clock-clk-1', sk: 'BOOKED#TEST-clk-1-2027-000001' })).toBeDefined();
    expect(schedule('jan-0001')).toMatchObject({ bookedIn: '2027-01' });
    expect(table.itemsOf('REVENUE_SCHEDULE#jan-0001').find((item) => item.sk === 'MONTH#2027-01')!.gsi2pk).toBe('REVENUE#test-clock-clk-1');
    // The system time and the clock are far past (advanced again since): only the run's instant counts.
    table.put(testClockItem(testClock('clk-1', '2027-06-20T13:00:00.000Z'), 2));
    vi.spyOn(systemClock, 'now').mockReturnValue('2030-01-01T00:00:00.000Z');
    expect(await completed('clk-1')).toMatchObject({ ledger: 'test-clock-clk-1', asOf: '2027-02-02T13:00:00.000Z', closed: [{ month: '2027-01' }] });
    expect(journal('test-clock-clk-1', '2027-01')).toHaveLength(2);
    expect(closedEvents()[0]).toMatchObject({ ledger: 'test-clock-clk-1', testClockId: 'clk-1', month: '2027-01' });
    // The live ledger has nothing of the clock's.
    expect(await closeAt('2030-01-01T00:00:00.000Z')).toMatchObject({ ledger: 'live', closed: [] });
  });
});
