import type { APIGatewayProxyEvent } from 'aws-lambda';
import { ApiError } from './api-error.js';

/**
 * Bounds on what a client puts in the URL, checked before any use case runs: path ids and query
 * values become parts of DynamoDB keys (2,048 bytes for a partition key, 1,024 for a sort key,
 * prefixes included), and a value past them is a client's mistake to answer with a 400, not a
 * key DynamoDB refuses with a 500. No id the API gives is longer than a few dozen characters.
 */
export const maxPathParameterBytes = 256;
/** A query value (a filter's comma-separated values together, `fields`…). */
export const maxQueryValueBytes = 2_048;

export function checkRequestBounds(event: Pick<APIGatewayProxyEvent, 'pathParameters' | 'multiValueQueryStringParameters' | 'queryStringParameters'>): void {
  const problems: { field: string; problem: string }[] = [];
  for (const [name, value] of Object.entries(event.pathParameters ?? {})) {
    if (value !== undefined && Buffer.byteLength(value, 'utf8') > maxPathParameterBytes) problems.push({ field: name, problem: `longer than ${maxPathParameterBytes} bytes` });
  }
  const query = event.multiValueQueryStringParameters ?? Object.fromEntries(Object.entries(event.queryStringParameters ?? {}).map(([name, value]) => [name, value === undefined ? [] : [value]]));
  for (const [name, values] of Object.entries(query)) {
    if (Buffer.byteLength(name, 'utf8') > maxQueryValueBytes || (values ?? []).some((value) => Buffer.byteLength(value, 'utf8') > maxQueryValueBytes)) {
      problems.push({ field: name.slice(0, 100), problem: `longer than ${maxQueryValueBytes} bytes` });
    }
  }
  if (problems.length > 0) throw ApiError.badRequest('the request URL has a value longer than the API accepts', problems);
}
