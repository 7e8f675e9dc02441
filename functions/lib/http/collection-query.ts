import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { AttributeFilter, Comparison } from '../store/list-resources.js';
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
 * What a resource's top-level attribute is, for filtering: `text` (exact match), `instant` and
 * `number` (exact match and `.gt`, `.gte`, `.lt`, `.lte`), `boolean` (`true`/`false`), or a
 * `structure` (an object or an array, filterable only on the paths a list names, such as
 * `relatedParty.id`).
 */
export type AttributeKind = 'text' | 'instant' | 'number' | 'boolean' | 'structure';

type KindOf<V> = [V] extends [string] ? 'text' | 'instant' : [V] extends [number] ? 'number' : [V] extends [boolean] ? 'boolean' : 'structure';

/**
 * A resource's attributes, each with its kind, declared once per resource beside its list
 * (functions/<context>/*-list-attributes.ts, one per bounded context). Typed against the resource's interface, so the
 * compiler refuses a table that misses an attribute, names one the resource does not have, or
 * gives one a kind its type cannot have.
 */
export type ResourceAttributes<T> = { readonly [K in keyof T]-?: KindOf<NonNullable<T[K]>> };

/** Any resource's attribute table, as the parser reads it. */
export type AttributeTable = Readonly<Record<string, AttributeKind>>;

const comparisons: readonly Comparison[] = ['gt', 'gte', 'lt', 'lte'];

/**
 * TMF list parameters: `fields` (comma-separated attribute selection), `offset`/`limit`
 * paging and attribute filters. `filterable` names what the list handles itself (index keys,
 * nested paths, key ranges); with the resource's `attributes`, every other scalar attribute is
 * filterable too, as TMF630 describes: exact match (comma-separated values: any of them) and,
 * on dates and numbers, `.gt`, `.gte`, `.lt`, `.lte`. `href` becomes an `id` filter (hrefs are
 * the collection's path and the id). An unknown parameter is a 400, not silently ignored, so a
 * client never mistakes an unfiltered list for a filtered one.
 */
export function parseCollectionQuery(event: APIGatewayProxyEvent, filterable: readonly string[], attributes: AttributeTable = {}): CollectionQuery {
  const params = event.queryStringParameters ?? {};
  const filters = new Map<string, AttributeFilter>();
  for (const [name, value] of Object.entries(params)) {
    if (reserved.has(name) || value === undefined) continue;
    const values = value.split(',').map((v) => v.trim()).filter(Boolean);
    if (values.length === 0 || values.length > 20) {
      throw ApiError.badRequest(`filter ${name} needs 1 to 20 comma-separated values`, [{ field: name, problem: `got "${value.slice(0, 100)}"` }]);
    }
    // A filter value becomes part of an index key: no stored value is this long, and DynamoDB would refuse the key.
    const tooLong = values.find((one) => Buffer.byteLength(one, 'utf8') > maxFilterValueBytes);
    if (tooLong !== undefined) {
      throw ApiError.badRequest(`a value of filter ${name} is longer than ${maxFilterValueBytes} bytes`, [{ field: name, problem: `a value of ${Buffer.byteLength(tooLong, 'utf8')} bytes` }]);
    }
    filters.set(name, filterable.includes(name) ? { path: name.split('.'), values } : attributeFilter(event, name, values, filterable, attributes));
  }
  const fields = requestedFields(event);
  return {
    ...(fields ? { fields } : {}),
    offset: nonNegativeInteger('offset', params.offset, 0, Number.MAX_SAFE_INTEGER),
    limit: nonNegativeInteger('limit', params.limit, defaultLimit, maxLimit),
    filters,
  };
}

/** A filter on a top-level attribute of the resource: `name` is the attribute, or the attribute and an operator (`lastUpdate.gte`). */
function attributeFilter(event: APIGatewayProxyEvent, name: string, values: string[], filterable: readonly string[], attributes: AttributeTable): AttributeFilter {
  const operator = comparisons.find((one) => name.endsWith(`.${one}`));
  const attribute = operator ? name.slice(0, -operator.length - 1) : name;
  const kind = Object.hasOwn(attributes, attribute) ? attributes[attribute] : undefined;
  if (kind === undefined || kind === 'structure') {
    const known = [...filterable, ...Object.keys(attributes).filter((key) => attributes[key] !== 'structure' && !filterable.includes(key))];
    throw ApiError.badRequest(`cannot filter on ${name}; filterable attributes: ${known.join(', ')}`, [
      { field: name, problem: kind === 'structure' ? 'an object or a list, filterable only on the paths named' : 'not a filterable attribute' },
    ]);
  }
  if (operator) {
    if (kind !== 'instant' && kind !== 'number') {
      throw ApiError.badRequest(`cannot filter on ${name}: ${attribute} is not a date or a number, so it takes no .${operator}`, [{ field: name, problem: `${attribute} is ${kind}` }]);
    }
    if (values.length !== 1) throw ApiError.badRequest(`${name} takes one value`, [{ field: name, problem: `got ${values.length} values` }]);
  }
  const path = [attribute];
  const comparison = operator ? { comparison: operator } : {};
  switch (kind) {
    case 'instant': {
      const instants = values.map((one) => instantValue(one, name));
      // The exact value asked for matches too: an instant stored in another form than the normalized one is still found.
      return { path, values: operator ? instants : [...new Set([...instants, ...values])], ...comparison };
    }
    case 'number': {
      const bad = values.find((one) => !Number.isFinite(Number(one)));
      if (bad !== undefined) throw ApiError.badRequest(`${name} takes numbers`, [{ field: name, problem: `got "${bad}"` }]);
      return { path, values, valueType: 'number', ...comparison };
    }
    case 'boolean': {
      const bad = values.find((one) => one !== 'true' && one !== 'false');
      if (bad !== undefined) throw ApiError.badRequest(`filter ${name} takes true, false`, [{ field: name, problem: `unknown value ${bad}` }]);
      return { path, values, valueType: 'boolean' };
    }
    case 'text':
      return attribute === 'href' ? { path: ['id'], values: values.map((href) => idOfHref(event, href)) } : { path, values };
  }
}

function instantValue(value: string, name: string): string {
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed)) throw ApiError.badRequest(`${name} takes ISO 8601 date-times`, [{ field: name, problem: `got "${value}"` }]);
  return new Date(parsed).toISOString();
}

/**
 * The id an href names, when it is an href of this list's resources (`…/customerBill/<id>`,
 * absolute or not); otherwise a value no id has, so the href matches nothing.
 */
function idOfHref(event: APIGatewayProxyEvent, href: string): string {
  const collection = (event.resource ?? event.path ?? '').replace(/\/+$/, '').split('/').pop() ?? '';
  try {
    const segments = new URL(href, 'http://href.invalid').pathname.split('/');
    const id = segments.pop() ?? '';
    return collection !== '' && segments.pop() === collection ? decodeURIComponent(id) : '';
  } catch {
    return '';
  }
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
