import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { TrainingApplicationDocument, TrainingApplicationSignature } from '../../db/entities/index.ts';
import type { AppEnv } from '../http/context.ts';
import { notFound } from '../http/errors.ts';
import { requireProvider, requireSpecialist } from '../http/middleware/auth.ts';
import { resourceApp } from '../http/resource-app.ts';
import { bearerSecurity, errorResponses } from '../http/schemas.ts';
import { findApplication, type ApplicationOwner } from '../training-application-view.ts';
import { ApplicationIdParam } from './training-applications.ts';

// The document is our own HTML with escaped data; it still gets no scripts, frames or requests.
const DOCUMENT_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";

type Who = 'specialist' | 'provider';
const PREFIX: Record<Who, string> = {
  specialist: '/v1/me/applications',
  provider: '/v1/providers/me/applications',
};

const fileRoute = (who: Who, file: string, summary: string, mediaType: string) =>
  createRoute({
    method: 'get',
    path: `${PREFIX[who]}/{applicationId}/${file}`,
    summary,
    security: bearerSecurity,
    request: { params: ApplicationIdParam },
    responses: {
      200: {
        description: 'The file',
        content: { [mediaType]: { schema: { type: 'string', format: 'binary' } } },
      },
      ...errorResponses(401, 403, 404),
    },
  });

/** The specialist's own application, or one submitted for the provider's programmes; 404 otherwise. */
async function visibleApplicationId(c: Context<AppEnv>, who: Who, applicationId: string): Promise<string> {
  const owner: ApplicationOwner =
    who === 'specialist'
      ? { specialistId: (await requireSpecialist(c)).id }
      : { providerId: requireProvider(c).providerId };
  const application = await findApplication(c.var.em, owner, applicationId);
  if (!application) throw notFound('application');
  return application.id;
}

async function formedDocument(c: Context<AppEnv>, who: Who, applicationId: string, part: 'html' | 'pdf') {
  const id = await visibleApplicationId(c, who, applicationId);
  const document = await c.var.em.findOne(TrainingApplicationDocument, id, { populate: [part] });
  if (!document) throw notFound('document (the application has not been formed yet)');
  return document;
}

function privateFile(c: Context<AppEnv>, contentType: string, disposition: string): void {
  c.header('Content-Type', contentType);
  c.header('Content-Disposition', disposition);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Cache-Control', 'private, no-store');
}

/** The formed document (as it was when formed) and the signed scan, for each side. */
function fileRoutes(who: Who) {
  return resourceApp()
    .openapi(
      fileRoute(who, 'document.html', 'The formed application document, to print', 'text/html'),
      async (c) => {
        const document = await formedDocument(c, who, c.req.valid('param').applicationId, 'html');
        c.header('Content-Security-Policy', DOCUMENT_CSP);
        privateFile(c, 'text/html; charset=UTF-8', 'inline');
        return c.body(document.html, 200);
      },
    )
    .openapi(
      fileRoute(who, 'document.pdf', 'The formed application document as PDF', 'application/pdf'),
      async (c) => {
        const { applicationId } = c.req.valid('param');
        const document = await formedDocument(c, who, applicationId, 'pdf');
        privateFile(c, 'application/pdf', `attachment; filename="application-${applicationId}.pdf"`);
        return c.body(new Uint8Array(document.pdf), 200);
      },
    )
    .openapi(
      fileRoute(who, 'scan', 'The signed scan of the application, as uploaded', 'application/octet-stream'),
      async (c) => {
        const id = await visibleApplicationId(c, who, c.req.valid('param').applicationId);
        const scan = await c.var.em.findOne(
          TrainingApplicationSignature,
          { applicationId: id, method: 'scan', acceptedAt: { $ne: null } },
          { populate: ['content'] },
        );
        if (!scan?.content || !scan.contentType) throw notFound('scan');
        const extension = scan.contentType.split('/')[1]!.replace('jpeg', 'jpg');
        privateFile(c, scan.contentType, `attachment; filename="application-${id}-scan.${extension}"`);
        return c.body(new Uint8Array(scan.content), 200);
      },
    );
}

export const trainingApplicationDocumentRoutes = fileRoutes('specialist');
export const providerApplicationFileRoutes = fileRoutes('provider');
