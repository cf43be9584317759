import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { payslipIdFromShort } from '../../domain/payslip.ts';
import type { AppEnv } from '../http/context.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { resolveActor } from '../http/middleware/auth.ts';
import { findOwnPayslip, markAcknowledged, markOpened, payslipDocumentData } from '../payslip-document.ts';
import { decodePayslipCursor, listOwnPayslips } from '../routes/my-payslips.ts';
import { teamUnread } from '../team-unread.ts';
import { encodeCursor } from '../http/cursor.ts';
import { formBodyLimit } from '../http/pages/form.ts';
import { pageHeaders } from '../http/pages/page-headers.ts';
import { renderPage } from '../http/pages/render.ts';
import { sameOrigin } from '../http/pages/same-origin.ts';

const PAGE_SIZE = 20;

const dateTime = (iso: string): string =>
  new Date(iso).toLocaleString('ru-RU', {
    timeZone: 'Europe/Moscow',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });

function userOf(c: Context<AppEnv>): string | undefined {
  const actor = c.var.actor;
  return actor?.kind === 'user' ? actor.userId : undefined;
}

async function ownPayslip(c: Context<AppEnv>, userId: string) {
  const id = c.req.param('id') ?? '';
  const row = z.uuid().safeParse(id).success ? await findOwnPayslip(c.var.em, userId, id) : undefined;
  if (!row) throw notFound('payslip');
  return row;
}

/**
 * The employee's payslips (/payslips, /payslips/:id with the "Ознакомлен" form) and the manager's
 * list of direct reports who have not acknowledged (/team/unread). Plain HTML, no JavaScript.
 */
export const payslipPages = new Hono<AppEnv>()
  // The SMS link: to the payslip page (which asks to log in first when needed).
  .get('/p/:short', pageHeaders, (c) => {
    const id = payslipIdFromShort(c.req.param('short'));
    if (!id) throw notFound('payslip');
    return c.redirect(`/payslips/${id}`, 303);
  })
  .get('/payslips', pageHeaders, resolveActor, async (c) => {
    const userId = userOf(c);
    if (!userId) return c.redirect('/login', 303);
    const page = await listOwnPayslips(
      c.var.em,
      userId,
      PAGE_SIZE,
      decodePayslipCursor(c.req.query('cursor')),
    );
    const last = page.items.at(-1);
    return renderPage(c, 'payslips', {
      items: page.items.map((p) => ({
        id: p.id,
        title: p.title,
        organizationName: p.organizationName,
        publishedAt: dateTime(p.publishedAt),
        acknowledged: p.acknowledgedAt !== null,
        opened: p.openedAt !== null,
      })),
      nextUrl: page.more && last ? `/payslips?cursor=${encodeCursor([last.publishedAt, last.id])}` : null,
    });
  })
  .get('/payslips/:id', pageHeaders, resolveActor, async (c) => {
    const userId = userOf(c);
    if (!userId) return c.redirect('/login', 303);
    const row = await ownPayslip(c, userId);
    if (!row.openedAt) row.openedAt = await markOpened(c.var.em, row.id);
    return renderPage(c, 'payslip', {
      ...payslipDocumentData(row),
      acknowledgedAt: row.acknowledgedAt && dateTime(row.acknowledgedAt.toISOString()),
      justAcknowledged: c.req.query('acknowledged') === '1',
    });
  })
  .post('/payslips/:id/acknowledge', pageHeaders, sameOrigin, formBodyLimit, resolveActor, async (c) => {
    const userId = userOf(c);
    if (!userId) return c.redirect('/login', 303);
    const row = await ownPayslip(c, userId);
    await markAcknowledged(c.var.em, row.id);
    c.var.log.info({ payslipId: row.id }, 'payslip acknowledged');
    return c.redirect(`/payslips/${row.id}?acknowledged=1`, 303);
  })
  .get('/team/unread', pageHeaders, resolveActor, async (c) => {
    const userId = userOf(c);
    if (!userId) return c.redirect('/login', 303);
    const requested = c.req.query('publicationId');
    if (requested !== undefined && !z.uuid().safeParse(requested).success) throw notFound('publication');
    let result;
    try {
      result = await teamUnread(c.var.em, userId, requested);
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
      publication: result?.publication ?? null,
      teamTotal: result?.teamTotal ?? 0,
      items: (result?.items ?? []).map((e) => ({
        fullName: e.fullName,
        position: e.position,
        department: e.department,
        opened: e.openedAt !== null,
        remindersSent: e.remindersSent,
      })),
      unread: result?.items.length ?? 0,
    });
  });
