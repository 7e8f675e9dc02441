import type { OpenBillFact } from '../collections/receivables.js';
import { billingAccountPath } from '../customers/billing-account.js';
import type { CustomerBillIssued } from '../events/billing-events.js';
import type { AccountCreditApplied, BillWrittenOff, CreditNoteIssued, PaymentReceived } from '../events/collections-events.js';
import type { RefundIssued } from '../events/payment-events.js';
import { moneyFromTmf } from '../money/money.js';
import type * as z from '../shared/zod.js';

/**
 * The receivables report's read model (docs/reports.md, "Receivables aging"): per bill, what it
 * owes, kept from the events that change it, never read from the bill. A bill's open amount is
 * what it owed when issued less every movement since, each movement named by the event that
 * carried it:
 *
 *   open = owedAtIssue − Σ paid, credited, written off + Σ reopened by refunds
 *
 * A sum does not care in which order its terms come, and a movement already counted (same event
 * id) is not counted again: redelivered, out of order (a payment before the bill's issue), or
 * replayed from the archive into an empty model, the same events give the same figures. Events
 * carry the bill's `remainingAmount` after them too, but "the latest one wins" would need an
 * order the events do not have: on a test clock a bill is issued and paid at the same frozen
 * instant.
 */

/** Which ledger a document belongs to: `live`, or one test clock's (reports leave those out unless asked). */
export type ReportLedger = 'live' | `test-clock-${string}`;

export function reportLedgerOf(testClockId: string | undefined): ReportLedger {
  return testClockId === undefined ? 'live' : `test-clock-${testClockId}`;
}

/** What CustomerBillIssued says of a bill that the report needs. */
export interface IssuedReceivable {
  billId: string;
  billingAccountId: string;
  customerId: string;
  currency: string;
  paymentDueDate: string;
  /** What it owed once issued: its amount due, or nothing when issued already settled (an order's upfront payment). */
  owedAtIssueMinor: bigint;
}

/** One change of what a bill owes: negative pays it down (payment, credit, credit note, write-off), positive reopens it (refund). */
export interface ReceivableMovement {
  billId: string;
  /** The event's id: the same event twice is one movement. */
  eventId: string;
  ledger: ReportLedger;
  deltaMinor: bigint;
}

export interface ReceivableState {
  issued?: IssuedReceivable;
  ledger: ReportLedger;
  /** Each movement counted, by event id (minor units as text: exact, and how the store keeps them). */
  movements: Readonly<Record<string, string>>;
}

/** The bill's state owing what it was issued for (its issue seen again changes nothing). */
export function withIssue(state: ReceivableState | undefined, issued: IssuedReceivable, ledger: ReportLedger): ReceivableState {
  return { ledger, movements: state?.movements ?? {}, issued };
}

/** The bill's state with the movement counted, or `undefined` when it was counted already. */
export function withMovement(state: ReceivableState | undefined, movement: ReceivableMovement): ReceivableState | undefined {
  if (state !== undefined && movement.eventId in state.movements) return undefined;
  return { ...(state ?? { ledger: movement.ledger }), movements: { ...state?.movements, [movement.eventId]: movement.deltaMinor.toString() } };
}

export function openMinorOf(state: ReceivableState): bigint {
  const moved = Object.values(state.movements).reduce((sum, delta) => sum + BigInt(delta), 0n);
  return (state.issued?.owedAtIssueMinor ?? 0n) + moved;
}

/**
 * The bill as the aging rules (domain/collections/receivables.ts) take it, while it is issued and
 * owes something; `undefined` otherwise: a bill whose movements came before its issue waits for it.
 */
export function openReceivableOf(state: ReceivableState): OpenBillFact | undefined {
  const issued = state.issued;
  const open = openMinorOf(state);
  if (!issued || open <= 0n) return undefined;
  return {
    billingAccount: { id: issued.billingAccountId, href: `${billingAccountPath}/${issued.billingAccountId}`, name: '' },
    customerId: issued.customerId,
    currency: issued.currency,
    remainingMinor: open,
    paymentDueDate: issued.paymentDueDate,
  };
}

type DataOf<T extends { dataSchema: z.core.$ZodType }> = z.infer<T['dataSchema']>;

/** The events that change what a bill owes, as the report's consumer receives them. */
export type ReceivablesEvent =
  | { detailType: 'CustomerBillIssued'; eventId: string; data: DataOf<typeof CustomerBillIssued> }
  | { detailType: 'PaymentReceived'; eventId: string; data: DataOf<typeof PaymentReceived> }
  | { detailType: 'AccountCreditApplied'; eventId: string; data: DataOf<typeof AccountCreditApplied> }
  | { detailType: 'CreditNoteIssued'; eventId: string; data: DataOf<typeof CreditNoteIssued> }
  | { detailType: 'BillWrittenOff'; eventId: string; data: DataOf<typeof BillWrittenOff> }
  | { detailType: 'RefundIssued'; eventId: string; data: DataOf<typeof RefundIssued> };

const minor = (amount: { unit: string; value: number }) => moneyFromTmf(amount).amount;

/** A bill's issue as the read model keeps it: a bill issued `settled` was paid upfront (no PaymentReceived follows), so it owes nothing. */
export function issuedReceivableOf(data: DataOf<typeof CustomerBillIssued>): { issued: IssuedReceivable; ledger: ReportLedger } {
  const bill = data.bill;
  return {
    ledger: reportLedgerOf(bill.testClockId),
    issued: {
      billId: bill.id,
      billingAccountId: bill.billingAccountId,
      customerId: bill.customerId,
      currency: bill.amountDue.unit,
      paymentDueDate: bill.paymentDueDate,
      owedAtIssueMinor: bill.state === 'settled' ? 0n : minor(bill.amountDue),
    },
  };
}

/**
 * The movements an event makes, one per bill it touches: a payment's and a credit's applied
 * amounts, a credit note's part taken off the bill, a write-off's amount, a refund's reopened
 * amounts. An order's refund (no `bills`) moves none.
 */
export function receivableMovementsOf(event: Exclude<ReceivablesEvent, { detailType: 'CustomerBillIssued' }>): ReceivableMovement[] {
  const move = (billId: string, testClockId: string | undefined, deltaMinor: bigint): ReceivableMovement => ({ billId, eventId: event.eventId, ledger: reportLedgerOf(testClockId), deltaMinor });
  switch (event.detailType) {
    case 'PaymentReceived':
      return event.data.bills.map((bill) => move(bill.id, event.data.payment.testClockId, -minor(bill.appliedAmount)));
    case 'AccountCreditApplied':
      return [move(event.data.bill.id, event.data.testClockId, -minor(event.data.bill.appliedAmount))];
    case 'CreditNoteIssued':
      return minor(event.data.creditNote.appliedToBill) === 0n ? [] : [move(event.data.bill.id, event.data.creditNote.testClockId, -minor(event.data.creditNote.appliedToBill))];
    case 'BillWrittenOff':
      return [move(event.data.billId, event.data.testClockId, -minor(event.data.writtenOffAmount))];
    case 'RefundIssued':
      return (event.data.refund.bills ?? []).map((bill) => move(bill.id, event.data.refund.testClockId, minor(bill.reopenedAmount)));
  }
}
