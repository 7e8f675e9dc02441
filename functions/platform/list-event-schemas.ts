import { publishedEventSchemas } from '../../infra/api-reference/event-schemas.js';
import { jsonResponse } from '../lib/http/responses.js';
import { publicAnswer, referenceCaching } from './api-reference-answers.js';

/** GET /events/schemas: every domain event's published JSON Schema, with its source, detail-type and version. */
export const handler = publicAnswer(() => jsonResponse(200, publishedEventSchemas(), referenceCaching));
