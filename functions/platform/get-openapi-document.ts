import { openApiDocument } from '../../infra/api-reference/openapi-document.js';
import { contexts } from '../../infra/topology.js';
import { baseUrlOf, publicAnswer, referenceCaching } from './api-reference-answers.js';

/** Built on the first request, not at init, and kept per base URL the API is reached by. */
const documents = new Map<string, string>();

/** GET /openapi.json: the OpenAPI 3.1 document of the API, generated from the topology and its schemas. */
export const handler = publicAnswer((event) => {
  const serverUrl = baseUrlOf(event);
  let document = documents.get(serverUrl);
  if (document === undefined) {
    document = JSON.stringify(openApiDocument({ contexts, serverUrl }));
    documents.set(serverUrl, document);
  }
  return { statusCode: 200, headers: { 'content-type': 'application/json;charset=utf-8', ...referenceCaching }, body: document };
});
