import type { EntityManager } from '@mikro-orm/postgresql';
import { ApplicationFailure } from '@temporalio/activity';
import { randomUUID } from 'node:crypto';
import {
  TrainingApplication,
  TrainingApplicationDocument,
  TrainingApplicationSignature,
} from '../db/entities/index.ts';
import { TRANSITIONS, type ApplicationAction } from '../domain/application-lifecycle.ts';
import { renderDocument } from '../templates/documents.ts';
import { chromiumHtmlToPdf, type HtmlToPdf } from '../templates/pdf.ts';
import type { ActivityDeps } from './deps.ts';
import { applicationDocumentData, loadApplicationDocumentRow } from './training-application-document.ts';

const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** The calendar day in Moscow, where the portal's dates are kept. */
const moscowDate = (at: Date): string => new Date(at.getTime() + 3 * 3600_000).toISOString().slice(0, 10);

const notFound = (applicationId: string) =>
  ApplicationFailure.create({
    type: 'ApplicationNotFound',
    nonRetryable: true,
    message: `no training application ${applicationId}`,
  });

/**
 * Mirrors a transition the workflow decided into the row. A retry of a write that already happened
 * finds the target state and is fine; any other state means the row and the process disagree.
 */
async function mirror(
  em: EntityManager,
  applicationId: string,
  action: ApplicationAction,
  now: Date,
  extra: { decisionReason?: string } = {},
): Promise<void> {
  const { from, to } = TRANSITIONS[action];
  const changed = await em.nativeUpdate(
    TrainingApplication,
    { id: applicationId, status: { $in: [...from] } },
    { status: to, updatedAt: now, ...extra },
  );
  if (changed > 0) return;
  const current = await em.findOne(TrainingApplication, applicationId, { fields: ['status'] });
  if (!current) throw notFound(applicationId);
  if (current.status === to) return;
  throw ApplicationFailure.create({
    type: 'ApplicationStateMismatch',
    nonRetryable: true,
    message: `application ${applicationId} is ${current.status} in the database; cannot ${action}`,
  });
}

/** The activities of the training-application workflow; `toPdf` is replaceable for tests. */
export function createTrainingApplicationActivities(
  { orm, clock, logger, settings }: ActivityDeps,
  toPdf: HtmlToPdf = chromiumHtmlToPdf(settings.chromiumPath ?? DEFAULT_CHROMIUM),
) {
  return {
    /** "Сформировать": renders the document (HTML and PDF) from today's data and keeps it. */
    async formTrainingApplication(input: { applicationId: string }): Promise<{ formedAt: string }> {
      const em = orm.em.fork();
      const row = await loadApplicationDocumentRow(em, input.applicationId);
      if (!row) throw notFound(input.applicationId);
      const formedAt = clock();
      const document = await renderDocument(
        'training-application',
        applicationDocumentData(row, moscowDate(formedAt)),
        toPdf,
      );
      await em.transactional(async (tx) => {
        await mirror(tx, input.applicationId, 'form', formedAt);
        await tx.upsert(TrainingApplicationDocument, {
          applicationId: input.applicationId,
          html: document.html,
          pdf: document.pdf,
          formedAt,
        });
      });
      logger.info(
        { applicationId: input.applicationId, pdfBytes: document.pdf.length },
        'training application formed',
      );
      return { formedAt: formedAt.toISOString() };
    },

    /** Accepts the stored scan or confirmation as the application's signature. */
    async acceptTrainingApplicationSignature(input: {
      applicationId: string;
      signatureId: string;
    }): Promise<void> {
      await orm.em.fork().transactional(async (em) => {
        const accepted = await em.nativeUpdate(
          TrainingApplicationSignature,
          { id: input.signatureId, applicationId: input.applicationId, acceptedAt: null },
          { acceptedAt: clock() },
        );
        if (accepted === 0) {
          const signature = await em.findOne(TrainingApplicationSignature, {
            id: input.signatureId,
            applicationId: input.applicationId,
          });
          if (!signature?.acceptedAt) {
            throw ApplicationFailure.create({
              type: 'SignatureNotFound',
              nonRetryable: true,
              message: `no signature ${input.signatureId} for application ${input.applicationId}`,
            });
          }
        }
        await mirror(em, input.applicationId, 'sign', clock());
      });
      logger.info({ applicationId: input.applicationId }, 'training application signed');
    },

    /** Submit, cancel, enrol, reject, complete: the state and, for a decision, its reason. */
    async setTrainingApplicationStatus(input: {
      applicationId: string;
      action: ApplicationAction;
      reason?: string;
    }): Promise<void> {
      const extra = input.reason ? { decisionReason: input.reason } : {};
      await mirror(orm.em.fork(), input.applicationId, input.action, clock(), extra);
      logger.info(
        { applicationId: input.applicationId, status: TRANSITIONS[input.action].to },
        'training application status changed',
      );
    },

    /** The last day of the programme cycle (YYYY-MM-DD), read when the provider enrols. */
    async trainingApplicationProgrammeEnd(input: { applicationId: string }): Promise<string> {
      const [row] = await orm.em.fork().execute<{ endsOn: string }[]>(
        `select pc.ends_on::text as "endsOn" from training_applications a
         join programme_cycles pc on pc.id = a.programme_cycle_id where a.id = ?`,
        [input.applicationId],
      );
      if (!row) throw notFound(input.applicationId);
      return row.endsOn;
    },

    /**
     * Credits the programme's ЗЕТ to the application's cycle and marks it credited. The entry is
     * unique per (source, source_id), so a retry or a second run never credits twice.
     */
    async creditTrainingApplication(input: { applicationId: string }): Promise<void> {
      await orm.em.fork().transactional(async (em) => {
        await em.execute(
          `insert into credit_entries (id, cycle_id, source, source_id, credits, credited_on)
           select ?, a.cycle_id, 'programme', a.id, e.credits, ?::date
           from training_applications a
           join programme_cycles pc on pc.id = a.programme_cycle_id
           join catalog_elements e on e.id = pc.element_id
           where a.id = ?
           on conflict (source, source_id) do nothing`,
          [randomUUID(), moscowDate(clock()), input.applicationId],
        );
        await mirror(em, input.applicationId, 'credit', clock());
      });
      logger.info({ applicationId: input.applicationId }, 'training application credited');
    },

    /** Marks the application as overdue for credits (once: a retry keeps the first time). */
    async flagTrainingApplication(input: { applicationId: string }): Promise<{ flaggedAt: string }> {
      const [row] = await orm.em.fork().execute<{ flaggedAt: Date }[]>(
        `update training_applications set flagged_at = coalesce(flagged_at, ?), updated_at = now()
         where id = ? returning flagged_at as "flaggedAt"`,
        [clock(), input.applicationId],
      );
      if (!row) throw notFound(input.applicationId);
      return { flaggedAt: new Date(row.flaggedAt).toISOString() };
    },

    /**
     * Tells the specialist and the provider that credits are overdue. A log line until the
     * notifications outbox exists; then this one activity writes to the outbox instead.
     */
    async notifyApplicationFlagged(input: { applicationId: string }): Promise<void> {
      const [row] = await orm.em.fork().execute<
        {
          specialistId: string;
          userId: string;
          providerId: string;
          programmeTitle: string;
          endsOn: string;
        }[]
      >(
        `select s.id as "specialistId", s.user_id as "userId", e.provider_id as "providerId",
                e.title as "programmeTitle", pc.ends_on::text as "endsOn"
         from training_applications a
         join specialists s on s.id = a.specialist_id
         join programme_cycles pc on pc.id = a.programme_cycle_id
         join catalog_elements e on e.id = pc.element_id
         where a.id = ?`,
        [input.applicationId],
      );
      if (!row) throw notFound(input.applicationId);
      const about = {
        applicationId: input.applicationId,
        programmeTitle: row.programmeTitle,
        endsOn: row.endsOn,
      };
      logger.warn(
        { ...about, recipient: 'specialist', specialistId: row.specialistId, userId: row.userId },
        'notify: no credits for the training application after the programme cycle ended',
      );
      logger.warn(
        { ...about, recipient: 'provider', providerId: row.providerId },
        'notify: no credits for the training application after the programme cycle ended',
      );
    },
  };
}
