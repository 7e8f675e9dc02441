import type { APIGatewayProxyEvent } from 'aws-lambda';
import { defaultTimelineLimit, maxTimelineLimit, timelineBound, timelineCursor, type CustomerTimeline } from '../../domain/customers/customer-timeline.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { jsonResponse } from '../lib/http/responses.js';
import { customerExists, timelineSlice } from '../lib/store/customer-timeline-store.js';

/**
 * GET /customers/v1/customer/{id}/timeline?limit=&before= (staff; docs/api.md, "Customer
 * timeline"): what happened to the customer, newest first, one line per event, each with the
 * resource to open. One Query of the customer's timeline (never a scan), beside a key lookup
 * that tells an unknown customer (404) from one with nothing on its timeline yet.
 */
async function getCustomerTimeline({ event }: ApiRequest) {
  const customerId = event.pathParameters?.id ?? '';
  const { limit, bound } = parseTimelineQuery(event);
  const [exists, slice] = await Promise.all([customerExists(customerId), timelineSlice(customerId, limit, bound)]);
  if (!exists) throw ApiError.notFound('customer', customerId);
  const answer: CustomerTimeline = { events: slice.entries, ...(slice.lastPosition === undefined ? {} : { next: timelineCursor(slice.lastPosition) }) };
  return jsonResponse(200, answer, { 'X-Result-Count': String(answer.events.length) });
}

const parameters = ['limit', 'before'];

function parseTimelineQuery(event: Pick<APIGatewayProxyEvent, 'queryStringParameters'>): { limit: number; bound?: string } {
  const params = event.queryStringParameters ?? {};
  for (const name of Object.keys(params)) {
    if (!parameters.includes(name)) throw ApiError.badRequest(`unknown parameter ${name.slice(0, 100)}; the timeline takes: ${parameters.join(', ')}`, [{ field: name.slice(0, 100), problem: 'not a parameter of the timeline' }]);
  }
  const rawLimit = params.limit;
  const limit = rawLimit === undefined ? defaultTimelineLimit : /^\d{1,3}$/.test(rawLimit) ? Number(rawLimit) : Number.NaN;
  if (!(limit >= 1 && limit <= maxTimelineLimit)) {
    throw ApiError.badRequest(`limit takes an integer from 1 to ${maxTimelineLimit}`, [{ field: 'limit', problem: `got "${String(rawLimit).slice(0, 40)}"` }]);
  }
  const before = params.before;
  if (before === undefined) return { limit };
  const bound = timelineBound(before);
  if (bound === undefined) {
    throw ApiError.badRequest('before takes an ISO 8601 instant (2027-02-01T00:00:00Z), or the next of the previous page', [{ field: 'before', problem: `got "${before.slice(0, 40)}"` }]);
  }
  return { limit, bound };
}

export const handler = apiHandler(getCustomerTimeline);
