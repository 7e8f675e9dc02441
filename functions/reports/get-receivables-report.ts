import { accountReceivablesToTmf, ageBuckets, currencyReceivablesToTmf, receivablesOf } from '../../domain/collections/receivables.js';
import { reportLedgerOf } from '../../domain/reports/receivables-read-model.js';
import { requireStaff } from '../lib/auth/principal.js';
import { systemClock } from '../lib/clock.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { jsonResponse } from '../lib/http/responses.js';
import { openReceivables } from '../lib/store/report-store.js';
import { findTestClock } from '../lib/store/test-clock-store.js';
import { csvResponse, decimalText, wantsCsv } from '../revenue/revenue-report-query.js';
import { currenciesParameter, instantParameter, reportParameters, testClockParameter } from './report-query.js';

const parameters = ['asOf', 'testClock.id', 'currency'] as const;

/**
 * GET /reports/v1/receivables?asOf=…[&testClock.id=…][&currency=…] (staff): receivables aging
 * from the read model the events keep (docs/reports.md), aged at `asOf` by the rules of
 * GET /collections/v1/receivables (domain/collections/receivables.ts): per currency and per
 * account, what the open bills owe by bucket. Live bills, or one test clock's, aged at its
 * frozen time unless `asOf` says otherwise. Every account, no paging: the export is the point.
 * JSON, or CSV (one row per account and currency) with `Accept: text/csv`.
 */
async function getReceivablesReport({ event, principal }: ApiRequest) {
  requireStaff(principal, 'read receivables reports');
  const params = reportParameters(event, parameters);
  let asOf = instantParameter(params, 'asOf');
  const testClockId = testClockParameter(params);
  const currencies = currenciesParameter(params);
  const ledger = reportLedgerOf(testClockId);
  const [bills, clock] = await Promise.all([openReceivables(ledger), testClockId === undefined ? undefined : findTestClock(testClockId)]);
  if (testClockId !== undefined) {
    if (!clock) throw ApiError.badRequest(`test clock ${testClockId} does not exist`, [{ field: 'testClock.id', problem: 'unknown test clock' }]);
    asOf ??= clock.clock.frozenTime;
  }
  asOf ??= systemClock.now();
  const receivables = receivablesOf(bills, asOf, currencies);
  if (wantsCsv(event.headers)) {
    return csvResponse(
      `receivables-${ledger}-${asOf.slice(0, 10)}.csv`,
      ['asOf', 'billingAccountId', 'customerId', 'currency', 'open', ...ageBuckets, 'oldestDueDate', 'bills'],
      receivables.accounts.map((account) => [
        asOf,
        account.billingAccount.id,
        account.customerId,
        account.currency,
        decimalText(account.openMinor, account.currency),
        ...ageBuckets.map((bucket) => decimalText(account.buckets[bucket], account.currency)),
        account.oldestDueDate,
        String(account.bills),
      ]),
    );
  }
  return jsonResponse(
    200,
    {
      asOf,
      ...(testClockId !== undefined ? { testClock: { id: testClockId } } : {}),
      totals: receivables.totals.map(currencyReceivablesToTmf),
      // The read model keeps the account's id, not its name (no event carries it): the id and href name it.
      accounts: receivables.accounts.map((account) => ({ ...accountReceivablesToTmf(account), billingAccount: { id: account.billingAccount.id, href: account.billingAccount.href } })),
    },
    { 'X-Total-Count': String(receivables.accounts.length), 'X-Result-Count': String(receivables.accounts.length) },
  );
}

export const handler = apiHandler(getReceivablesReport);
