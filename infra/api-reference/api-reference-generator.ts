import { contexts } from '../topology.js';
import { openApiDocument, type OpenApiDocument } from './openapi-document.js';

export { publishedEventSchemas } from './event-schemas.js';

/** What the reference functions generate when run from source (functions/platform/api-reference-documents.ts). */
export function generatedOpenApiDocument(serverUrl: string): OpenApiDocument {
  return openApiDocument({ contexts, serverUrl });
}
