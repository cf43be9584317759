import { TrainingApplicationDocument, TrainingApplicationSignature } from '../../db/entities/index.ts';
import { findApplication, type ApplicationOwner } from '../../db/queries/training-applications.ts';
import { requireProvider, requireSpecialist } from '../http/access.ts';
import type { Actor, ServiceDeps } from '../http/context.ts';
import { notFound } from '../http/errors.ts';
import type { ApplicationSide } from './views.ts';

/** A file to send: its bytes (or text), media type and suggested name. */
export interface ApplicationFile {
  body: string | Uint8Array<ArrayBuffer>;
  contentType: string;
  /** For Content-Disposition; null: shown inline. */
  fileName: string | null;
}

/** The formed application document (as it was when formed) and the signed scan, for each side. */
export function createApplicationFileService({ em }: ServiceDeps) {
  /** The specialist's own application, or one submitted for the provider's programmes; 404 otherwise. */
  async function visibleApplicationId(
    actor: Actor | undefined,
    side: ApplicationSide,
    applicationId: string,
  ): Promise<string> {
    const owner: ApplicationOwner =
      side === 'specialist'
        ? { specialistId: (await requireSpecialist(em, actor)).id }
        : { providerId: requireProvider(actor).providerId };
    const application = await findApplication(em, owner, applicationId);
    if (!application) throw notFound('application');
    return application.id;
  }

  async function formedDocument(
    actor: Actor | undefined,
    side: ApplicationSide,
    applicationId: string,
    part: 'html' | 'pdf',
  ) {
    const id = await visibleApplicationId(actor, side, applicationId);
    const document = await em.findOne(TrainingApplicationDocument, id, { populate: [part] });
    if (!document) throw notFound('document (the application has not been formed yet)');
    return document;
  }

  return {
    async documentHtml(actor: Actor | undefined, side: ApplicationSide, applicationId: string) {
      const document = await formedDocument(actor, side, applicationId, 'html');
      return {
        body: document.html,
        contentType: 'text/html; charset=UTF-8',
        fileName: null,
      } satisfies ApplicationFile;
    },

    async documentPdf(actor: Actor | undefined, side: ApplicationSide, applicationId: string) {
      const document = await formedDocument(actor, side, applicationId, 'pdf');
      return {
        body: new Uint8Array(document.pdf),
        contentType: 'application/pdf',
        fileName: `application-${applicationId}.pdf`,
      } satisfies ApplicationFile;
    },

    async scan(actor: Actor | undefined, side: ApplicationSide, applicationId: string) {
      const id = await visibleApplicationId(actor, side, applicationId);
      const scan = await em.findOne(
        TrainingApplicationSignature,
        { applicationId: id, method: 'scan', acceptedAt: { $ne: null } },
        { populate: ['content'] },
      );
      if (!scan?.content || !scan.contentType) throw notFound('scan');
      const extension = scan.contentType.split('/')[1]!.replace('jpeg', 'jpg');
      return {
        body: new Uint8Array(scan.content),
        contentType: scan.contentType,
        fileName: `application-${id}-scan.${extension}`,
      } satisfies ApplicationFile;
    },
  };
}
