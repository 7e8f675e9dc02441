import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';

/**
 * The interactive API reference page: Swagger UI from the swagger-ui-dist package (static files,
 * no dependency, no CDN), served from the project itself so it works offline. The page and its
 * start script are ours; the script is a file rather than inline so the page runs under a
 * Content-Security-Policy without 'unsafe-inline' scripts.
 */
export interface DocsAsset {
  contentType: string;
  body: Buffer;
}

const swaggerUiDirectory = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/** The files of swagger-ui-dist the page loads, by the name it loads them under /docs/. */
const packageAssets: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

export function docsPageHtml(openApiPath: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Serverless BSS API reference</title>
    <link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
    <link rel="stylesheet" href="/docs/swagger-ui.css">
  </head>
  <body>
    <div id="swagger-ui" data-openapi-url="${openApiPath}"></div>
    <script src="/docs/swagger-ui-bundle.js"></script>
    <script src="/docs/start.js"></script>
  </body>
</html>
`;
}

/** Starts Swagger UI on the document the page names; "Try it out" calls the same origin. */
const startScript = `const root = document.getElementById('swagger-ui');
window.ui = SwaggerUIBundle({
  url: root.dataset.openapiUrl,
  domNode: root,
  deepLinking: true,
  persistAuthorization: true,
  displayRequestDuration: true,
  tryItOutEnabled: false,
});
`;

const cache = new Map<string, DocsAsset>();

/** An asset under /docs/ by file name, or undefined when the page has no such file. */
export function docsAsset(name: string): DocsAsset | undefined {
  if (name === 'start.js') return { contentType: 'text/javascript; charset=utf-8', body: Buffer.from(startScript) };
  const contentType = packageAssets[name];
  if (contentType === undefined) return undefined;
  let asset = cache.get(name);
  if (!asset) {
    asset = { contentType, body: readFileSync(resolve(swaggerUiDirectory, name)) };
    cache.set(name, asset);
  }
  return asset;
}
