import { Hono } from 'hono';
import { z } from 'zod';
import { Specialist } from '../../db/entities/index.ts';
import type { ApplicationStatus } from '../../db/entities/training-application.ts';
import type { AppEnv } from '../http/context.ts';
import { notFound } from '../http/errors.ts';
import { resolveActor } from '../http/middleware/auth.ts';
import { findApplication } from '../training-application-view.ts';
import { pageHeaders } from '../http/pages/page-headers.ts';
import { renderPage } from '../http/pages/render.ts';

const STATUS_LABELS: Record<ApplicationStatus, string> = {
  draft: 'Черновик',
  formed: 'Сформирована',
  signed: 'Подписана',
  submitted: 'Направлена в образовательную организацию',
  enrolled: 'Зачислен на обучение',
  rejected: 'Отклонена',
  completed: 'Обучение завершено',
  credited: 'ЗЕТ начислены',
  cancelled: 'Отменена',
};

const russianDate = (iso: string): string => iso.slice(0, 10).split('-').reverse().join('.');

/**
 * GET /applications/:id — the logged-in specialist's own application as a page: its state, the
 * programme, the document links, and that an application does not guarantee enrolment.
 */
export const applicationPage = new Hono<AppEnv>().get(
  '/applications/:id',
  pageHeaders,
  resolveActor,
  async (c) => {
    const actor = c.var.actor;
    if (actor?.kind !== 'user') return c.redirect('/login', 303);
    const id = c.req.param('id');
    const specialist = await c.var.em.findOne(Specialist, { userId: actor.userId });
    const application =
      specialist && z.uuid().safeParse(id).success
        ? await findApplication(c.var.em, { specialistId: specialist.id }, id)
        : undefined;
    if (!application) throw notFound('application');
    return renderPage(c, 'application', {
      id: application.id,
      statusLabel: STATUS_LABELS[application.status],
      decisionReason: application.decisionReason,
      flaggedAt: application.flaggedAt && russianDate(application.flaggedAt),
      programme: {
        title: application.programme.title,
        credits: application.programme.credits,
        provider: application.programme.provider.name,
        startsOn: russianDate(application.programme.startsOn),
        endsOn: russianDate(application.programme.endsOn),
      },
      specialty: application.specialty,
      document: application.document,
    });
  },
);
