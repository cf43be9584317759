import type { ApplicationStatus } from '../../db/entities/training-application.ts';
import { serviceDeps } from '../http/context.ts';
import { resolveActor } from '../http/middleware/auth.ts';
import { pageApp } from '../http/pages/page-app.ts';
import { renderPage } from '../http/pages/render.ts';
import { createTrainingApplicationService } from './service.ts';
import { myApplicationView } from './views.ts';

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
export const applicationPages = pageApp().get('/applications/:id', resolveActor, async (c) => {
  const actor = c.var.actor;
  if (actor?.kind !== 'user') return c.redirect('/login', 303);
  const row = await createTrainingApplicationService(serviceDeps(c)).getForPage(actor, c.req.param('id'));
  const application = myApplicationView(row);
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
});
