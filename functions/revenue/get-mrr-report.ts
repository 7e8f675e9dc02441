import { money, moneyToTmf } from '../../domain/money/money.js';
import { mrrFigures, mrrMonthOf } from '../../domain/reports/mrr.js';
import { requireStaff } from '../lib/auth/principal.js';
import { systemClock } from '../lib/clock.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { jsonResponse } from '../lib/http/responses.js';
import { mrrMovementsUpTo } from '../lib/store/mrr-store.js';
import { findTestClock } from '../lib/store/test-clock-store.js';
import { csvResponse, decimalText, parseRevenueReportQuery } from './revenue-report-query.js';

/**
 * GET /reports/v1/mrr?month=2027-03[&testClock.id=…] (staff): per currency, the monthly
 * recurring revenue at the end of the month (UTC) and what moved it since the previous month's
 * end (new, expansion, contraction, churned), ARR, active customers and products, ARPU
 * (docs/revenue-recognition.md, "MRR and ARR"). Read from the read model's movements of every
 * month up to this one (one Query), beside the clock's GetItem when one is named. A month not
 * over yet gives its end as known now; a month not begun yet (by the system's time, or the
 * clock's) is a 400 naming `month`. JSON, or CSV with `Accept: text/csv`.
 */
async function getMrrReport({ event, principal }: ApiRequest) {
  requireStaff(principal, 'read MRR reports');
  const query = parseRevenueReportQuery(event);
  const [now, movements] = await Promise.all([ledgerNow(query.testClockId), mrrMovementsUpTo(query.ledger, query.month)]);
  const current = mrrMonthOf(Date.parse(now));
  if (query.month > current) throw ApiError.badRequest(`month ${query.month} has not begun yet: the ${query.testClockId === undefined ? 'current' : "clock's"} month is ${current}`, [{ field: 'month', problem: 'a month to come' }]);
  const figures = mrrFigures(query.month, movements);
  const text = (minor: bigint, currency: string) => decimalText(minor, currency);
  if (query.csv) {
    return csvResponse(
      `mrr-${query.ledger}-${query.month}.csv`,
      ['month', 'currency', 'startingMrr', 'newMrr', 'expansionMrr', 'contractionMrr', 'churnedMrr', 'mrr', 'arr', 'activeCustomers', 'activeProducts', 'arpu'],
      figures.map((row) => [
        row.month,
        row.currency,
        ...[row.startingMinor, row.newMinor, row.expansionMinor, row.contractionMinor, row.churnedMinor, row.mrrMinor, row.arrMinor].map((minor) => text(minor, row.currency)),
        String(row.activeCustomers),
        String(row.activeProducts),
        text(row.arpuMinor, row.currency),
      ]),
    );
  }
  const tmf = (minor: bigint, currency: string) => moneyToTmf(money(minor, currency));
  return jsonResponse(200, {
    month: query.month,
    ...(query.testClockId !== undefined ? { testClock: { id: query.testClockId } } : {}),
    monthOver: query.month < current,
    mrr: figures.map((row) => ({
      currency: row.currency,
      startingMrr: tmf(row.startingMinor, row.currency),
      newMrr: tmf(row.newMinor, row.currency),
      expansionMrr: tmf(row.expansionMinor, row.currency),
      contractionMrr: tmf(row.contractionMinor, row.currency),
      churnedMrr: tmf(row.churnedMinor, row.currency),
      mrr: tmf(row.mrrMinor, row.currency),
      arr: tmf(row.arrMinor, row.currency),
      activeCustomers: row.activeCustomers,
      activeProducts: row.activeProducts,
      arpu: tmf(row.arpuMinor, row.currency),
    })),
  });
}

/** The ledger's time: the system's, or the named clock's (an unknown clock is a 400 naming `testClock.id`). */
async function ledgerNow(testClockId: string | undefined): Promise<string> {
  if (testClockId === undefined) return systemClock.now();
  const stored = await findTestClock(testClockId);
  if (!stored) throw ApiError.badRequest(`test clock ${testClockId} does not exist`, [{ field: 'testClock.id', problem: 'unknown test clock' }]);
  return stored.clock.frozenTime;
}

export const handler = apiHandler(getMrrReport);
