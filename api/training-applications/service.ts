import { z } from '@hono/zod-openapi';
import type { EntityManager } from '@mikro-orm/postgresql';
import { msToNumber } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import { Specialist, TrainingApplication, TrainingApplicationSignature } from '../../db/entities/index.ts';
import type { ApplicationStatus } from '../../db/entities/training-application.ts';
import {
  findApplication,
  listApplications,
  type ApplicationRow,
} from '../../db/queries/training-applications.ts';
import { detectScanType, MAX_SCAN_BYTES } from '../../domain/scan-file.ts';
import { startTrainingApplication } from '../../processes/training-application.ts';
import {
  cancelApplicationUpdate,
  formApplicationUpdate,
  submitApplicationUpdate,
  signApplicationUpdate,
} from '../../workflows/training-application.ts';
import { requireSpecialist, type UserActor } from '../http/access.ts';
import { processClient, type Actor, type ServiceDeps } from '../http/context.ts';
import { decodeCursor, encodeCursor, keysetId } from '../http/cursor.ts';
import { ApiError, conflict, invalidField, notFound } from '../http/errors.ts';
import { startTemporalOr503 } from '../http/temporal.ts';
import { checkApplicationTarget, normalizeForm } from './application-checks.ts';
import { invalidTransition, runApplicationUpdate } from './process-updates.ts';
import type { NewApplication } from './views.ts';

/** Used when the API runs without APPLICATION_CREDIT_GRACE (tests that do not care). */
const DEFAULT_CREDIT_GRACE_MS = msToNumber('30 days');

/** What «Подписать» sends: a scan (multipart) or `{confirm: true}` (JSON). */
export interface SignatureInput {
  scan?: unknown;
  confirm?: unknown;
}

/** A stored, not yet accepted signature: the scan's bytes never travel through Temporal. */
async function storeSignature(
  em: EntityManager,
  applicationId: string,
  body: SignatureInput,
): Promise<string> {
  const id = randomUUID();
  if (body.confirm === true) {
    em.create(TrainingApplicationSignature, { id, applicationId, method: 'confirmation' });
  } else {
    const scan = body.scan;
    if (!(scan instanceof File)) {
      throw invalidField(
        'scan',
        'upload the signed scan as the multipart field "scan", or send {"confirm": true}',
      );
    }
    if (scan.size > MAX_SCAN_BYTES) {
      throw new ApiError(413, 'payload_too_large', `the scan is larger than ${MAX_SCAN_BYTES} bytes`, {
        fields: [{ field: 'scan', message: 'at most 10 MB' }],
      });
    }
    const content = Buffer.from(await scan.arrayBuffer());
    const contentType = detectScanType(content);
    if (!contentType) throw invalidField('scan', 'the scan must be a PDF, JPEG or PNG file');
    em.create(TrainingApplicationSignature, {
      id,
      applicationId,
      method: 'scan',
      fileName: scan.name.slice(0, 255) || null,
      contentType,
      sizeBytes: content.length,
      content,
    });
  }
  await em.flush();
  return id;
}

/** A specialist's training applications (заявки на обучение по ДПП ПК), each run by its own process. */
export function createTrainingApplicationService(deps: ServiceDeps) {
  const { em, env, log } = deps;

  /** The logged-in specialist's own application; anyone else's is 404, as if it did not exist. */
  async function own(actor: Actor | undefined, applicationId: string): Promise<ApplicationRow> {
    const specialist = await requireSpecialist(em, actor);
    const application = await findApplication(em, { specialistId: specialist.id }, applicationId);
    if (!application) throw notFound('application');
    return application;
  }

  /** The application as it is after an action (read afresh: the workflow's activities changed it). */
  const reloaded = async (application: ApplicationRow): Promise<ApplicationRow> =>
    (await findApplication(em.fork(), { specialistId: application.specialistId }, application.id))!;

  return {
    /** A draft for a programme cycle of the cycle's specialty; its process starts at once. */
    async create(actor: Actor | undefined, input: NewApplication): Promise<ApplicationRow> {
      const specialist = await requireSpecialist(em, actor);
      const form = normalizeForm(input.form);
      await checkApplicationTarget(em, specialist.id, input.cycleId, input.programmeCycleId);
      const open = await em.findOne(TrainingApplication, {
        specialistId: specialist.id,
        programmeCycleId: input.programmeCycleId,
        status: { $nin: ['cancelled', 'rejected'] },
      });
      if (open) {
        throw conflict(
          'application_exists',
          `you already have an application for this programme cycle: ${open.id}`,
        );
      }
      const application = em.create(TrainingApplication, {
        id: randomUUID(),
        specialistId: specialist.id,
        cycleId: input.cycleId,
        programmeCycleId: input.programmeCycleId,
        status: 'draft',
        form,
      });
      await em.flush();
      await startTemporalOr503(
        log,
        () =>
          startTrainingApplication(processClient(deps), {
            applicationId: application.id,
            creditGraceMs: env.APPLICATION_CREDIT_GRACE ?? DEFAULT_CREDIT_GRACE_MS,
          }),
        () => em.fork().nativeDelete(TrainingApplication, { id: application.id }),
      );
      log.info(
        { applicationId: application.id, specialistId: specialist.id },
        'training application created',
      );
      return (await findApplication(em.fork(), { specialistId: specialist.id }, application.id))!;
    },

    /** My applications, newest first. */
    async list(
      actor: Actor | undefined,
      query: { limit: number; cursor?: string | undefined; status?: ApplicationStatus | undefined },
    ): Promise<{ items: ApplicationRow[]; nextCursor: string | null }> {
      const specialist = await requireSpecialist(em, actor);
      const { limit, status } = query;
      const afterId = keysetId(decodeCursor(query.cursor, 1));
      const rows = await listApplications(em, { specialistId: specialist.id }, { status, limit, afterId });
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.id]) : null };
    },

    get: own,

    /** «Сформировать»: the workflow renders the document (HTML and PDF). */
    async form(actor: Actor | undefined, applicationId: string): Promise<ApplicationRow> {
      const application = await own(actor, applicationId);
      await runApplicationUpdate(deps, application.id, 'form', (h) => h.executeUpdate(formApplicationUpdate));
      return reloaded(application);
    },

    /** Signs the formed application with an uploaded scan or an electronic confirmation. */
    async sign(
      actor: Actor | undefined,
      applicationId: string,
      body: SignatureInput,
    ): Promise<ApplicationRow> {
      const application = await own(actor, applicationId);
      // Checked before a 10 MB upload is written; the workflow decides again when it accepts it.
      if (application.status !== 'formed') throw invalidTransition(application.status, 'sign');
      const signatureId = await storeSignature(em, application.id, body);
      try {
        await runApplicationUpdate(deps, application.id, 'sign', (h) =>
          h.executeUpdate(signApplicationUpdate, { args: [{ signatureId }], updateId: signatureId }),
        );
      } catch (err) {
        await em.fork().nativeDelete(TrainingApplicationSignature, { id: signatureId, acceptedAt: null });
        throw err;
      }
      return reloaded(application);
    },

    async submit(actor: Actor | undefined, applicationId: string): Promise<ApplicationRow> {
      const application = await own(actor, applicationId);
      await runApplicationUpdate(deps, application.id, 'submit', (h) =>
        h.executeUpdate(submitApplicationUpdate),
      );
      return reloaded(application);
    },

    /** Withdraws the application; possible until the provider enrols. */
    async cancel(actor: Actor | undefined, applicationId: string): Promise<ApplicationRow> {
      const application = await own(actor, applicationId);
      await runApplicationUpdate(deps, application.id, 'cancel', (h) =>
        h.executeUpdate(cancelApplicationUpdate),
      );
      return reloaded(application);
    },

    /**
     * For the application's page: the logged-in user's own application; 404 alike when they have no
     * specialist profile, the id is not theirs, or not an id at all.
     */
    async getForPage(actor: UserActor, applicationId: string): Promise<ApplicationRow> {
      const specialist = await em.findOne(Specialist, { userId: actor.userId });
      const application =
        specialist && z.uuid().safeParse(applicationId).success
          ? await findApplication(em, { specialistId: specialist.id }, applicationId)
          : undefined;
      if (!application) throw notFound('application');
      return application;
    },
  };
}
