// The API docs at /docs: Swagger UI from the swagger-ui-dist package, served by the API itself, so the
// page works with no network beyond this server and under a same-origin-only content policy.
import { Hono } from 'hono';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { AppEnv } from './context.ts';

const DIST = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/** What the page loads; nothing else from the package is served. */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};
const cache = new Map<string, Buffer>();
const asset = (name: string): Buffer => {
  let body = cache.get(name);
  if (!body) cache.set(name, (body = readFileSync(join(DIST, name))));
  return body;
};

// Swagger UI sets style attributes on its elements, hence 'unsafe-inline' for styles only.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>kabinet API</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
  <link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui" data-openapi="/openapi.json"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>
`;

// "Authorize" takes the operator token, an organization key or a session token; it is kept in this
// browser's storage only, and "Try it out" sends requests to this same server.
const INIT = `window.addEventListener('load', function () {
  var root = document.getElementById('swagger-ui');
  window.ui = SwaggerUIBundle({
    url: root.dataset.openapi,
    dom_id: '#swagger-ui',
    deepLinking: true,
    persistAuthorization: true,
    displayOperationId: true,
    tryItOutEnabled: false,
  });
});
`;

export const docsRoutes = new Hono<AppEnv>()
  .use('/docs', async (c, next) => {
    c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    await next();
  })
  .get('/docs', (c) => c.html(PAGE))
  .get('/docs/init.js', (c) => c.body(INIT, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }))
  .get('/docs/:asset', (c) => {
    const name = c.req.param('asset');
    const type = ASSETS[name];
    if (!type) return c.notFound();
    return c.body(new Uint8Array(asset(name)), 200, {
      'Content-Type': type,
      'Cache-Control': 'public, max-age=86400',
    });
  });
