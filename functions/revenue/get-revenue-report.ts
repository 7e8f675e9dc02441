import { money, moneyToTmf } from '../../domain/money/money.js';
import { requireStaff } from '../lib/auth/principal.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { jsonResponse } from '../lib/http/responses.js';
import { balancesAtEndOf } from '../lib/store/revenue-store.js';
import { csvResponse, decimalText, monthNotClosed, parseRevenueReportQuery, requireTestClock } from './revenue-report-query.js';

/**
 * GET /reports/v1/revenue?month=2027-03[&testClock.id=…] (staff): per offering and currency, at
 * the end of the month, what was billed (net of the bills' `credit` lines), credited, recognized,
 * deferred and written off as bad debt, since the first booking. Read from the balances the
 * month's close stored (one GetItem, plus one for a named test clock), not summed from every
 * schedule ever booked. JSON, or CSV with `Accept: text/csv`.
 */
async function getRevenueReport({ event, principal }: ApiRequest) {
  requireStaff(principal, 'read revenue reports');
  const query = parseRevenueReportQuery(event);
  const [closed] = await Promise.all([balancesAtEndOf(query.ledger, query.month), requireTestClock(query.testClockId)]);
  if (!closed) throw monthNotClosed(query);
  if (query.csv) {
    return csvResponse(
      `revenue-${query.ledger}-${query.month}.csv`,
      ['month', 'productOfferingId', 'currency', 'billed', 'credited', 'recognized', 'deferred', 'badDebt'],
      closed.balances.map((balance) => [
        query.month,
        balance.offeringId,
        balance.currency,
        ...[balance.billedMinor, balance.creditedMinor, balance.recognizedMinor, balance.deferredMinor, balance.badDebtMinor].map((minor) => decimalText(minor, balance.currency)),
      ]),
    );
  }
  const tmf = (minor: bigint, currency: string) => moneyToTmf(money(minor, currency));
  return jsonResponse(200, {
    month: query.month,
    ...(query.testClockId !== undefined ? { testClock: { id: query.testClockId } } : {}),
    closedAt: closed.closedAt,
    revenue: closed.balances.map((balance) => ({
      productOffering: { id: balance.offeringId },
      currency: balance.currency,
      billed: tmf(balance.billedMinor, balance.currency),
      credited: tmf(balance.creditedMinor, balance.currency),
      recognized: tmf(balance.recognizedMinor, balance.currency),
      deferred: tmf(balance.deferredMinor, balance.currency),
      badDebt: tmf(balance.badDebtMinor, balance.currency),
    })),
  });
}

export const handler = apiHandler(getRevenueReport);
