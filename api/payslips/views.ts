import { z } from '@hono/zod-openapi';
import { PAYSLIP_LINE_KINDS, PUBLICATION_STATUSES } from '../../db/entities/payslip.ts';
import { payslipTotals } from '../../domain/payslip.ts';
import { OrgIdParam } from '../http/schemas.ts';
import type { PayslipRow } from './payslip-document.ts';
import type { PublicationProgress } from './publication-progress.ts';
import type { ResolvedPayslips } from './publication-input.ts';
import type { TeamUnread } from './team-service.ts';

// --- publishing (the organization's HR system) ------------------------------------------------------

export const MAX_PAYSLIPS_PER_CALL = 10_000;

const money = z.number().finite().min(-1e12).max(1e12);

export const PayslipLineInput = z
  .object({
    kind: z
      .enum(PAYSLIP_LINE_KINDS)
      .openapi({ description: 'accrual (начислено), deduction (удержано), payment (выплачено)' }),
    name: z.string().trim().min(1).max(300),
    amount: money.openapi({ description: 'rubles, e.g. 12345.67' }),
  })
  .openapi('PayslipLine');

export const PayslipInput = z
  .object({
    employeeId: z.uuid().optional(),
    externalId: z.string().min(1).max(200).optional(),
    lines: z.array(PayslipLineInput).min(1).max(500),
    net: money
      .optional()
      .openapi({ description: 'К выплате; accruals − deductions − payments when omitted' }),
    position: z.string().max(300).optional(),
    department: z.string().max(300).optional(),
  })
  .refine((p) => (p.employeeId === undefined) !== (p.externalId === undefined), {
    message: 'give exactly one of employeeId and externalId',
    path: ['employeeId'],
  })
  .openapi('PayslipInput');
export type PayslipInput = z.infer<typeof PayslipInput>;

export const PublicationInput = z
  .object({
    period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month like 2026-03'),
    title: z.string().trim().min(1).max(200).optional(),
    // Rows are checked one by one by the service, so that each bad row is named by its index.
    // (Not parsed twice: 10,000 rows cost ~0.1–0.5 s of CPU per pass on these machines.)
    payslips: z.array(z.unknown()).min(1).max(MAX_PAYSLIPS_PER_CALL).openapi({
      description:
        'Up to 10,000 payslips, each `{employeeId | externalId, lines: [{kind: accrual|deduction|payment, name, amount}], net?, position?, department?}` (schema PayslipInput)',
    }),
  })
  .openapi({
    example: {
      period: '2026-03',
      payslips: [
        {
          externalId: 'E-1',
          lines: [
            { kind: 'accrual', name: 'Оклад', amount: 85000 },
            { kind: 'deduction', name: 'НДФЛ', amount: 11050 },
            { kind: 'payment', name: 'Аванс', amount: 30000 },
          ],
        },
      ],
    },
  });
export type PublicationInput = z.infer<typeof PublicationInput>;

export const PublicationParams = OrgIdParam.extend({
  publicationId: z.uuid().openapi({ param: { name: 'publicationId', in: 'path' } }),
});

export const PublicationAcceptedSchema = z.object({
  publicationId: z.uuid(),
  workflowId: z.string(),
  total: z.number().int().openapi({ description: 'payslips published' }),
  unknownCount: z
    .number()
    .int()
    .openapi({ description: 'rows whose employee is not in the organization (not published)' }),
  unknown: z.array(
    z.object({
      index: z.number().int(),
      employeeId: z.string().optional(),
      externalId: z.string().optional(),
    }),
  ),
});

export interface PublicationAccepted {
  publicationId: string;
  workflowId: string;
  total: number;
  unknownCount: number;
  unknown: ResolvedPayslips['unknown'];
}

export const publicationAcceptedView = (
  accepted: PublicationAccepted,
): z.infer<typeof PublicationAcceptedSchema> => ({
  publicationId: accepted.publicationId,
  workflowId: accepted.workflowId,
  total: accepted.total,
  unknownCount: accepted.unknownCount,
  unknown: accepted.unknown,
});

export const PublicationProgressSchema = z
  .object({
    publicationId: z.uuid(),
    period: z.string(),
    title: z.string(),
    status: z.enum(PUBLICATION_STATUSES),
    workflowId: z.string(),
    total: z.number().int().openapi({ description: 'payslips published' }),
    queued: z.number().int().openapi({
      description: 'notifications not yet handed to a provider (waiting for the window, or being sent)',
    }),
    sent: z
      .number()
      .int()
      .openapi({ description: 'notifications handed to a provider (delivered ones included)' }),
    delivered: z.number().int(),
    failed: z
      .number()
      .int()
      .openapi({ description: 'notifications that failed, and employees without contacts' }),
    noContacts: z
      .number()
      .int()
      .openapi({ description: 'employees with neither a mobile phone nor an e-mail' }),
    opened: z.number().int(),
    acknowledged: z.number().int().openapi({ description: '"Ознакомлен" pressed' }),
    reminded: z.number().int().openapi({ description: 'employees sent at least one reminder' }),
    reminders: z.number().int().openapi({ description: 'reminders sent in all' }),
    done: z
      .boolean()
      .openapi({ description: 'the publication process has finished (notifications and reminders)' }),
    createdAt: z.string(),
    notifiedAt: z.string().nullable(),
    doneAt: z.string().nullable(),
  })
  .openapi('PayslipPublication');

export const publicationView = (p: PublicationProgress): z.infer<typeof PublicationProgressSchema> => ({
  ...p,
  createdAt: p.createdAt.toISOString(),
  notifiedAt: p.notifiedAt?.toISOString() ?? null,
  doneAt: p.doneAt?.toISOString() ?? null,
});

// --- the employee's own payslips --------------------------------------------------------------------

export const PayslipIdParam = z.object({
  payslipId: z.uuid().openapi({ param: { name: 'payslipId', in: 'path' } }),
});

export const PayslipSummarySchema = z
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

export const PayslipSchema = PayslipSummarySchema.extend({
  publicationId: z.uuid(),
  lines: z.array(
    z.object({ kind: z.enum(['accrual', 'deduction', 'payment']), name: z.string(), amount: z.number() }),
  ),
  totals: z.object({ accrued: z.number(), deducted: z.number(), paid: z.number(), net: z.number() }),
}).openapi('Payslip');

export const AcknowledgedSchema = z.object({
  id: z.uuid(),
  openedAt: z.string(),
  acknowledgedAt: z.string(),
});

/** What a list of payslips shows of each: no lines. */
export type PayslipSummaryRow = Pick<
  PayslipRow,
  | 'id'
  | 'organizationId'
  | 'organizationName'
  | 'period'
  | 'title'
  | 'createdAt'
  | 'openedAt'
  | 'acknowledgedAt'
>;

export const payslipSummaryView = (row: PayslipSummaryRow): z.infer<typeof PayslipSummarySchema> => ({
  id: row.id,
  organizationId: row.organizationId,
  organizationName: row.organizationName,
  period: row.period,
  title: row.title,
  publishedAt: row.createdAt.toISOString(),
  openedAt: row.openedAt?.toISOString() ?? null,
  acknowledgedAt: row.acknowledgedAt?.toISOString() ?? null,
});

/** The API's view of a payslip: the lines as sent, and the totals. */
export const payslipView = (row: PayslipRow): z.infer<typeof PayslipSchema> => ({
  ...payslipSummaryView(row),
  publicationId: row.publicationId,
  lines: row.content.lines,
  totals: payslipTotals(row.content.lines, row.content.net),
});

export const acknowledgedView = (
  id: string,
  marks: { openedAt: Date; acknowledgedAt: Date },
): z.infer<typeof AcknowledgedSchema> => ({
  id,
  openedAt: marks.openedAt.toISOString(),
  acknowledgedAt: marks.acknowledgedAt.toISOString(),
});

// --- the manager's team -----------------------------------------------------------------------------

export const TeamUnreadQuery = z.object({ publicationId: z.uuid().optional() });

export const TeamUnreadSchema = z
  .object({
    publication: z
      .object({
        id: z.uuid(),
        period: z.string(),
        periodLabel: z.string(),
        title: z.string(),
        createdAt: z.string(),
      })
      .nullable()
      .openapi({ description: 'null when the organization has published nothing yet' }),
    teamTotal: z
      .number()
      .int()
      .openapi({ description: 'my direct reports with a payslip in the publication' }),
    items: z.array(
      z.object({
        employeeId: z.uuid(),
        externalId: z.string(),
        fullName: z.string(),
        position: z.string().nullable(),
        department: z.string().nullable(),
        payslipId: z.uuid(),
        openedAt: z.string().nullable().openapi({ description: 'opened but not acknowledged, when set' }),
        remindersSent: z.number().int(),
      }),
    ),
  })
  .openapi('TeamUnreadPayslips');

export const teamUnreadView = (team: TeamUnread | null): z.infer<typeof TeamUnreadSchema> =>
  team
    ? {
        publication: { ...team.publication, createdAt: team.publication.createdAt.toISOString() },
        teamTotal: team.teamTotal,
        items: team.items.map((e) => ({ ...e, openedAt: e.openedAt?.toISOString() ?? null })),
      }
    : { publication: null, teamTotal: 0, items: [] };
