import type { ApplicationStatus } from '../../db/entities/training-application.ts';
import {
  findApplication,
  listApplications,
  type ApplicationRow,
} from '../../db/queries/training-applications.ts';
import { completeApplicationUpdate, decideApplicationUpdate } from '../../workflows/training-application.ts';
import { requireProvider } from '../http/access.ts';
import type { Actor, ServiceDeps } from '../http/context.ts';
import { decodeCursor, encodeCursor, keysetId } from '../http/cursor.ts';
import { notFound } from '../http/errors.ts';
import { runApplicationUpdate } from './process-updates.ts';
import type { Decision } from './views.ts';

/** A provider's side of training applications: those submitted for its programmes, and its decisions. */
export function createProviderApplicationService(deps: ServiceDeps) {
  const { em, log } = deps;

  /** An application submitted for one of the provider's own programmes; any other is 404. */
  async function providerApplication(
    actor: Actor | undefined,
    applicationId: string,
  ): Promise<ApplicationRow> {
    const { providerId } = requireProvider(actor);
    const application = await findApplication(em.fork(), { providerId }, applicationId);
    if (!application) throw notFound('application');
    return application;
  }

  return {
    /** Applications sent to the provider (not drafts), newest first. */
    async list(
      actor: Actor | undefined,
      query: { limit: number; cursor?: string | undefined; status?: ApplicationStatus | undefined },
    ): Promise<{ items: ApplicationRow[]; nextCursor: string | null }> {
      const { providerId } = requireProvider(actor);
      const { limit, status } = query;
      const afterId = keysetId(decodeCursor(query.cursor, 1));
      const rows = await listApplications(em, { providerId }, { status, limit, afterId });
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.id]) : null };
    },

    /** Enrols the specialist or rejects the submitted application (a rejection says why). */
    async decide(actor: Actor | undefined, applicationId: string, input: Decision): Promise<ApplicationRow> {
      const { decision, reason } = input;
      await providerApplication(actor, applicationId);
      await runApplicationUpdate(deps, applicationId, decision === 'enrolled' ? 'enrol' : 'reject', (h) =>
        h.executeUpdate(decideApplicationUpdate, { args: [{ decision, ...(reason ? { reason } : {}) }] }),
      );
      log.info({ applicationId, decision }, 'training application decided');
      return providerApplication(actor, applicationId);
    },

    /** The programme is completed; the credits follow. Repeating it changes nothing. */
    async complete(actor: Actor | undefined, applicationId: string): Promise<ApplicationRow> {
      const application = await providerApplication(actor, applicationId);
      // A repeated report (a retry after a timeout) answers as the first did; credits come once anyway.
      if (application.status !== 'completed' && application.status !== 'credited') {
        await runApplicationUpdate(deps, applicationId, 'complete', (h) =>
          h.executeUpdate(completeApplicationUpdate),
        );
      }
      return providerApplication(actor, applicationId);
    },
  };
}
