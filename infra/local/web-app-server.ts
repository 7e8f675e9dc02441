import type { IncomingMessage, ServerResponse } from 'node:http';
import { filePathPattern, type BuiltApp } from '../web/web-build.js';
import { pageSecurityHeaders } from './page-security-headers.js';

/**
 * The web apps on the API's origin (docs/web.md): GET /portal/... and /agent/..., from the
 * build the runtime made at start. Hashed assets are cached for ever; any other path under an
 * app is its index.html, since the app routes in the browser, unless it names a file (it has
 * an extension): a missing one is a 404, as on CloudFront (infra/aws/web-hosting.ts, where S3
 * answers 403). There is no config.json: its absence tells the apps they run here. When the build failed, the apps answer 503 with the reason and
 * the API goes on working.
 */
export class WebAppServer {
  private readonly files = new Map<string, { contentType: string; body: Uint8Array }>();
  private readonly failure: string | undefined;

  constructor(
    private readonly apps: readonly string[],
    build: { apps: BuiltApp[] } | { error: string },
  ) {
    if ('error' in build) this.failure = build.error;
    else for (const app of build.apps) for (const file of app.files) this.files.set(`/${app.name}/${file.path}`, file);
  }

  handles(request: IncomingMessage): boolean {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    const path = pathOf(request);
    return this.apps.some((app) => path === `/${app}` || path.startsWith(`/${app}/`));
  }

  readonly requestListener = (request: IncomingMessage, response: ServerResponse): void => {
    const path = pathOf(request);
    const app = this.apps.find((name) => path === `/${name}` || path.startsWith(`/${name}/`))!;
    if (path === `/${app}`) {
      response.writeHead(301, { location: `/${app}/` }).end();
      return;
    }
    if (this.failure) return send(request, response, 503, 'text/plain; charset=utf-8', new TextEncoder().encode(`the web apps could not be built: ${this.failure}\n`), 'no-store');
    const asset = this.files.get(path);
    if (asset) return send(request, response, 200, asset.contentType, asset.body, 'public, max-age=31536000, immutable');
    // A missing file is a 404, not the page: a stale tab asking for an old bundle must fail
    // plainly, and config.json, which only AWS deployments have, must be seen to be absent.
    if (path.startsWith(`/${app}/assets/`) || filePathPattern.test(path)) return send(request, response, 404, 'text/plain; charset=utf-8', new TextEncoder().encode('no such file\n'), 'no-store');
    send(request, response, 200, 'text/html; charset=utf-8', this.files.get(`/${app}/index.html`)!.body, 'no-cache');
  };
}

function pathOf(request: IncomingMessage): string {
  return new URL(request.url ?? '/', 'http://localhost').pathname;
}

function send(request: IncomingMessage, response: ServerResponse, status: number, contentType: string, body: Uint8Array, cacheControl: string): void {
  response.writeHead(status, { ...pageSecurityHeaders, 'content-type': contentType, 'content-length': body.length, 'cache-control': cacheControl });
  response.end(request.method === 'HEAD' ? undefined : body);
}
