import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { AppliedCustomerBillingRate, CustomerBill } from '../../domain/billing/customer-bill.js';
import { CustomerBillIssued } from '../../domain/events/billing-events.js';
import { BillWrittenOff, CreditNoteIssued } from '../../domain/events/collections-events.js';
import { moneyFromTmf } from '../../domain/money/money.js';
import { badDebtsOfWriteOff, revenueLedgerOf } from '../../domain/revenue/monthly-close.js';
import { bookingMonth } from '../../domain/revenue/revenue-month.js';
import { billLineSchedule, creditNoteLineSchedule, isRevenueLine } from '../../domain/revenue/revenue-schedule.js';
import { logger, publishMetrics } from '../lib/observability/telemetry.js';
import { findBill, linesOfBill } from '../lib/store/bill-store.js';
import { findBillingAccount } from '../lib/store/billing-account-store.js';
import { findCreditNote } from '../lib/store/credit-note-store.js';
import { findProducts, type StoredProduct } from '../lib/store/product-store.js';
import { bookRevenue, findSchedules, markDocumentBooked, scheduleBooking, writeOffBooking } from '../lib/store/revenue-store.js';

/**
 * Rules `customer-bill-issued-books-revenue` and `collections-book-revenue`
 * (docs/revenue-recognition.md, "What the handlers do"): every issued bill's revenue lines get
 * their schedules, every credit note's lines the reverse of the lines they credit, every
 * write-off its bad debts, booked in the ledger of the customer's test clock (or the live one) in
 * the month of the document's date, or the first month not yet closed. Delivered again, the
 * same items are written (or kept, when a close moved the month on since).
 */
export interface BookingOutcome {
  ledger: string;
  written: number;
  kept: number;
}

async function timeZoneOf(billingAccountId: string): Promise<string> {
  const stored = await findBillingAccount(billingAccountId);
  if (!stored) throw new Error(`invariant broken: billing account ${billingAccountId} does not exist`);
  return stored.account.timeZone;
}

/** The offering each line's product was sold as (product inventory). */
function offeringOf(line: AppliedCustomerBillingRate, products: ReadonlyMap<string, StoredProduct>): string {
  const product = line.product ? products.get(line.product.id) : undefined;
  if (!product) throw new Error(`invariant broken: line ${line.id} charges no product found in the inventory`);
  return product.product.productOffering.id;
}

async function billWithLines(billId: string): Promise<{ bill: CustomerBill; lines: AppliedCustomerBillingRate[]; products: Map<string, StoredProduct>; timeZone: string }> {
  const stored = await findBill(billId, { consistentRead: true });
  if (!stored) throw new Error(`invariant broken: bill ${billId} does not exist`);
  const [lines, timeZone] = await Promise.all([linesOfBill(billId), timeZoneOf(stored.bill.billingAccount.id)]);
  const products = await findProducts(lines.flatMap((line) => (line.product ? [line.product.id] : [])));
  return { bill: stored.bill, lines, products, timeZone };
}

/**
 * A bill's schedules. A one-time line is fulfilled when its product was activated (its
 * `startDate`; for a device, the delivery instant we know of is the same: the order delivers it
 * before activating); a product not active yet leaves the line pending.
 */
export async function bookBill(billId: string): Promise<BookingOutcome> {
  const { bill, lines, products, timeZone } = await billWithLines(billId);
  const ledger = revenueLedgerOf(bill.testClock?.id);
  const outcome = await bookRevenue(ledger, (lastClosedMonth) => {
    const bookedIn = bookingMonth({ date: bill.billDate, timeZone, lastClosedMonth });
    return lines.filter(isRevenueLine).map((line) => {
      const startDate = line.type === 'oneTime' && line.product ? products.get(line.product.id)?.product.startDate : undefined;
      const fulfilment = startDate === undefined ? undefined : { at: startDate, bookedIn: bookingMonth({ date: startDate, timeZone, lastClosedMonth }) };
      return scheduleBooking(ledger, billLineSchedule({ line, offeringId: offeringOf(line, products), timeZone, bookedIn, fulfilment }));
    });
  });
  // A test clock's close waits for every bill and credit note numbered on the clock to be booked (close-revenue-months.ts).
  if (bill.testClock && bill.billNo) await markDocumentBooked(ledger, bill.billNo);
  return { ledger, ...outcome };
}

/** A credit note's schedules, each the reverse of its credited line's; that bill is booked first if its event has not come yet. */
export async function bookCreditNote(creditNoteId: string): Promise<BookingOutcome> {
  const stored = await findCreditNote(creditNoteId, { consistentRead: true });
  if (!stored) throw new Error(`invariant broken: credit note ${creditNoteId} does not exist`);
  const note = stored.creditNote;
  const creditedIds = note.lines.map((line) => line.creditedLine.id);
  let credited = await findSchedules(creditedIds);
  if (creditedIds.some((id) => !credited.has(id))) {
    await bookBill(note.bill.id);
    credited = await findSchedules(creditedIds);
  }
  const timeZone = await timeZoneOf(note.billingAccount.id);
  const ledger = revenueLedgerOf(note.testClock?.id);
  const outcome = await bookRevenue(ledger, (lastClosedMonth) => {
    const bookedIn = bookingMonth({ date: note.date, timeZone, lastClosedMonth });
    return note.lines.map((line) => {
      const schedule = credited.get(line.creditedLine.id);
      if (!schedule) throw new Error(`invariant broken: credit note line ${line.id} credits line ${line.creditedLine.id}, which is no revenue line of bill ${note.bill.id}`);
      return scheduleBooking(ledger, creditNoteLineSchedule({ line, credited: schedule, bookedIn }));
    });
  });
  if (note.testClock) await markDocumentBooked(ledger, note.creditNoteNo);
  return { ledger, ...outcome };
}

/** A write-off's bad debts: what it left unpaid, spread over the offerings by the bill's tax-included charges. */
export async function bookWriteOff(billId: string): Promise<BookingOutcome> {
  const { bill, lines, products, timeZone } = await billWithLines(billId);
  const writeOff = (bill as CustomerBill & { writeOff?: { amount: CustomerBill['amountDue']; date: string } }).writeOff;
  if (!writeOff) throw new Error(`invariant broken: bill ${billId} was not written off`);
  const ledger = revenueLedgerOf(bill.testClock?.id);
  const charges = lines.filter(isRevenueLine).map((line) => ({ offeringId: offeringOf(line, products), taxIncludedMinor: moneyFromTmf(line.taxIncludedAmount).amount }));
  const outcome = await bookRevenue(ledger, (lastClosedMonth) => {
    const bookedIn = bookingMonth({ date: writeOff.date, timeZone, lastClosedMonth });
    const debts = badDebtsOfWriteOff({ writeOffId: billId, billingAccountId: bill.billingAccount.id, amount: moneyFromTmf(writeOff.amount), bookedIn, charges });
    return [writeOffBooking(ledger, billId, debts, bookedIn, bill.billingAccount.id)];
  });
  return { ledger, ...outcome };
}

export const handler = middy(async (event: { 'detail-type'?: string; detail?: unknown }): Promise<BookingOutcome> => {
  const detailType = event['detail-type'];
  let outcome: BookingOutcome;
  if (detailType === CustomerBillIssued.detailType) {
    const { data, metadata } = CustomerBillIssued.parseDetail(event.detail);
    logger.appendKeys({ billId: data.bill.id, correlationId: metadata.correlationId });
    outcome = await bookBill(data.bill.id);
  } else if (detailType === CreditNoteIssued.detailType) {
    const { data, metadata } = CreditNoteIssued.parseDetail(event.detail);
    logger.appendKeys({ creditNoteId: data.creditNote.id, correlationId: metadata.correlationId });
    outcome = await bookCreditNote(data.creditNote.id);
  } else if (detailType === BillWrittenOff.detailType) {
    const { data, metadata } = BillWrittenOff.parseDetail(event.detail);
    logger.appendKeys({ billId: data.billId, correlationId: metadata.correlationId });
    outcome = await bookWriteOff(data.billId);
  } else {
    throw new Error(`book-revenue does not handle ${detailType ?? 'an event without detail-type'}`);
  }
  logger.info('revenue booked', { detailType, ...outcome });
  return outcome;
})
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(publishMetrics);
