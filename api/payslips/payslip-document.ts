import type { EntityManager } from '@mikro-orm/postgresql';
import type { PayslipContent } from '../../db/entities/payslip.ts';
import { formatRubles, payslipTotals, periodLabel } from '../../domain/payslip.ts';
import type { PayslipSummaryRow } from './views.ts';

/** One payslip with everything its page, API answer and document show, read in one query. */
export interface PayslipRow {
  id: string;
  publicationId: string;
  organizationId: string;
  employeeId: string;
  period: string;
  title: string;
  content: PayslipContent;
  createdAt: Date;
  openedAt: Date | null;
  acknowledgedAt: Date | null;
  organizationName: string;
  fullName: string;
  externalId: string;
  position: string | null;
  department: string | null;
}

const SELECT = `
  select p.id, p.publication_id as "publicationId", p.organization_id as "organizationId",
         p.employee_id as "employeeId", p.period, pub.title, p.content, p.created_at as "createdAt",
         p.opened_at as "openedAt", p.acknowledged_at as "acknowledgedAt", o.name as "organizationName",
         e.full_name as "fullName", e.external_id as "externalId", e.position, e.department
  from payslips p
  join payslip_publications pub on pub.id = p.publication_id
  join employees e on e.id = p.employee_id
  join organizations o on o.id = p.organization_id`;

/** The user's own payslip (through any of their employments), or undefined: others' look missing. */
export async function findOwnPayslip(
  em: EntityManager,
  userId: string,
  payslipId: string,
): Promise<PayslipRow | undefined> {
  const [row] = await em.execute<PayslipRow[]>(`${SELECT} where p.id = ? and e.user_id = ?`, [
    payslipId,
    userId,
  ]);
  return row && normalize(row);
}

/** The employee's payslips (through any of their employments), newest first; keyset over (created_at, id). */
export async function listOwnPayslips(
  em: EntityManager,
  userId: string,
  limit: number,
  after?: { createdAt: string; id: string },
): Promise<{ items: PayslipSummaryRow[]; more: boolean }> {
  const rows = await em.execute<PayslipSummaryRow[]>(
    `select p.id, p.organization_id as "organizationId", o.name as "organizationName", p.period, pub.title,
            p.created_at as "createdAt", p.opened_at as "openedAt", p.acknowledged_at as "acknowledgedAt"
     from employees e
     join payslips p on p.employee_id = e.id
     join payslip_publications pub on pub.id = p.publication_id
     join organizations o on o.id = p.organization_id
     where e.user_id = ? and (?::timestamptz is null or (p.created_at, p.id) < (?::timestamptz, ?::uuid))
     order by p.created_at desc, p.id desc limit ?`,
    [userId, after?.createdAt ?? null, after?.createdAt ?? null, after?.id ?? null, limit + 1],
  );
  return {
    items: rows.slice(0, limit).map((row) => ({
      ...row,
      createdAt: new Date(row.createdAt),
      openedAt: row.openedAt && new Date(row.openedAt),
      acknowledgedAt: row.acknowledgedAt && new Date(row.acknowledgedAt),
    })),
    more: rows.length > limit,
  };
}

/** Marks the payslip opened (the first time only) and returns when. */
export async function markOpened(em: EntityManager, payslipId: string): Promise<Date> {
  const [row] = await em.execute<{ opened_at: Date }[]>(
    'update payslips set opened_at = coalesce(opened_at, now()) where id = ? returning opened_at',
    [payslipId],
  );
  return new Date(row!.opened_at);
}

/** "Ознакомлен": the first acknowledgement counts (and opens it too); a repeat changes nothing. */
export async function markAcknowledged(
  em: EntityManager,
  payslipId: string,
): Promise<{ openedAt: Date; acknowledgedAt: Date }> {
  const [row] = await em.execute<{ opened_at: Date; acknowledged_at: Date }[]>(
    `update payslips set opened_at = coalesce(opened_at, now()), acknowledged_at = coalesce(acknowledged_at, now())
     where id = ? returning opened_at, acknowledged_at`,
    [payslipId],
  );
  return { openedAt: new Date(row!.opened_at), acknowledgedAt: new Date(row!.acknowledged_at) };
}

function normalize(row: PayslipRow): PayslipRow {
  return {
    ...row,
    content: typeof row.content === 'string' ? (JSON.parse(row.content) as PayslipContent) : row.content,
    createdAt: new Date(row.createdAt),
    openedAt: row.openedAt && new Date(row.openedAt),
    acknowledgedAt: row.acknowledgedAt && new Date(row.acknowledgedAt),
  };
}

const SECTIONS = [
  ['accrual', 'Начислено'],
  ['deduction', 'Удержано'],
  ['payment', 'Выплачено'],
] as const;

const russianDate = (date: Date): string =>
  date.toLocaleDateString('ru-RU', {
    timeZone: 'Europe/Moscow',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  });

/** The data of `templates/pages/partials/payslip-table.hbs` and `templates/documents/payslip.hbs`. */
export function payslipDocumentData(row: PayslipRow): Record<string, unknown> {
  const totals = payslipTotals(row.content.lines, row.content.net);
  const totalOf = { accrual: totals.accrued, deduction: totals.deducted, payment: totals.paid };
  return {
    id: row.id,
    title: row.title,
    periodLabel: periodLabel(row.period),
    organizationName: row.organizationName,
    publishedOn: russianDate(row.createdAt),
    employee: {
      fullName: row.fullName,
      externalId: row.externalId,
      position: row.content.position ?? row.position,
      department: row.content.department ?? row.department,
    },
    sections: SECTIONS.map(([kind, title]) => ({
      title,
      lines: row.content.lines
        .filter((l) => l.kind === kind)
        .map((l) => ({ name: l.name, amount: formatRubles(l.amount) })),
      total: formatRubles(totalOf[kind]),
    })).filter((s) => s.lines.length > 0),
    net: formatRubles(totals.net),
  };
}
