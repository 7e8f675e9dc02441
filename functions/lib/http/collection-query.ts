import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { AttributeFilter } from '../store/list-resources.js';
import { ApiError } from './api-error.js';
import { jsonResponse } from './responses.js';

export const defaultLimit = 100;
export const maxLimit = 1000;

export interface CollectionQuery {
  fields?: string[];
  offset: number;
  limit: number;
  /** Attribute filters keyed by their TMF dotted name, e.g. `relatedParty.id`. */
  filters: Map<string, AttributeFilter>;
}

const reserved = new Set(['fields', 'offset', 'limit']);
/** One filter value: ids, e-mails, names and dates are all far shorter. */
export const maxFilterValueBytes = 256;

function nonNegativeInteger(name: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw ApiError.badRequest(`${name} must be a non-negative integer`, [{ field: name, problem: `got "${raw}"` }]);
  const value = Number(raw);
  if (value > max) throw ApiError.badRequest(`${name} must be at most ${max}`, [{ field: name, problem: `got ${value}` }]);
  return value;
}

/**
 * TMF list parameters: `fields` (comma-separated attribute selection), `offset`/`limit`
 * paging and attribute filters from an allow-list. An unknown parameter is a 400, not silently
 * ignored, so a client never mistakes an unfiltered list for a filtered one.
 */
export function parseCollectionQuery(event: APIGatewayProxyEvent, filterable: readonly string[]): CollectionQuery {
  const params = event.queryStringParameters ?? {};
  const filters = new Map<string, AttributeFilter>();
  for (const [name, value] of Object.entries(params)) {
    if (reserved.has(name) || value === undefined) continue;
    if (!filterable.includes(name)) {
      throw ApiError.badRequest(`cannot filter on ${name}; filterable attributes: ${filterable.join(', ')}`, [
        { field: name, problem: 'not a filterable attribute' },
      ]);
    }
    const values = value.split(',').map((v) => v.trim()).filter(Boolean);
    if (values.length === 0 || values.length > 20) {
      throw ApiError.badRequest(`filter ${name} needs 1 to 20 comma-separated values`, [{ field: name, problem: `got "${value.slice(0, 100)}"` }]);
    }
    // A filter value becomes part of an index key: no stored value is this long, and DynamoDB would refuse the key.
    const tooLong = values.find((one) => Buffer.byteLength(one, 'utf8') > maxFilterValueBytes);
    if (tooLong !== undefined) {
      throw ApiError.badRequest(`a value of filter ${name} is longer than ${maxFilterValueBytes} bytes`, [{ field: name, problem: `a value of ${Buffer.byteLength(tooLong, 'utf8')} bytes` }]);
    }
    filters.set(name, { path: name.split('.'), values });
  }
  const fields = requestedFields(event);
  return {
    ...(fields ? { fields } : {}),
    offset: nonNegativeInteger('offset', params.offset, 0, Number.MAX_SAFE_INTEGER),
    limit: nonNegativeInteger('limit', params.limit, defaultLimit, maxLimit),
    filters,
  };
}

/**
 * A date filter (`orderDate.gte`, `usageDate.lt`) takes one ISO 8601 instant, normalized to the
 * UTC form dates are stored in, so it can bound a sort-key range; undefined when not given.
 */
export function instantFilter(values: string[] | undefined, name: string): string | undefined {
  if (values === undefined) return undefined;
  const parsed = values.length === 1 ? Date.parse(values[0]!) : Number.NaN;
  if (Number.isNaN(parsed)) throw ApiError.badRequest(`${name} takes one ISO 8601 date-time`, [{ field: name, problem: `got "${values.join(',')}"` }]);
  return new Date(parsed).toISOString();
}

/** The attributes `fields=a,b` asks for, or undefined for the whole resource. */
export function requestedFields(event: Pick<APIGatewayProxyEvent, 'queryStringParameters'>): string[] | undefined {
  const fields = event.queryStringParameters?.fields
    ?.split(',')
    .map((field) => field.trim())
    .filter(Boolean);
  return fields && fields.length > 0 ? fields : undefined;
}

/** Keeps the requested top-level attributes plus id, href and @type, which TMF always returns. */
export function selectFields<T extends object>(resource: T, fields: string[] | undefined): Partial<T> {
  if (!fields) return resource;
  const keep = new Set(['id', 'href', '@type', ...fields.map((field) => field.split('.')[0] ?? field)]);
  return Object.fromEntries(Object.entries(resource).filter(([key]) => keep.has(key))) as Partial<T>;
}

export function collectionResponse<T extends object>(items: T[], total: number, fields: string[] | undefined) {
  return jsonResponse(
    200,
    items.map((item) => selectFields(item, fields)),
    { 'X-Total-Count': String(total), 'X-Result-Count': String(items.length) },
  );
}
