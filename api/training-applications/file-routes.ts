import type { Context } from 'hono';
import { serviceDeps, type AppEnv } from '../http/context.ts';
import { resourceApp } from '../http/resource-app.ts';
import { routesOf } from '../http/route.ts';
import { bearerSecurity, errorResponses } from '../http/schemas.ts';
import { createApplicationFileService, type ApplicationFile } from './file-service.ts';
import { ApplicationIdParam, type ApplicationSide } from './views.ts';

const route = routesOf('Training applications');

// The document is our own HTML with escaped data; it still gets no scripts, frames or requests.
const DOCUMENT_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";

const OPERATION_PREFIX: Record<ApplicationSide, string> = { specialist: 'getMy', provider: 'getProvider' };

const fileRoute = (
  side: ApplicationSide,
  file: string,
  operation: string,
  summary: string,
  mediaType: string,
) =>
  route({
    method: 'get',
    path: `/{applicationId}/${file}`,
    operationId: `${OPERATION_PREFIX[side]}${operation}`,
    summary,
    security: bearerSecurity,
    request: { params: ApplicationIdParam },
    responses: {
      200: {
        description: 'The file',
        content: { [mediaType]: { schema: { type: 'string', format: 'binary' } } },
      },
      ...errorResponses(403, 404),
    },
  });

/** A private download: never cached, never sniffed. */
function sendFile(c: Context<AppEnv>, file: ApplicationFile): Response {
  c.header('Content-Type', file.contentType);
  c.header('Content-Disposition', file.fileName ? `attachment; filename="${file.fileName}"` : 'inline');
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Cache-Control', 'private, no-store');
  return typeof file.body === 'string' ? c.body(file.body, 200) : c.body(file.body, 200);
}

/**
 * The formed document and the signed scan of an application, for one side; mounted under that
 * side's applications (/v1/me/applications or /v1/providers/me/applications).
 */
export const applicationFileRoutes = (side: ApplicationSide) =>
  resourceApp()
    .openapi(
      fileRoute(
        side,
        'document.html',
        'ApplicationDocumentHtml',
        'The formed application document, to print',
        'text/html',
      ),
      async (c) => {
        const file = await createApplicationFileService(serviceDeps(c)).documentHtml(
          c.var.actor,
          side,
          c.req.valid('param').applicationId,
        );
        c.header('Content-Security-Policy', DOCUMENT_CSP);
        return sendFile(c, file);
      },
    )
    .openapi(
      fileRoute(
        side,
        'document.pdf',
        'ApplicationDocumentPdf',
        'The formed application document as PDF',
        'application/pdf',
      ),
      async (c) => {
        const file = await createApplicationFileService(serviceDeps(c)).documentPdf(
          c.var.actor,
          side,
          c.req.valid('param').applicationId,
        );
        return sendFile(c, file);
      },
    )
    .openapi(
      fileRoute(
        side,
        'scan',
        'ApplicationScan',
        'The signed scan of the application, as uploaded',
        'application/octet-stream',
      ),
      async (c) => {
        const file = await createApplicationFileService(serviceDeps(c)).scan(
          c.var.actor,
          side,
          c.req.valid('param').applicationId,
        );
        return sendFile(c, file);
      },
    );
