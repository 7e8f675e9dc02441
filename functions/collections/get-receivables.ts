import { accountReceivablesToTmf, currencyReceivablesToTmf, receivablesOf } from '../../domain/collections/receivables.js';
import { isKnownCurrency } from '../../domain/money/money.js';
import * as z from '../../domain/shared/zod.js';
import { requireStaff } from '../lib/auth/principal.js';
import { systemClock } from '../lib/clock.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { parseCollectionQuery } from '../lib/http/collection-query.js';
import { jsonResponse } from '../lib/http/responses.js';
import { openBillFacts } from '../lib/store/receivables-store.js';
import { findTestClock } from '../lib/store/test-clock-store.js';

const parameters = ['asOf', 'testClock.id', 'currency'] as const;

/** A date-time with its offset (`Z` or `±hh:mm`), on the calendar: an instant, as test clocks take it, never a local time some zone would have to guess. */
const isoInstant = /* @__PURE__ */ z.lazy(() => z.iso.datetime({ offset: true }));

function oneValue(values: string[] | undefined, field: string, expected: string): string | undefined {
  if (values === undefined) return undefined;
  if (values.length !== 1) throw ApiError.badRequest(`${field} takes one ${expected}`, [{ field, problem: `got "${values.join(',')}"` }]);
  return values[0]!;
}

function instantOf(raw: string): string {
  if (!isoInstant.safeParse(raw).success) throw ApiError.badRequest('asOf takes one ISO 8601 date-time with its offset, e.g. 2027-04-01T00:00:00Z', [{ field: 'asOf', problem: `got "${raw}"` }]);
  return new Date(Date.parse(raw)).toISOString();
}

/**
 * GET /collections/v1/receivables (staff): what the open bills owe per account and in total per
 * currency, aged at `asOf` (docs/collections.md, "Receivables"). Live bills, or with
 * `testClock.id` one clock's, aged at its frozen time unless `asOf` says otherwise. `offset` and
 * `limit` page the accounts; the totals always cover them all.
 */
async function getReceivables({ event, principal }: ApiRequest) {
  requireStaff(principal, 'read receivables');
  if (event.queryStringParameters?.fields !== undefined) {
    throw ApiError.badRequest('receivables cannot be narrowed with fields', [{ field: 'fields', problem: 'not supported on this route' }]);
  }
  const query = parseCollectionQuery(event, parameters);
  const testClockId = oneValue(query.filters.get('testClock.id')?.values, 'testClock.id', 'test clock id');
  const rawAsOf = oneValue(query.filters.get('asOf')?.values, 'asOf', 'ISO 8601 date-time');
  const currencies = query.filters.get('currency')?.values;
  const unknownCurrency = currencies?.find((currency) => !isKnownCurrency(currency));
  if (unknownCurrency !== undefined) throw ApiError.badRequest(`${unknownCurrency} is not an ISO 4217 currency`, [{ field: 'currency', problem: `got "${unknownCurrency}"` }]);

  let asOf = rawAsOf === undefined ? undefined : instantOf(rawAsOf);
  if (testClockId !== undefined) {
    const stored = await findTestClock(testClockId);
    if (!stored) throw ApiError.badRequest(`test clock ${testClockId} does not exist`, [{ field: 'testClock.id', problem: 'unknown test clock' }]);
    asOf ??= stored.clock.frozenTime;
  }
  asOf ??= systemClock.now();

  const receivables = receivablesOf(await openBillFacts(testClockId), asOf, currencies);
  const page = receivables.accounts.slice(query.offset, query.offset + query.limit);
  return jsonResponse(
    200,
    {
      asOf,
      ...(testClockId !== undefined ? { testClock: { id: testClockId } } : {}),
      totals: receivables.totals.map(currencyReceivablesToTmf),
      accounts: page.map(accountReceivablesToTmf),
    },
    { 'X-Total-Count': String(receivables.accounts.length), 'X-Result-Count': String(page.length) },
  );
}

export const handler = apiHandler(getReceivables);
