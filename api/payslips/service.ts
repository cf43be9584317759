import { z } from '@hono/zod-openapi';
import { chromiumHtmlToPdf, type HtmlToPdf } from '../../templates/pdf.ts';
import { renderTemplate } from '../../templates/render.ts';
import { requireUser } from '../http/access.ts';
import type { Actor, ServiceDeps } from '../http/context.ts';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';
import { ApiError, notFound } from '../http/errors.ts';
import {
  findOwnPayslip,
  listOwnPayslips,
  markAcknowledged,
  markOpened,
  payslipDocumentData,
  type PayslipRow,
} from './payslip-document.ts';
import type { PayslipSummaryRow } from './views.ts';

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

/** A cursor of the payslip list: the last item's (publishedAt, id). */
function decodePayslipCursor(cursor: string | undefined): { createdAt: string; id: string } | undefined {
  const after = decodeCursor(cursor, 2);
  if (!after) return undefined;
  if (Number.isNaN(Date.parse(after[0]!)) || !z.uuid().safeParse(after[1]).success) {
    throw new ApiError(400, 'invalid_cursor', 'cursor is not one this API gave out', { field: 'cursor' });
  }
  return { createdAt: after[0]!, id: after[1]! };
}

/**
 * The logged-in person's own payslips, from every organization they work for (the API and the pages
 * both come here). Someone else's payslip looks missing (404).
 */
export function createPayslipService({ em, env, log }: ServiceDeps) {
  async function own(actor: Actor | undefined, payslipId: string): Promise<PayslipRow> {
    const user = requireUser(actor);
    const row = await findOwnPayslip(em, user.userId, payslipId);
    if (!row) throw notFound('payslip');
    return row;
  }

  return {
    /** Newest first; `nextCursor` is null on the last page. */
    async list(
      actor: Actor | undefined,
      page: { limit: number; cursor?: string },
    ): Promise<{ items: PayslipSummaryRow[]; nextCursor: string | null }> {
      const user = requireUser(actor);
      const { items, more } = await listOwnPayslips(
        em,
        user.userId,
        page.limit,
        decodePayslipCursor(page.cursor),
      );
      const last = items.at(-1);
      return {
        items,
        nextCursor: more && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null,
      };
    },

    /** One payslip with its lines; the first read marks it opened. */
    async open(actor: Actor | undefined, payslipId: string): Promise<PayslipRow> {
      const row = await own(actor, payslipId);
      if (!row.openedAt) row.openedAt = await markOpened(em, row.id);
      return row;
    },

    /** "Ознакомлен": the first acknowledgement counts (and opens the payslip too); a repeat changes nothing. */
    async acknowledge(
      actor: Actor | undefined,
      payslipId: string,
    ): Promise<{ id: string; openedAt: Date; acknowledgedAt: Date }> {
      const row = await own(actor, payslipId);
      const marks = await markAcknowledged(em, row.id);
      log.info({ payslipId: row.id }, 'payslip acknowledged');
      return { id: row.id, ...marks };
    },

    /** The payslip as a PDF, printed from the same template as the page; 503 when it cannot be printed. */
    async pdf(actor: Actor | undefined, payslipId: string): Promise<{ pdf: Buffer; filename: string }> {
      const row = await own(actor, payslipId);
      const html = renderTemplate('documents/payslip', payslipDocumentData(row));
      let pdf: Buffer;
      try {
        pdf = await printPdf(html, env.CHROMIUM_PATH ?? '/usr/bin/chromium');
      } catch (err) {
        log.error({ err, payslipId: row.id }, 'payslip pdf failed');
        throw new ApiError(503, 'pdf_unavailable', 'the PDF could not be printed; retry shortly', undefined, {
          'Retry-After': '5',
        });
      }
      if (!row.openedAt) await markOpened(em, row.id);
      return { pdf, filename: `payslip-${row.period}.pdf` };
    },
  };
}
