import { z } from '@hono/zod-openapi';
import { EVENT_CODE_REJECTIONS, EVENT_CODE_STATUSES } from '../../db/entities/event-code.ts';
import { APPLICATION_STATUSES } from '../../db/entities/training-application.ts';
import type { CatalogElementRecord } from '../../db/queries/catalog-elements.ts';
import type { PlanItemRow, PlanSummary } from '../../db/queries/plan-items.ts';
import type { CycleProgress } from '../../domain/credits.ts';
import { CatalogElementSchema, catalogElementView } from './catalog-views.ts';
import { CycleIdParam } from './specialist-views.ts';

export const PlanItemParams = CycleIdParam.extend({
  elementId: z.uuid().openapi({ param: { name: 'elementId', in: 'path' } }),
});

export const PlanQuery = z.object({ status: z.enum(['planned', 'done']).optional() });

export const NewPlanItem = z.object({ elementId: z.uuid() });

export const PlanItemSchema = z
  .object({
    elementId: z.uuid(),
    element: CatalogElementSchema,
    status: z.enum(['planned', 'done']),
    creditsEarned: z.number().int(),
    addedAt: z.string(),
    completedAt: z.string().nullable(),
    eventCode: z
      .object({
        status: z.enum(EVENT_CODE_STATUSES),
        rejectionReason: z.enum(EVENT_CODE_REJECTIONS).nullable(),
      })
      .nullable()
      .openapi({ description: 'events: the confirmation code entered, if any' }),
    application: z
      .object({ id: z.uuid(), status: z.enum(APPLICATION_STATUSES) })
      .nullable()
      .openapi({ description: 'programmes: the latest training application, if any' }),
  })
  .openapi('PlanItem');
export type PlanItemView = z.infer<typeof PlanItemSchema>;

const PlanSummarySchema = z.object({
  total: z.number().int(),
  planned: z.number().int(),
  done: z.number().int(),
  creditsEarned: z.number().int(),
});

const OwnCycleSchema = z.object({
  id: z.uuid(),
  specialty: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
});

export const PlanPage = z
  .object({
    cycle: OwnCycleSchema,
    summary: PlanSummarySchema.openapi({ description: 'the whole plan, whatever the page and filter' }),
    items: z.array(PlanItemSchema),
    nextCursor: z.string().nullable(),
  })
  .openapi('PlanPage');

/** A plan row with its catalog element. */
export interface PlanItem {
  row: PlanItemRow;
  element: CatalogElementRecord;
}

export const planItemView = ({ row, element }: PlanItem): PlanItemView => ({
  elementId: row.element_id,
  element: catalogElementView(element),
  status: row.done ? 'done' : 'planned',
  creditsEarned: row.credits_earned,
  addedAt: row.added_at_text,
  completedAt: row.done ? row.completed_at_text : null,
  eventCode: row.event_code_status
    ? { status: row.event_code_status, rejectionReason: row.event_code_rejection }
    : null,
  application:
    row.application_id && row.application_status
      ? { id: row.application_id, status: row.application_status }
      : null,
});

export interface PlanPageResult {
  cycle: z.infer<typeof OwnCycleSchema>;
  summary: PlanSummary;
  items: PlanItem[];
  nextCursor: string | null;
}

export const planPageView = (page: PlanPageResult): z.infer<typeof PlanPage> => ({
  cycle: {
    id: page.cycle.id,
    specialty: page.cycle.specialty,
    startsOn: page.cycle.startsOn,
    endsOn: page.cycle.endsOn,
  },
  summary: { ...page.summary },
  items: page.items.map(planItemView),
  nextCursor: page.nextCursor,
});

const count = z.number().int();
export const ProgressSchema = z
  .object({
    cycleId: z.uuid(),
    specialty: z.string(),
    startsOn: z.string(),
    endsOn: z.string(),
    asOf: z.string().openapi({ description: 'today in Moscow' }),
    currentYear: count.nullable().openapi({ description: '1..5 while the cycle runs' }),
    targets: z.object({ perYear: count, perCycle: count }),
    total: count.openapi({ description: 'ЗЕТ credited to this cycle' }),
    counted: count.openapi({ description: 'min(total, 250): what counts toward the cycle' }),
    excess: count.openapi({ description: 'above 250; not carried over to the next cycle' }),
    remaining: count,
    met: z.boolean(),
    byType: z.object({ iom: count, event: count, programme: count }),
    years: z.array(
      z.object({
        year: count,
        startsOn: z.string(),
        endsOn: z.string(),
        total: count,
        target: count,
        remaining: count,
        met: z.boolean(),
      }),
    ),
  })
  .openapi('CycleProgress');

export interface ProgressResult {
  cycle: { id: string; specialty: string; startsOn: string; endsOn: string };
  asOf: string;
  progress: CycleProgress;
}

export const progressView = ({ cycle, asOf, progress }: ProgressResult): z.infer<typeof ProgressSchema> => ({
  cycleId: cycle.id,
  specialty: cycle.specialty,
  startsOn: cycle.startsOn,
  endsOn: cycle.endsOn,
  asOf,
  ...progress,
});
