import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { docsAsset, docsPageHtml } from '../api-reference/docs-page.js';
import { publishedEventSchemas } from '../api-reference/event-schemas.js';
import { openApiDocument, packageVersion } from '../api-reference/openapi-document.js';
import type { BoundedContext } from '../topology.js';

export const apiReferencePaths = { openApi: '/openapi.json', docs: '/docs', eventSchemas: '/events/schemas' } as const;

export interface ApiReferenceServerOptions {
  contexts: readonly BoundedContext[];
  repositoryRoot: string;
  /** The API's own URL, the document's server. */
  apiUrl: () => string;
}

/**
 * The API reference on the local API port, beside the gateway: GET /openapi.json (the OpenAPI
 * document), /docs (the interactive page and its assets), /events/schemas (every event's
 * published schema) and /events/schemas/<source>@<detail-type>. Public and read-only, like the
 * documents published with a deployment. Everything is built on first request and kept: it
 * depends only on the code.
 */
export class ApiReferenceServer {
  private openApi: Buffer | undefined;
  private eventSchemas: ReturnType<typeof publishedEventSchemas> | undefined;

  constructor(private readonly options: ApiReferenceServerOptions) {}

  /** Whether the request is for the reference; anything else goes to the gateway. */
  handles(request: IncomingMessage): boolean {
    const path = pathOf(request);
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    return path === apiReferencePaths.openApi || path === apiReferencePaths.docs || path.startsWith(`${apiReferencePaths.docs}/`) || path === apiReferencePaths.eventSchemas || path.startsWith(`${apiReferencePaths.eventSchemas}/`);
  }

  readonly requestListener = (request: IncomingMessage, response: ServerResponse): void => {
    const path = pathOf(request);
    if (path === apiReferencePaths.openApi) return send(response, 200, 'application/json; charset=utf-8', this.openApiDocument());
    if (path === apiReferencePaths.docs || path === `${apiReferencePaths.docs}/`) return send(response, 200, 'text/html; charset=utf-8', Buffer.from(docsPageHtml(apiReferencePaths.openApi)));
    if (path.startsWith(`${apiReferencePaths.docs}/`)) {
      const asset = docsAsset(path.slice(apiReferencePaths.docs.length + 1));
      return asset ? send(response, 200, asset.contentType, asset.body) : notFound(response, path);
    }
    const schemas = (this.eventSchemas ??= publishedEventSchemas());
    if (path === apiReferencePaths.eventSchemas) return send(response, 200, 'application/json; charset=utf-8', Buffer.from(JSON.stringify(schemas)));
    const name = decoded(path.slice(apiReferencePaths.eventSchemas.length + 1));
    const one = schemas.find((candidate) => candidate.name === name);
    return one ? send(response, 200, 'application/schema+json; charset=utf-8', Buffer.from(JSON.stringify(one.schema))) : notFound(response, path);
  };

  private openApiDocument(): Buffer {
    this.openApi ??= Buffer.from(
      JSON.stringify(
        openApiDocument({
          contexts: this.options.contexts,
          serverUrl: this.options.apiUrl(),
          tmfDirectory: resolve(this.options.repositoryRoot, 'specs/tmf'),
          version: packageVersion(this.options.repositoryRoot),
        }),
      ),
    );
    return this.openApi;
  }
}

function pathOf(request: IncomingMessage): string {
  return new URL(request.url ?? '/', 'http://localhost').pathname;
}

/** A client may send `bss.customers%40CustomerCreated`; a malformed encoding names nothing. */
function decoded(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function send(response: ServerResponse, status: number, contentType: string, body: Buffer): void {
  response.writeHead(status, { 'content-type': contentType, 'content-length': body.length, 'cache-control': 'no-cache' });
  response.end(body);
}

function notFound(response: ServerResponse, path: string): void {
  send(response, 404, 'application/json; charset=utf-8', Buffer.from(JSON.stringify({ code: 'NOT_FOUND', reason: 'Not Found', message: `no resource at ${path}`, status: '404', '@type': 'Error' })));
}
