import { addCredit } from '../../domain/collections/account-credit.js';
import { ledgerEntry } from '../../domain/collections/account-ledger.js';
import { formatBillNo } from '../../domain/billing/bill-numbering.js';
import { applyCreditNoteToBill, creditedAfter, creditNoteSeriesOf, newCreditNote, planCredit, type CreditNote, type CreditRequest } from '../../domain/collections/credit-note.js';
import type { BillingAccount } from '../../domain/customers/billing-account.js';
import { ownerCustomerId } from '../../domain/customers/billing-account-owner.js';
import { CreditNoteIssued } from '../../domain/events/collections-events.js';
import { moneyFromTmf } from '../../domain/money/money.js';
import { newId } from '../lib/ids.js';
import { accountCreditPut, findAccountCredit } from '../lib/store/account-credit-store.js';
import { ledgerEntryActions } from '../lib/store/account-ledger-store.js';
import { lastBillNumbers, linesOfBill, seriesCounterUpdate } from '../lib/store/bill-store.js';
import { billCreditUpdate, creditNotePut, findBillWithCredited, findCreditNote, type BillWithCredited } from '../lib/store/credit-note-store.js';
import { tableName } from '../lib/store/dynamo-client.js';
import { outboxPut } from '../lib/store/outbox.js';
import { retryingLostRaces, send } from '../lib/store/lost-races.js';

/**
 * Issuing a credit note (docs/collections.md, "Credit notes"): the numbered credit note, its
 * series' counter, the bill (what it owes, and what credit notes credited of it), the account's
 * credit for what the bill no longer owed, its ledger entry and CreditNoteIssued, in one
 * transaction. The counter, the bill and the credit are read with their versions and written
 * conditionally: a number given or a bill paid meanwhile is read again and the note made anew,
 * so numbers stay gapless and a bill is never credited twice over.
 */
export interface CreditNoteToIssue {
  /** Derived from the caller's Idempotency-Key when there is one, so a retry issues it once. */
  creditNoteId: string;
  /** Read by the caller already: what it checked the request against. */
  stored: BillWithCredited;
  account: BillingAccount;
  request: CreditRequest;
  reason: string;
  now: string;
  correlationId: string;
}

export function issueCreditNote(input: CreditNoteToIssue): Promise<{ creditNote: CreditNote; issuedNow: boolean }> {
  let stored: BillWithCredited | undefined = input.stored;
  return retryingLostRaces(`credit note ${input.creditNoteId}`, async () => {
    const current = stored ?? (await findBillWithCredited(input.stored.bill.id));
    stored = undefined;
    if (!current) throw new Error(`invariant broken: bill ${input.stored.bill.id} of credit note ${input.creditNoteId} went away`);
    const { creditNote, actions } = await prepare(input, current);
    if ((await send(actions)) === 'written') return { creditNote, issuedNow: true };
    const existing = await findCreditNote(creditNote.id, { consistentRead: true });
    if (!existing) throw new Error(`invariant broken: credit note ${creditNote.id} was refused as a duplicate but does not exist`);
    return { creditNote: existing.creditNote, issuedNow: false };
  });
}

async function prepare(input: CreditNoteToIssue, stored: BillWithCredited): Promise<{ creditNote: CreditNote; actions: Record<string, unknown>[] }> {
  const { account, now } = input;
  const { bill, credited } = stored;
  const testClockId = account.testClock?.id;
  const series = creditNoteSeriesOf(now, account.timeZone, testClockId);
  const [lines, credit, last] = await Promise.all([linesOfBill(bill.id), findAccountCredit(account.id), lastBillNumbers([series.key])]);
  const credits = planCredit({ bill, lines, credited, request: input.request });
  const read = last.get(series.key) ?? 0;
  const creditNote = newCreditNote({ id: input.creditNoteId, creditNoteNo: formatBillNo(series, read + 1), date: now, reason: input.reason, bill, credits });
  const billAfter = applyCreditNoteToBill(bill, creditNote, now);
  const toCreditMinor = moneyFromTmf(creditNote.toAccountCredit).amount;
  const total = moneyFromTmf(creditNote.taxIncludedAmount);
  const customerId = ownerCustomerId(account);
  const entry = ledgerEntry({
    billingAccountId: account.id,
    kind: 'creditNote',
    amountMinor: -total.amount,
    currency: total.currency,
    recordedAt: now,
    reference: { id: creditNote.id, href: creditNote.href, '@referredType': 'CreditNote' },
    description: `credit note ${creditNote.creditNoteNo} of bill ${bill.billNo}`,
    testClockId,
  });
  const event = CreditNoteIssued.create(
    {
      creditNote: {
        id: creditNote.id,
        href: creditNote.href,
        creditNoteNo: creditNote.creditNoteNo,
        date: creditNote.date,
        reason: creditNote.reason,
        billingAccountId: account.id,
        customerId,
        taxIncludedAmount: creditNote.taxIncludedAmount,
        appliedToBill: creditNote.appliedToBill,
        toAccountCredit: creditNote.toAccountCredit,
        ...(testClockId ? { testClockId } : {}),
      },
      bill: { id: billAfter.id, remainingAmount: billAfter.remainingAmount, state: billAfter.state },
    },
    { eventId: newId(), occurredAt: now, correlationId: input.correlationId },
  );
  const actions = [
    creditNotePut(creditNote, customerId),
    seriesCounterUpdate(series.key, read, read + 1),
    billCreditUpdate(billAfter, creditedAfter(credited, creditNote), stored.version),
    // The credit source names the credit note: account credit says where its money came from.
    ...(toCreditMinor > 0n ? [accountCreditPut(account.id, addCredit(credit.sources, { paymentId: creditNote.id, from: 'CreditNote', amountMinor: toCreditMinor, since: now }), credit.version)] : []),
    ...ledgerEntryActions(entry),
    outboxPut(tableName(), event),
  ];
  return { creditNote, actions };
}
