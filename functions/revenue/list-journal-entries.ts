import { money, moneyToTmf } from '../../domain/money/money.js';
import { requireStaff } from '../lib/auth/principal.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { jsonResponse } from '../lib/http/responses.js';
import { balancesAtEndOf, journalEntriesOf } from '../lib/store/revenue-store.js';
import { csvResponse, decimalText, monthNotClosed, parseRevenueReportQuery, requireTestClock } from './revenue-report-query.js';

/**
 * GET /reports/v1/journalEntries?month=2027-03[&testClock.id=…] (staff): the month's journal
 * entries, the accounting export (docs/revenue-recognition.md, "The monthly close"), by
 * offering, currency and kind. A Query of the ledger's entries beside a GetItem of the month's
 * balances, which say whether it is closed. JSON, or CSV with `Accept: text/csv`.
 */
async function listJournalEntries({ event, principal }: ApiRequest) {
  requireStaff(principal, 'read the revenue journal');
  const query = parseRevenueReportQuery(event);
  const [closed, entries] = await Promise.all([balancesAtEndOf(query.ledger, query.month), journalEntriesOf(query.ledger, query.month), requireTestClock(query.testClockId)]);
  if (!closed) throw monthNotClosed(query);
  if (query.csv) {
    return csvResponse(
      `journal-${query.ledger}-${query.month}.csv`,
      ['id', 'month', 'productOfferingId', 'currency', 'kind', 'debitAccount', 'creditAccount', 'amount'],
      entries.map((entry) => [entry.id, entry.month, entry.offeringId, entry.currency, entry.kind, entry.debit, entry.credit, decimalText(entry.amountMinor, entry.currency)]),
    );
  }
  return jsonResponse(
    200,
    {
      month: query.month,
      ...(query.testClockId !== undefined ? { testClock: { id: query.testClockId } } : {}),
      closedAt: closed.closedAt,
      journalEntry: entries.map((entry) => ({
        id: entry.id,
        month: entry.month,
        productOffering: { id: entry.offeringId },
        currency: entry.currency,
        kind: entry.kind,
        debitAccount: entry.debit,
        creditAccount: entry.credit,
        amount: moneyToTmf(money(entry.amountMinor, entry.currency)),
      })),
    },
    { 'X-Total-Count': String(entries.length), 'X-Result-Count': String(entries.length) },
  );
}

export const handler = apiHandler(listJournalEntries);
