import { openApiDocumentText } from './api-reference-documents.js';
import { baseUrlOf, publicAnswer, referenceCaching } from './api-reference-answers.js';

/** Kept per base URL the API is reached by. */
const documents = new Map<string, string>();

/** GET /openapi.json: the OpenAPI 3.1 document of the API, generated from the topology and its schemas. */
export const handler = publicAnswer(async (event) => {
  const serverUrl = baseUrlOf(event);
  let document = documents.get(serverUrl);
  if (document === undefined) {
    document = await openApiDocumentText(serverUrl);
    documents.set(serverUrl, document);
  }
  return { statusCode: 200, headers: { 'content-type': 'application/json;charset=utf-8', ...referenceCaching }, body: document };
});
