import { jsonResponse } from '../lib/http/responses.js';
import { eventSchemas } from './api-reference-documents.js';
import { publicAnswer, referenceCaching } from './api-reference-answers.js';

/** GET /events/schemas: every domain event's published JSON Schema, with its source, detail-type and version. */
export const handler = publicAnswer(async () => jsonResponse(200, await eventSchemas(), referenceCaching));
