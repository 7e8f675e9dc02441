import { InvalidInputError } from '../shared/domain-errors.js';
import type { TmfEvent } from './tmf-events.js';

/**
 * A hub subscription's `query` (TMF630, part 4): which of the API's events it wants, in the
 * syntax of the API's attribute filters, `&`-separated `name=value` clauses, a value being one
 * or several comma-separated alternatives:
 *
 *   eventType=ProductOrderStateChangeEvent
 *   eventType=ProductOrderCreateEvent,ProductOrderStateChangeEvent&event.productOrder.state=completed
 *
 * `eventType` names event types of the subscription's API; any other name is a dotted path into
 * the TMF event body starting at `event.` (a path through a list matches when any element does).
 * An event matches when every clause does; no query, every event of the API. A leading `?` and
 * spaces around names and values are ignored, as TMF630's examples write them either way.
 */
export interface QueryClause {
  path: readonly string[];
  values: readonly string[];
}

export const maxQueryLength = 1000;
const maxClauses = 10;
const pathPattern = /^event(\.[A-Za-z@][A-Za-z0-9@]*)+$/;

export function parseSubscriptionQuery(query: string, eventTypes: readonly string[]): QueryClause[] {
  const problem = (message: string) => new InvalidInputError(`query: ${message}`, [{ field: 'query', problem: message }]);
  if (query.length > maxQueryLength) throw problem(`at most ${maxQueryLength} characters`);
  const clauses = query.trim().replace(/^\?/, '');
  if (clauses === '') return [];
  const parts = clauses.split('&');
  if (parts.length > maxClauses) throw problem(`at most ${maxClauses} clauses`);
  return parts.map((part) => {
    const equals = part.indexOf('=');
    if (equals <= 0) throw problem(`"${part}" is not name=value`);
    const name = decoded(part.slice(0, equals), problem).trim();
    const values = decoded(part.slice(equals + 1), problem)
      .split(',')
      .map((value) => value.trim());
    if (values.some((value) => value === '')) throw problem(`"${name}" has an empty value`);
    if (name === 'eventType') {
      const unknown = values.filter((value) => !eventTypes.includes(value));
      if (unknown.length > 0) throw problem(`this API publishes no ${unknown.join(', ')}; it publishes ${eventTypes.join(', ') || 'no events yet'}`);
      return { path: ['eventType'], values };
    }
    if (!pathPattern.test(name)) throw problem(`"${name}" is neither eventType nor a path into the event such as event.productOrder.state`);
    return { path: name.split('.'), values };
  });
}

function decoded(text: string, problem: (message: string) => Error): string {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    throw problem(`"${text}" is not URL-encoded correctly`);
  }
}

export function matchesQuery(clauses: readonly QueryClause[], event: TmfEvent): boolean {
  return clauses.every((clause) => valuesAt(event, clause.path).some((value) => clause.values.includes(value)));
}

/** The scalar values at a path, through lists; nothing where the path leads nowhere. */
function valuesAt(node: unknown, path: readonly string[]): string[] {
  if (Array.isArray(node)) return node.flatMap((element) => valuesAt(element, path));
  if (path.length === 0) return node === null || typeof node === 'object' || node === undefined ? [] : [String(node)];
  if (node === null || typeof node !== 'object') return [];
  const [head, ...rest] = path;
  return Object.hasOwn(node, head!) ? valuesAt((node as Record<string, unknown>)[head!], rest) : [];
}

/**
 * The customer ids a query asks events of: the values of its clauses on a related party's id or
 * on the customer's own id. A customer's subscription may name only its own (it receives nothing
 * of anyone else's anyway; refusing says so at once).
 */
export function customerIdsNamed(clauses: readonly QueryClause[]): string[] {
  return clauses
    .filter((clause) => clause.path.join('.') === 'event.customer.id' || clause.path.slice(-2).join('.') === 'relatedParty.id')
    .flatMap((clause) => clause.values);
}
