import type { IncomingMessage, ServerResponse } from 'node:http';
import { docsAsset, docsPageHtml } from '../api-reference/docs-page.js';

/** Where the page is, and the document it shows (a topology route, GET /openapi.json). */
export const docsPaths = { page: '/docs', openApi: '/openapi.json' } as const;

/**
 * The interactive API reference on the local API port, beside the gateway: GET /docs and its
 * Swagger UI assets under /docs/, from the project's own node_modules, so it works offline. The
 * document it shows is served by the gateway like any route.
 */
export class DocsPageServer {
  /** Whether the request is for the page; anything else goes to the gateway. */
  handles(request: IncomingMessage): boolean {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    const path = pathOf(request);
    return path === docsPaths.page || path.startsWith(`${docsPaths.page}/`);
  }

  readonly requestListener = (request: IncomingMessage, response: ServerResponse): void => {
    const path = pathOf(request);
    if (path === docsPaths.page || path === `${docsPaths.page}/`) return send(response, 200, 'text/html; charset=utf-8', Buffer.from(docsPageHtml(docsPaths.openApi)));
    const asset = docsAsset(path.slice(docsPaths.page.length + 1));
    if (asset) return send(response, 200, asset.contentType, asset.body);
    send(response, 404, 'application/json; charset=utf-8', Buffer.from(JSON.stringify({ code: 'NOT_FOUND', reason: 'Not Found', message: `no resource at ${path}`, status: '404', '@type': 'Error' })));
  };
}

function pathOf(request: IncomingMessage): string {
  return new URL(request.url ?? '/', 'http://localhost').pathname;
}

function send(response: ServerResponse, status: number, contentType: string, body: Buffer): void {
  response.writeHead(status, { 'content-type': contentType, 'content-length': body.length, 'cache-control': 'no-cache' });
  response.end(body);
}
