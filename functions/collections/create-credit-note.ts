import { CreditExceedsCreditable, NotACreditableLine, type CreditNote, type CreditRequest } from '../../domain/collections/credit-note.js';
import { creditNoteAccess, creditNoteCreateSchema, type CreditNoteCreate } from '../../domain/collections/credit-note-create.js';
import type { CustomerBill } from '../../domain/billing/customer-bill.js';
import type { BillingAccount } from '../../domain/customers/billing-account.js';
import { moneyFromTmf } from '../../domain/money/money.js';
import type { FieldProblem } from '../../domain/shared/domain-errors.js';
import { requireStaff } from '../lib/auth/principal.js';
import { requireWritable } from '../lib/auth/write-access.js';
import { customerNow } from '../lib/clock.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { idempotentOnKey } from '../lib/http/idempotency.js';
import { headerOf, parseBody } from '../lib/http/request-body.js';
import { jsonResponse } from '../lib/http/responses.js';
import { idFrom, newId } from '../lib/ids.js';
import { findBillingAccount } from '../lib/store/billing-account-store.js';
import { findBillWithCredited, findCreditNote } from '../lib/store/credit-note-store.js';
import { applyCreditToOpenBills } from './account-payments.js';
import { issueCreditNote } from './credit-notes.js';

/**
 * POST /collections/v1/creditNote (staff): credits an issued bill in whole, by lines or by an
 * amount, with a reason (docs/collections.md, "Credit notes"). 201 with the numbered credit
 * note; what it credits takes off what the bill owes first, the rest is account credit, which
 * then pays the account's other open bills, oldest first. With
 * `Idempotency-Key` the credit note's id derives from the caller and the key, so a retry, even
 * after a lost answer, issues it once.
 */
async function createCreditNote({ event, principal, correlationId }: ApiRequest) {
  requireStaff(principal, 'issue credit notes');
  const input = parseBody(event, 'create', creditNoteCreateSchema);
  requireWritable(principal, creditNoteAccess, input, 'creditNote');
  const chosen = (['whole', 'lines', 'amount'] as const).filter((field) => input[field] !== undefined);
  if (chosen.length !== 1) {
    const fields = chosen.length === 0 ? ['whole', 'lines', 'amount'] : chosen;
    throw ApiError.badRequest('say what to credit with exactly one of whole, lines or amount', fields.map((field) => ({ field, problem: 'exactly one of whole, lines, amount is required' })));
  }
  const key = headerOf(event, 'idempotency-key');
  const creditNoteId = key === undefined ? newId() : idFrom(`creditNote:${principal.subject}:${key}`);
  const earlier = await findCreditNote(creditNoteId, { consistentRead: true });
  if (earlier) {
    if (earlier.creditNote.bill.id !== input.bill.id) throw new ApiError(422, 'IDEMPOTENCY_KEY_REUSED', 'Unprocessable Entity', 'this Idempotency-Key was already used for another credit note');
    // On a repeat too: a first attempt that stopped after issuing still pays the open bills.
    const storedAccount = await findBillingAccount(earlier.creditNote.billingAccount.id);
    if (storedAccount) await payOpenBillsFromCredit(earlier.creditNote, storedAccount.account, { now: await customerNow(storedAccount.account.testClock?.id), correlationId });
    return jsonResponse(201, earlier.creditNote, { Location: earlier.creditNote.href });
  }

  const stored = await findBillWithCredited(input.bill.id);
  if (!stored) throw ApiError.badRequest(`bill ${input.bill.id} does not exist`, [{ field: 'bill.id', problem: 'unknown bill' }]);
  const { bill } = stored;
  if (bill.billNo === undefined) throw new ApiError(409, 'BILL_NOT_ISSUED', 'Conflict', `bill ${bill.id} is ${bill.state}: only an issued bill is credited`, [{ field: 'bill.id', problem: 'not issued' }]);
  if ((bill as CustomerBill & { writeOff?: unknown }).writeOff !== undefined) {
    throw new ApiError(409, 'BILL_WRITTEN_OFF', 'Conflict', `bill ${bill.id} was written off: it owes nothing to credit`, [{ field: 'bill.id', problem: 'written off' }]);
  }
  const request = requestOf(input, bill);
  const storedAccount = await findBillingAccount(bill.billingAccount.id);
  if (!storedAccount) throw new Error(`invariant broken: billing account ${bill.billingAccount.id} of bill ${bill.id} does not exist`);
  const { account } = storedAccount;
  const now = await customerNow(account.testClock?.id);
  try {
    const { creditNote } = await issueCreditNote({ creditNoteId, stored, account, request, reason: input.reason, now, correlationId });
    await payOpenBillsFromCredit(creditNote, account, { now, correlationId });
    return jsonResponse(201, creditNote, { Location: creditNote.href });
  } catch (error) {
    if (error instanceof CreditExceedsCreditable) throw new ApiError(409, 'CREDIT_EXCEEDS_CREDITABLE', 'Conflict', error.message, [{ field: error.field, problem: 'exceeds what is left to credit' }]);
    if (error instanceof NotACreditableLine) throw ApiError.badRequest(error.message, [{ field: error.field, problem: 'not a creditable line of the bill' }]);
    throw error;
  }
}

/**
 * What the credit note left as account credit (its bill was paid) pays the account's other open
 * bills at once, oldest first, rather than waiting for the next bill while dunning goes on.
 */
async function payOpenBillsFromCredit(creditNote: CreditNote, account: BillingAccount, context: { now: string; correlationId: string }): Promise<void> {
  if (moneyFromTmf(creditNote.toAccountCredit).amount > 0n) await applyCreditToOpenBills(account, context);
}

/** What to credit, its amounts positive and in the bill's currency. */
function requestOf(input: CreditNoteCreate, bill: CustomerBill): CreditRequest {
  const currency = bill.amountDue.unit;
  const amountOf = (value: { unit: string; value: number }, field: string): bigint => {
    if (value.unit !== currency) throw ApiError.badRequest(`bill ${bill.id} is in ${currency}`, [{ field: `${field}.unit`, problem: `must be the bill's currency, ${currency}` }]);
    const minor = moneyFromTmf(value, field).amount;
    if (minor <= 0n) throw ApiError.badRequest('a credit must be positive', [{ field: `${field}.value`, problem: 'must be positive' }]);
    return minor;
  };
  if (input.amount) return { kind: 'amount', amountMinor: amountOf(input.amount, 'amount') };
  if (input.lines) {
    const problems: FieldProblem[] = [];
    const lines = input.lines.map((line, index) => {
      if (!line.amount) return { id: line.id };
      try {
        return { id: line.id, amountMinor: amountOf(line.amount, `lines[${index}].amount`) };
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        problems.push(...error.problems);
        return { id: line.id };
      }
    });
    if (problems.length > 0) throw ApiError.badRequest('the lines ask for credits that are not positive amounts in the bill\'s currency', problems);
    return { kind: 'lines', lines };
  }
  return { kind: 'whole' };
}

export const handler = apiHandler(idempotentOnKey('create-credit-note', createCreditNote));
