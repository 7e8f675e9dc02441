import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { minorUnitExponent } from '../../domain/money/money.js';
import { revenueLedgerOf } from '../../domain/revenue/monthly-close.js';
import { isRevenueMonth, monthClosableAt, type RevenueMonth } from '../../domain/revenue/revenue-month.js';
import { ApiError } from '../lib/http/api-error.js';
import { findTestClock } from '../lib/store/test-clock-store.js';

/**
 * What the revenue reports (GET /reports/v1/revenue, /reports/v1/journalEntries) are asked:
 * `month` (`2027-03`, required) and, for a test clock's simulated months, `testClock.id`; any
 * other parameter is a 400 naming it, so a client never mistakes one report for another.
 */
const parameters = ['month', 'testClock.id'] as const;

export interface RevenueReportQuery {
  month: RevenueMonth;
  ledger: string;
  testClockId?: string;
  csv: boolean;
}

export function parseRevenueReportQuery(event: Pick<APIGatewayProxyEvent, 'queryStringParameters' | 'headers'>): RevenueReportQuery {
  const params = event.queryStringParameters ?? {};
  for (const name of Object.keys(params)) {
    if (!(parameters as readonly string[]).includes(name)) throw ApiError.badRequest(`unknown parameter ${name}; this report takes ${parameters.join(', ')}`, [{ field: name, problem: 'not a parameter of this report' }]);
  }
  const month = params.month;
  if (month === undefined) throw ApiError.badRequest('month is required, e.g. month=2027-03', [{ field: 'month', problem: 'missing' }]);
  if (!isRevenueMonth(month)) throw ApiError.badRequest('month takes one month as YYYY-MM, e.g. 2027-03', [{ field: 'month', problem: `got "${month.slice(0, 40)}"` }]);
  const testClockId = params['testClock.id'];
  if (testClockId !== undefined && (testClockId === '' || testClockId.includes(','))) throw ApiError.badRequest('testClock.id takes one test clock id', [{ field: 'testClock.id', problem: `got "${testClockId.slice(0, 100)}"` }]);
  return { month, ledger: revenueLedgerOf(testClockId), ...(testClockId !== undefined ? { testClockId } : {}), csv: wantsCsv(event.headers) };
}

/** `Accept: text/csv` asks for the CSV export; anything else gets JSON. */
export function wantsCsv(headers: APIGatewayProxyEvent['headers'] | undefined): boolean {
  const accept = Object.entries(headers ?? {}).find(([name]) => name.toLowerCase() === 'accept')?.[1];
  return accept !== undefined && accept.split(',').some((type) => type.split(';')[0]!.trim().toLowerCase() === 'text/csv');
}

/** A named test clock must exist: an unknown one is a 400 naming `testClock.id`, as on the receivables. */
export async function requireTestClock(testClockId: string | undefined): Promise<void> {
  if (testClockId === undefined) return;
  if (!(await findTestClock(testClockId))) throw ApiError.badRequest(`test clock ${testClockId} does not exist`, [{ field: 'testClock.id', problem: 'unknown test clock' }]);
}

/** A month not closed yet has no report: 409, saying when its close runs. */
export function monthNotClosed(query: RevenueReportQuery): ApiError {
  const when = new Date(monthClosableAt(query.month)).toISOString();
  const ledger = query.testClockId === undefined ? 'live revenue' : `test clock ${query.testClockId}'s revenue`;
  const closes = query.testClockId === undefined ? `its close runs from ${when}` : `it closes once the clock is advanced past ${when}`;
  return ApiError.conflict('MONTH_NOT_CLOSED', `month ${query.month} of the ${ledger} is not closed yet: ${closes}`);
}

/** Minor units as a decimal in the currency's exponent, e.g. 3750 EUR → 37.50 (CSV: exact text, never a float). */
export function decimalText(minor: bigint, currency: string): string {
  const exponent = minorUnitExponent(currency);
  const sign = minor < 0n ? '-' : '';
  const digits = (minor < 0n ? -minor : minor).toString().padStart(exponent + 1, '0');
  return exponent === 0 ? `${sign}${digits}` : `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

const csvField = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

export function csvResponse(filename: string, header: readonly string[], rows: readonly (readonly string[])[]): APIGatewayProxyResult {
  return {
    statusCode: 200,
    headers: { 'content-type': 'text/csv;charset=utf-8', 'content-disposition': `attachment; filename="${filename}"` },
    body: [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n',
  };
}
