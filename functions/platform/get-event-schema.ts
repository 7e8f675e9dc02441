import { ApiError } from '../lib/http/api-error.js';
import { eventSchemas } from './api-reference-documents.js';
import { publicAnswer, referenceCaching } from './api-reference-answers.js';

/** GET /events/schemas/{name}: one event's JSON Schema, by <source>@<detail-type> (bss.customers@CustomerCreated). */
export const handler = publicAnswer(async (event) => {
  const name = event.pathParameters?.name ?? '';
  const published = (await eventSchemas()).find((candidate) => candidate.name === name);
  if (!published) throw ApiError.notFound('event schema', name.slice(0, 200));
  return { statusCode: 200, headers: { 'content-type': 'application/schema+json;charset=utf-8', ...referenceCaching }, body: JSON.stringify(published.schema) };
});
