import type { APIGatewayProxyEvent } from 'aws-lambda';
import { isKnownCurrency } from '../../domain/money/money.js';
import * as z from '../../domain/shared/zod.js';
import { ApiError } from '../lib/http/api-error.js';

/**
 * What the read-model reports (GET /reports/v1/receivables, /reports/v1/billRuns) are asked, read
 * as the revenue reports read theirs (functions/revenue/revenue-report-query.ts): a parameter
 * the report does not take is a 400 naming it, a malformed value a 400 naming its field.
 */
export type QueryParameters = Readonly<Record<string, string | undefined>>;

export function reportParameters(event: Pick<APIGatewayProxyEvent, 'queryStringParameters'>, accepted: readonly string[]): QueryParameters {
  const params = event.queryStringParameters ?? {};
  for (const name of Object.keys(params)) {
    if (!accepted.includes(name)) throw ApiError.badRequest(`unknown parameter ${name}; this report takes ${accepted.join(', ')}`, [{ field: name, problem: 'not a parameter of this report' }]);
  }
  return params;
}

/** A date-time with its offset (`Z` or `±hh:mm`): an instant, never a local time some zone would have to guess. */
const isoInstant = /* @__PURE__ */ z.lazy(() => z.iso.datetime({ offset: true }));

/** The instant a parameter names, as UTC ISO (how every instant is stored and compared), or `undefined` when absent. */
export function instantParameter(params: QueryParameters, field: string): string | undefined {
  const raw = params[field];
  if (raw === undefined) return undefined;
  if (!isoInstant.safeParse(raw).success) throw ApiError.badRequest(`${field} takes one ISO 8601 date-time with its offset, e.g. 2027-04-01T00:00:00Z`, [{ field, problem: `got "${raw.slice(0, 40)}"` }]);
  return new Date(Date.parse(raw)).toISOString();
}

export function testClockParameter(params: QueryParameters): string | undefined {
  const testClockId = params['testClock.id'];
  if (testClockId !== undefined && (testClockId === '' || testClockId.includes(','))) throw ApiError.badRequest('testClock.id takes one test clock id', [{ field: 'testClock.id', problem: `got "${testClockId.slice(0, 100)}"` }]);
  return testClockId;
}

/** `currency=EUR[,USD]`: ISO 4217 codes, or `undefined` for every currency. */
export function currenciesParameter(params: QueryParameters): string[] | undefined {
  const raw = params.currency;
  if (raw === undefined) return undefined;
  const currencies = raw.split(',').map((each) => each.trim());
  const unknown = currencies.find((currency) => !isKnownCurrency(currency));
  if (unknown !== undefined) throw ApiError.badRequest(`${unknown.slice(0, 40)} is not an ISO 4217 currency`, [{ field: 'currency', problem: `got "${unknown.slice(0, 40)}"` }]);
  return currencies;
}
