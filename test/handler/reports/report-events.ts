import type { DomainEvent } from '../../../domain/events/domain-event.js';
import { BillRunCompleted, BillRunRequested, CustomerBillIssued } from '../../../domain/events/billing-events.js';
import { AccountCreditApplied, BillWrittenOff, CreditNoteIssued, PaymentReceived } from '../../../domain/events/collections-events.js';
import { RefundIssued } from '../../../domain/events/payment-events.js';

/**
 * The events of a small history, as the bus delivers them to the reports' consumers:
 * live bills b1 (ba-1, 100 EUR, due 30 Jan), b2 (ba-2, 50 EUR, due 1 Mar), b3 (ba-1, issued
 * settled), b4 (ba-3, 30 USD, written off); test clock clk-1's bill c1 (ba-9, 25 EUR). b1 is paid
 * 40, credited 10 by a credit note, and 20 of its payment refunded; b2 gets 10 of credit. Billing
 * runs: r1 requested and completed, r2 scheduled, r3 the clock's.
 */
const eur = (value: number) => ({ unit: 'EUR', value });
const usd = (value: number) => ({ unit: 'USD', value });
let sequence = 0;
const origin = (id: string, occurredAt = '2027-03-01T10:00:00.000Z') => ({ eventId: id, occurredAt, correlationId: `corr-${(sequence += 1)}` });

export const onBus = (event: DomainEvent) => ({ source: event.source, 'detail-type': event.detailType, detail: event.detail });

function issued(id: string, account: string, amount: { unit: string; value: number }, paymentDueDate: string, options: { state?: string; testClockId?: string } = {}) {
  return CustomerBillIssued.create(
    {
      bill: {
        id,
        href: `/tmf-api/customerBillManagement/v4/customerBill/${id}`,
        billNo: `B-${id}`,
        billDate: '2027-01-16T09:00:00.000Z',
        paymentDueDate,
        runType: 'onCycle',
        state: options.state ?? 'sent',
        billingAccountId: account,
        customerId: `cust-${account}`,
        amountDue: amount,
        taxExcludedAmount: amount,
        taxIncludedAmount: amount,
        ...(options.testClockId ? { testClockId: options.testClockId } : {}),
      },
    },
    origin(`ev-issue-${id}`),
  );
}

export function receivablesHistory(): DomainEvent[] {
  return [
    issued('b1', 'ba-1', eur(100), '2027-01-30T00:00:00.000Z'),
    issued('b2', 'ba-2', eur(50), '2027-03-01T00:00:00.000Z'),
    issued('b3', 'ba-1', eur(20), '2027-02-15T00:00:00.000Z', { state: 'settled' }),
    issued('b4', 'ba-3', usd(30), '2026-10-01T00:00:00.000Z'),
    issued('c1', 'ba-9', eur(25), '2027-02-01T00:00:00.000Z', { testClockId: 'clk-1' }),
    PaymentReceived.create(
      {
        payment: { id: 'pay-1', href: '/p/pay-1', paymentDate: '2027-02-01T00:00:00.000Z', channel: 'bankTransfer', billingAccountId: 'ba-1', customerId: 'cust-ba-1', totalAmount: eur(40), unappliedAmount: eur(0) },
        bills: [{ id: 'b1', appliedAmount: eur(40), remainingAmount: eur(60), state: 'partiallyPaid' }],
      },
      origin('ev-pay-1'),
    ),
    AccountCreditApplied.create(
      { billingAccountId: 'ba-2', customerId: 'cust-ba-2', bill: { id: 'b2', appliedAmount: eur(10), remainingAmount: eur(40), state: 'partiallyPaid' }, paymentIds: ['pay-0'] },
      origin('ev-credit-1'),
    ),
    CreditNoteIssued.create(
      {
        creditNote: { id: 'cn-1', href: '/c/cn-1', creditNoteNo: 'CN-1', date: '2027-02-10T00:00:00.000Z', reason: 'outage', billingAccountId: 'ba-1', customerId: 'cust-ba-1', taxIncludedAmount: eur(10), appliedToBill: eur(10), toAccountCredit: eur(0) },
        bill: { id: 'b1', remainingAmount: eur(50), state: 'partiallyPaid' },
      },
      origin('ev-cn-1'),
    ),
    RefundIssued.create(
      {
        refund: {
          id: 'rf-1', href: '/r/rf-1', status: 'succeeded', refundDate: '2027-02-20T00:00:00.000Z', paymentId: 'pay-1', billingAccountId: 'ba-1', customerId: 'cust-ba-1',
          amount: eur(20), totalAmount: eur(20), reason: 'mistake', channel: 'bankTransfer', bills: [{ id: 'b1', reopenedAmount: eur(20), remainingAmount: eur(70), state: 'partiallyPaid' }],
        },
      },
      origin('ev-refund-1'),
    ),
    BillWrittenOff.create({ billingAccountId: 'ba-3', customerId: 'cust-ba-3', dunningSince: '2026-10-01T00:00:00.000Z', billId: 'b4', writtenOffAmount: usd(30) }, origin('ev-writeoff-1')),
  ];
}

const counts = { due: 3, billed: 2, skipped: 0, failed: 1, bills: 2 };

export function billRunsHistory(): DomainEvent[] {
  return [
    BillRunRequested.create({ billRunId: 'r1', asOf: '2027-03-01T00:00:00.000Z', trigger: 'request' }, origin('ev-r1-requested', '2027-03-01T09:00:00.000Z')),
    BillRunCompleted.create({ billRunId: 'r1', state: 'completedWithErrors', asOf: '2027-03-01T00:00:00.000Z', trigger: 'request', counts }, origin('ev-r1-completed', '2027-03-01T09:05:00.000Z')),
    BillRunCompleted.create({ billRunId: 'r2', state: 'completed', asOf: '2027-03-02T02:00:00.000Z', trigger: 'schedule', counts: { ...counts, failed: 0 } }, origin('ev-r2-completed', '2027-03-02T02:03:00.000Z')),
    BillRunRequested.create({ billRunId: 'r4', asOf: '2027-03-03T00:00:00.000Z', trigger: 'request' }, origin('ev-r4-requested', '2027-03-03T00:00:01.000Z')),
    BillRunRequested.create({ billRunId: 'r3', asOf: '2027-02-01T11:00:00.000Z', trigger: 'testClock', testClockId: 'clk-1' }, origin('ev-r3-requested', '2027-03-01T12:00:00.000Z')),
    BillRunCompleted.create({ billRunId: 'r3', state: 'completed', asOf: '2027-02-01T11:00:00.000Z', trigger: 'testClock', counts, testClockId: 'clk-1' }, origin('ev-r3-completed', '2027-03-01T12:00:04.000Z')),
  ];
}
