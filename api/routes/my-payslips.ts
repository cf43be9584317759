import { createRoute, z } from '@hono/zod-openapi';
import type { EntityManager } from '@mikro-orm/postgresql';
import { chromiumHtmlToPdf, type HtmlToPdf } from '../../templates/pdf.ts';
import { renderTemplate } from '../../templates/render.ts';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { requireUser } from '../http/middleware/auth.ts';
import { resourceApp } from '../http/resource-app.ts';
import {
  findOwnPayslip,
  markAcknowledged,
  markOpened,
  payslipDocumentData,
  payslipView,
} from '../payslip-document.ts';
import { bearerSecurity, errorResponses, jsonResponse, pageOf, PageQuery } from '../http/schemas.ts';

export const PayslipIdParam = z.object({
  payslipId: z.uuid().openapi({ param: { name: 'payslipId', in: 'path' } }),
});

const PayslipSummarySchema = z
  .object({
    id: z.uuid(),
    organizationId: z.uuid(),
    organizationName: z.string(),
    period: z.string(),
    title: z.string(),
    publishedAt: z.string(),
    openedAt: z.string().nullable(),
    acknowledgedAt: z.string().nullable(),
  })
  .openapi('PayslipSummary');

const PayslipSchema = PayslipSummarySchema.extend({
  publicationId: z.uuid(),
  lines: z.array(
    z.object({ kind: z.enum(['accrual', 'deduction', 'payment']), name: z.string(), amount: z.number() }),
  ),
  totals: z.object({ accrued: z.number(), deducted: z.number(), paid: z.number(), net: z.number() }),
}).openapi('Payslip');

const listRoute = createRoute({
  method: 'get',
  path: '/v1/me/payslips',
  summary: 'My payslips, newest first (from every organization I work for)',
  security: bearerSecurity,
  request: { query: PageQuery },
  responses: {
    200: jsonResponse('A page of payslips', pageOf(PayslipSummarySchema)),
    ...errorResponses(400, 401, 422),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/v1/me/payslips/{payslipId}',
  summary: 'One of my payslips, with its lines and totals; the first read marks it opened',
  security: bearerSecurity,
  request: { params: PayslipIdParam },
  responses: { 200: jsonResponse('The payslip', PayslipSchema), ...errorResponses(401, 404, 422) },
});

const acknowledgeRoute = createRoute({
  method: 'post',
  path: '/v1/me/payslips/{payslipId}/acknowledge',
  summary: '"Ознакомлен": I have read my payslip (idempotent: the first time counts)',
  security: bearerSecurity,
  request: { params: PayslipIdParam },
  responses: {
    200: jsonResponse(
      'Acknowledged',
      z.object({ id: z.uuid(), openedAt: z.string(), acknowledgedAt: z.string() }),
    ),
    ...errorResponses(401, 404, 422),
  },
});

const pdfRoute = createRoute({
  method: 'get',
  path: '/v1/me/payslips/{payslipId}/pdf',
  summary: 'My payslip as a PDF document (printed from the same template as the page)',
  security: bearerSecurity,
  request: { params: PayslipIdParam },
  responses: {
    200: {
      description: 'The PDF',
      content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
    },
    ...errorResponses(401, 404, 422, 503),
  },
});

/** The employee's payslips, newest first; keyset over (created_at, id). */
export async function listOwnPayslips(
  em: EntityManager,
  userId: string,
  limit: number,
  after?: string[],
): Promise<{ items: z.infer<typeof PayslipSummarySchema>[]; more: boolean }> {
  const rows = await em.execute<
    {
      id: string;
      organization_id: string;
      organization_name: string;
      period: string;
      title: string;
      created_at: Date;
      opened_at: Date | null;
      acknowledged_at: Date | null;
    }[]
  >(
    `select p.id, p.organization_id, o.name as organization_name, p.period, pub.title, p.created_at,
            p.opened_at, p.acknowledged_at
     from employees e
     join payslips p on p.employee_id = e.id
     join payslip_publications pub on pub.id = p.publication_id
     join organizations o on o.id = p.organization_id
     where e.user_id = ? and (?::timestamptz is null or (p.created_at, p.id) < (?::timestamptz, ?::uuid))
     order by p.created_at desc, p.id desc limit ?`,
    [userId, after?.[0] ?? null, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
  );
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    items: rows.slice(0, limit).map((r) => ({
      id: r.id,
      organizationId: r.organization_id,
      organizationName: r.organization_name,
      period: r.period,
      title: r.title,
      publishedAt: iso(r.created_at)!,
      openedAt: iso(r.opened_at),
      acknowledgedAt: iso(r.acknowledged_at),
    })),
    more: rows.length > limit,
  };
}

export function decodePayslipCursor(cursor: string | undefined): string[] | undefined {
  const after = decodeCursor(cursor, 2);
  if (after && (Number.isNaN(Date.parse(after[0]!)) || !z.uuid().safeParse(after[1]).success)) {
    throw new ApiError(400, 'invalid_cursor', 'cursor is not one this API gave out', { field: 'cursor' });
  }
  return after;
}

/**
 * Printing a PDF starts a headless Chromium (about a second, ~100 MiB): done in the request, as
 * people download one payslip at a time, but at most two at once per API process.
 */
const MAX_PRINTS = 2;
let printing = 0;
const waiting: (() => void)[] = [];
let printer: { path: string; toPdf: HtmlToPdf } | undefined;

async function printPdf(html: string, chromiumPath: string): Promise<Buffer> {
  if (printer?.path !== chromiumPath)
    printer = { path: chromiumPath, toPdf: chromiumHtmlToPdf(chromiumPath) };
  const toPdf = printer.toPdf;
  if (printing >= MAX_PRINTS) await new Promise<void>((resolve) => waiting.push(resolve));
  printing += 1;
  try {
    return await toPdf(html);
  } finally {
    printing -= 1;
    waiting.shift()?.();
  }
}

export const myPayslipRoutes = resourceApp()
  .openapi(listRoute, async (c) => {
    const actor = requireUser(c);
    const { limit, cursor } = c.req.valid('query');
    const page = await listOwnPayslips(c.var.em, actor.userId, limit, decodePayslipCursor(cursor));
    const last = page.items.at(-1);
    return c.json(
      { items: page.items, nextCursor: page.more && last ? encodeCursor([last.publishedAt, last.id]) : null },
      200,
    );
  })
  .openapi(getRoute, async (c) => {
    const actor = requireUser(c);
    const row = await findOwnPayslip(c.var.em, actor.userId, c.req.valid('param').payslipId);
    if (!row) throw notFound('payslip');
    if (!row.openedAt) row.openedAt = await markOpened(c.var.em, row.id);
    return c.json(payslipView(row), 200);
  })
  .openapi(acknowledgeRoute, async (c) => {
    const actor = requireUser(c);
    const row = await findOwnPayslip(c.var.em, actor.userId, c.req.valid('param').payslipId);
    if (!row) throw notFound('payslip');
    const marks = await markAcknowledged(c.var.em, row.id);
    c.var.log.info({ payslipId: row.id }, 'payslip acknowledged');
    return c.json(
      {
        id: row.id,
        openedAt: marks.openedAt.toISOString(),
        acknowledgedAt: marks.acknowledgedAt.toISOString(),
      },
      200,
    );
  })
  .openapi(pdfRoute, async (c) => {
    const actor = requireUser(c);
    const row = await findOwnPayslip(c.var.em, actor.userId, c.req.valid('param').payslipId);
    if (!row) throw notFound('payslip');
    const html = renderTemplate('documents/payslip', payslipDocumentData(row));
    let pdf: Buffer;
    try {
      pdf = await printPdf(html, c.var.deps.env.CHROMIUM_PATH ?? '/usr/bin/chromium');
    } catch (err) {
      c.var.log.error({ err, payslipId: row.id }, 'payslip pdf failed');
      throw new ApiError(503, 'pdf_unavailable', 'the PDF could not be printed; retry shortly', undefined, {
        'Retry-After': '5',
      });
    }
    if (!row.openedAt) await markOpened(c.var.em, row.id);
    c.header('Content-Type', 'application/pdf');
    c.header('Content-Disposition', `attachment; filename="payslip-${row.period}.pdf"`);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Cache-Control', 'private, no-store');
    return c.body(new Uint8Array(pdf), 200);
  });
