import { z } from '@hono/zod-openapi';
import { payslipIdFromShort } from '../../domain/payslip.ts';
import { serviceDeps, type AppContext } from '../http/context.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { resolveActor } from '../http/middleware/auth.ts';
import { formBodyLimit } from '../http/pages/form.ts';
import { pageApp } from '../http/pages/page-app.ts';
import { renderPage } from '../http/pages/render.ts';
import { sameOrigin } from '../http/pages/same-origin.ts';
import { payslipDocumentData } from './payslip-document.ts';
import { createPayslipService } from './service.ts';
import { createTeamPayslipService } from './team-service.ts';

const PAGE_SIZE = 20;

const dateTime = (date: Date): string =>
  date.toLocaleString('ru-RU', {
    timeZone: 'Europe/Moscow',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });

const isUser = (c: AppContext): boolean => c.var.actor?.kind === 'user';

/** The payslip id of the page's URL; anything that is not an id is a missing payslip. */
function payslipIdOf(c: AppContext): string {
  const id = c.req.param('id') ?? '';
  if (!z.uuid().safeParse(id).success) throw notFound('payslip');
  return id;
}

/**
 * The employee's payslips (/payslips, /payslips/:id with the "Ознакомлен" form) and the manager's
 * list of direct reports who have not acknowledged (/team/unread). Plain HTML, no JavaScript.
 * Visitors who are not logged in go to /login.
 */
export const payslipPages = pageApp()
  // The SMS link: to the payslip page (which asks to log in first when needed).
  .get('/p/:short', (c) => {
    const id = payslipIdFromShort(c.req.param('short'));
    if (!id) throw notFound('payslip');
    return c.redirect(`/payslips/${id}`, 303);
  })
  .get('/payslips', resolveActor, async (c) => {
    if (!isUser(c)) return c.redirect('/login', 303);
    const page = await createPayslipService(serviceDeps(c)).list(c.var.actor, {
      limit: PAGE_SIZE,
      cursor: c.req.query('cursor'),
    });
    return renderPage(c, 'payslips', {
      items: page.items.map((p) => ({
        id: p.id,
        title: p.title,
        organizationName: p.organizationName,
        publishedAt: dateTime(p.createdAt),
        acknowledged: p.acknowledgedAt !== null,
        opened: p.openedAt !== null,
      })),
      nextUrl: page.nextCursor ? `/payslips?cursor=${page.nextCursor}` : null,
    });
  })
  .get('/payslips/:id', resolveActor, async (c) => {
    if (!isUser(c)) return c.redirect('/login', 303);
    const row = await createPayslipService(serviceDeps(c)).open(c.var.actor, payslipIdOf(c));
    return renderPage(c, 'payslip', {
      ...payslipDocumentData(row),
      acknowledgedAt: row.acknowledgedAt && dateTime(row.acknowledgedAt),
      justAcknowledged: c.req.query('acknowledged') === '1',
    });
  })
  .post('/payslips/:id/acknowledge', sameOrigin, formBodyLimit, resolveActor, async (c) => {
    if (!isUser(c)) return c.redirect('/login', 303);
    const { id } = await createPayslipService(serviceDeps(c)).acknowledge(c.var.actor, payslipIdOf(c));
    return c.redirect(`/payslips/${id}?acknowledged=1`, 303);
  })
  .get('/team/unread', resolveActor, async (c) => {
    if (!isUser(c)) return c.redirect('/login', 303);
    const requested = c.req.query('publicationId');
    if (requested !== undefined && !z.uuid().safeParse(requested).success) throw notFound('publication');
    let team;
    try {
      team = await createTeamPayslipService(serviceDeps(c)).unread(c.var.actor, requested);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'feature_disabled') {
        return renderPage(
          c,
          'error',
          {
            title: 'Раздел недоступен',
            message: 'Организация не открыла руководителям список непрочитанных расчётных листков.',
          },
          403,
        );
      }
      throw err;
    }
    return renderPage(c, 'team-unread', {
      publication: team?.publication ?? null,
      teamTotal: team?.teamTotal ?? 0,
      items: (team?.items ?? []).map((e) => ({
        fullName: e.fullName,
        position: e.position,
        department: e.department,
        opened: e.openedAt !== null,
        remindersSent: e.remindersSent,
      })),
      unread: team?.items.length ?? 0,
    });
  });
