import { reportLedgerOf } from '../../domain/reports/receivables-read-model.js';
import { requireStaff } from '../lib/auth/principal.js';
import { systemClock } from '../lib/clock.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { jsonResponse } from '../lib/http/responses.js';
import { billRunHistory } from '../lib/store/report-store.js';
import { csvResponse, requireTestClock, wantsCsv } from '../revenue/revenue-report-query.js';
import { instantParameter, reportParameters, testClockParameter } from './report-query.js';

const parameters = ['from', 'to', 'testClock.id'] as const;

/** Before any run: `from` left out reads the ledger from its start. */
const beginning = '1970-01-01T00:00:00.000Z';

/**
 * GET /reports/v1/billRuns?from=…&to=…[&testClock.id=…] (staff): the billing runs whose `asOf`
 * is in [from, to) (from the start, and up to now, when left out), oldest first: trigger, asOf,
 * when requested and completed, state and counts, from the history the run events keep
 * (docs/reports.md). One Query of the ledger's history. JSON, or CSV with `Accept: text/csv`.
 */
async function getBillRunHistory({ event, principal }: ApiRequest) {
  requireStaff(principal, 'read billing-run history');
  const params = reportParameters(event, parameters);
  const from = instantParameter(params, 'from') ?? beginning;
  const to = instantParameter(params, 'to') ?? systemClock.now();
  if (Date.parse(to) <= Date.parse(from)) throw ApiError.badRequest('to must be after from', [{ field: 'to', problem: `${to} is not after ${from}` }]);
  const testClockId = testClockParameter(params);
  const ledger = reportLedgerOf(testClockId);
  const [runs] = await Promise.all([billRunHistory(ledger, { from, to }), requireTestClock(testClockId)]);
  if (wantsCsv(event.headers)) {
    return csvResponse(
      `bill-runs-${ledger}-${from.slice(0, 10)}-${to.slice(0, 10)}.csv`,
      ['billRunId', 'trigger', 'asOf', 'requestedAt', 'completedAt', 'state', 'due', 'billed', 'skipped', 'failed', 'bills'],
      runs.map((run) => [
        run.billRunId,
        run.trigger,
        run.asOf,
        run.requestedAt ?? '',
        run.completedAt ?? '',
        run.state,
        ...(run.counts ? [run.counts.due, run.counts.billed, run.counts.skipped, run.counts.failed, run.counts.bills].map(String) : ['', '', '', '', '']),
      ]),
    );
  }
  return jsonResponse(
    200,
    {
      from,
      to,
      ...(testClockId !== undefined ? { testClock: { id: testClockId } } : {}),
      billRun: runs.map((run) => ({
        id: run.billRunId,
        href: `/billing/v1/billRun/${run.billRunId}`,
        trigger: run.trigger,
        asOf: run.asOf,
        ...(run.requestedAt ? { requestedAt: run.requestedAt } : {}),
        ...(run.completedAt ? { completedAt: run.completedAt } : {}),
        state: run.state,
        ...(run.counts ? { counts: run.counts } : {}),
      })),
    },
    { 'X-Total-Count': String(runs.length), 'X-Result-Count': String(runs.length) },
  );
}

export const handler = apiHandler(getBillRunHistory);
