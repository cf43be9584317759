import { z } from '@hono/zod-openapi';
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { PayslipPublication, PayslipPublicationPayload, Service } from '../../db/entities/index.ts';
import { periodLabel } from '../../domain/payslip.ts';
import { startPayslipPublication } from '../../processes/payslip-publication.ts';
import { payslipPublicationWorkflowId } from '../../workflows/ids.ts';
import { requireOrganizationAdmin } from '../http/access.ts';
import { processClient, type Actor, type ServiceDeps } from '../http/context.ts';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';
import { ApiError, conflict, notFound } from '../http/errors.ts';
import { startTemporalOr503 } from '../http/temporal.ts';
import { checkPayslipRows, resolvePayslipEmployees } from './publication-input.ts';
import { listPublications, publicationProgress, type PublicationProgress } from './publication-progress.ts';
import type { PublicationAccepted, PublicationInput } from './views.ts';

const DAY_MS = 24 * 3600_000;

/** A period's payslips published by the organization (its HR system), and each publication's totals. */
export function createPayslipPublicationService(deps: ServiceDeps) {
  const { em, env, log } = deps;
  return {
    /**
     * Stores the payslips of the employees it finds and starts the process that notifies them (within
     * the send window) and reminds them; rows naming unknown employees are reported, not published.
     */
    async publish(
      actor: Actor | undefined,
      organizationId: string,
      input: PublicationInput,
    ): Promise<PublicationAccepted> {
      await requireOrganizationAdmin(em, actor, organizationId);
      const started = performance.now();
      const rows = checkPayslipRows(input.payslips);
      const validatedAt = performance.now();
      const service = await em.findOne(Service, organizationId);
      if (!service || service.status === 'expired' || service.status === 'connecting') {
        throw conflict(
          'service_not_active',
          'connect the service (and keep it active) before publishing payslips',
        );
      }
      const resolved = await resolvePayslipEmployees(em, organizationId, rows);
      const resolvedAt = performance.now();
      if (resolved.rows.length === 0) {
        throw new ApiError(
          422,
          'no_known_employees',
          'none of the payslips names an employee of this organization',
          {
            fields: [{ field: 'payslips', message: 'no known employees' }],
            unknownCount: resolved.unknownCount,
            unknown: resolved.unknown,
          },
        );
      }
      const publicationId = randomUUID();
      const workflowId = payslipPublicationWorkflowId(publicationId);
      const total = resolved.rows.length;
      // Milliseconds, as JavaScript keeps them: the keyset cursors of both lists compare exactly.
      const createdAt = new Date();
      // Stored as one compressed value; the process's first activity turns it into rows (set-based, in
      // chunks): inserting 10,000 rows here would make the answer seconds slower.
      const payload = gzipSync(
        JSON.stringify(resolved.rows.map((r) => ({ employee_id: r.employeeId, content: r.content }))),
      );
      await em.transactional(async (tx) => {
        tx.create(PayslipPublication, {
          id: publicationId,
          organizationId,
          period: input.period,
          title: input.title ?? `Расчётный листок за ${periodLabel(input.period)}`,
          total,
          status: 'publishing',
          workflowId,
          createdAt,
        });
        await tx.flush();
        tx.create(PayslipPublicationPayload, { publicationId, payload });
        await tx.flush();
      });
      const insertedAt = performance.now();
      await startTemporalOr503(
        log,
        () =>
          startPayslipPublication(
            processClient(deps),
            {
              publicationId,
              organizationId,
              linkBase: env.PUBLIC_URL,
              reminderDayMs: env.PAYSLIP_REMINDER_DAY ?? DAY_MS,
            },
            `Расчётные листки за ${periodLabel(input.period)}: ${total} сотрудников`,
          ),
        () => em.fork().nativeDelete(PayslipPublication, { id: publicationId }),
      );
      log.info(
        {
          organizationId,
          publicationId,
          total,
          unknown: resolved.unknownCount,
          ms: {
            validate: Math.round(validatedAt - started),
            resolve: Math.round(resolvedAt - validatedAt),
            insert: Math.round(insertedAt - resolvedAt),
            start: Math.round(performance.now() - insertedAt),
          },
        },
        'payslip publication accepted',
      );
      return {
        publicationId,
        workflowId,
        total,
        unknownCount: resolved.unknownCount,
        unknown: resolved.unknown,
      };
    },

    /** Live totals of one publication: sent, delivered, opened, acknowledged, failed, reminded. */
    async progress(
      actor: Actor | undefined,
      organizationId: string,
      publicationId: string,
    ): Promise<PublicationProgress> {
      await requireOrganizationAdmin(em, actor, organizationId);
      const progress = await publicationProgress(em, organizationId, publicationId);
      if (!progress) throw notFound('publication');
      return progress;
    },

    /** Publications, newest first, each with its totals; keyset over (created_at, id). */
    async list(
      actor: Actor | undefined,
      organizationId: string,
      page: { limit: number; cursor?: string },
    ): Promise<{ items: PublicationProgress[]; nextCursor: string | null }> {
      await requireOrganizationAdmin(em, actor, organizationId);
      const after = decodeCursor(page.cursor, 2);
      if (after && (Number.isNaN(Date.parse(after[0]!)) || !z.uuid().safeParse(after[1]).success)) {
        throw new ApiError(400, 'invalid_cursor', 'cursor is not one this API gave out', { field: 'cursor' });
      }
      const { items, more } = await listPublications(
        em,
        organizationId,
        page.limit,
        after && { createdAt: after[0]!, id: after[1]! },
      );
      const last = items.at(-1);
      return {
        items,
        nextCursor: more && last ? encodeCursor([last.createdAt.toISOString(), last.publicationId]) : null,
      };
    },
  };
}
