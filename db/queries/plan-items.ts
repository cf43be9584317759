// A specialist's plan for a cycle, with what each item earned: the plan's pages, one item, the summary.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EVENT_CODE_REJECTIONS, EVENT_CODE_STATUSES } from '../entities/event-code.ts';
import type { ApplicationStatus } from '../entities/training-application.ts';

type EventCodeStatus = (typeof EVENT_CODE_STATUSES)[number];
type EventCodeRejection = (typeof EVENT_CODE_REJECTIONS)[number];

/** One row of PLAN_ITEMS. */
export interface PlanItemRow {
  id: string;
  element_id: string;
  /** ISO 8601 with offset. */
  added_at_text: string;
  added_micros: string;
  /** When it was marked done, else when it first earned credits. */
  completed_at_text: string | null;
  credits_earned: number;
  done: boolean;
  event_code_status: EventCodeStatus | null;
  event_code_rejection: EventCodeRejection | null;
  application_id: string | null;
  application_status: ApplicationStatus | null;
}

/**
 * The plan items of a cycle with what they earned. Credits are found by what the credit entry's
 * source_id names: an event's entry names the specialist's event code, a programme's the training
 * application, an ИОМ's the plan item itself (an ИОМ is taken by many people, and (source, source_id)
 * is unique). An item is done when it is marked so or has earned credits.
 */
const PLAN_ITEMS = `
  select pi.id, pi.element_id, pi.added_at, to_json(pi.added_at) #>> '{}' as added_at_text,
         ((extract(epoch from pi.added_at) * 1000000)::bigint)::text as added_micros,
         to_json(coalesce(pi.completed_at, earned.first_at)) #>> '{}' as completed_at_text,
         coalesce(earned.credits, 0) as credits_earned,
         (pi.status = 'done' or coalesce(earned.credits, 0) > 0) as done,
         ec.status as event_code_status, ec.rejection_reason as event_code_rejection,
         app.id as application_id, app.status as application_status
  from plan_items pi
  left join event_codes ec on ec.cycle_id = pi.cycle_id and ec.element_id = pi.element_id
  left join lateral (
    select ta.id, ta.status from training_applications ta
    join programme_cycles pc on pc.id = ta.programme_cycle_id
    where ta.cycle_id = pi.cycle_id and pc.element_id = pi.element_id
    order by ta.created_at desc, ta.id desc limit 1
  ) app on true
  left join lateral (
    select sum(ce.credits)::int as credits, min(ce.created_at) as first_at from credit_entries ce
    where ce.cycle_id = pi.cycle_id
      and ((ce.source = 'iom' and ce.source_id = pi.id)
        or (ce.source = 'event' and ce.source_id = ec.id)
        or (ce.source = 'programme' and ce.source_id in (
              select ta.id from training_applications ta join programme_cycles pc on pc.id = ta.programme_cycle_id
              where ta.cycle_id = pi.cycle_id and pc.element_id = pi.element_id)))
  ) earned on true
  where pi.cycle_id = ?`;

export interface PlanPageQuery {
  status?: 'planned' | 'done' | undefined;
  /** [added_at in microseconds since the epoch, plan item id] of the last item seen. */
  after?: [string, string] | undefined;
  limit: number;
}

/** A page of a cycle's plan, oldest first; with one more row than asked when there is a next page. */
export async function planItemRows(
  em: EntityManager,
  cycleId: string,
  query: PlanPageQuery,
): Promise<PlanItemRow[]> {
  const where: string[] = [];
  const params: unknown[] = [cycleId];
  if (query.status) {
    where.push('done = ?');
    params.push(query.status === 'done');
  }
  if (query.after) {
    where.push(`(added_at, id) > ('epoch'::timestamptz + ?::bigint * interval '1 microsecond', ?::uuid)`);
    params.push(...query.after);
  }
  return em.execute<PlanItemRow[]>(
    `with items as (${PLAN_ITEMS}) select * from items
     where ${where.length ? where.join(' and ') : 'true'} order by added_at, id limit ?`,
    [...params, query.limit + 1],
  );
}

export async function planItemRow(
  em: EntityManager,
  cycleId: string,
  elementId: string,
): Promise<PlanItemRow | undefined> {
  const [row] = await em.execute<PlanItemRow[]>(
    `with items as (${PLAN_ITEMS}) select * from items where element_id = ?`,
    [cycleId, elementId],
  );
  return row;
}

export interface PlanSummary {
  total: number;
  planned: number;
  done: number;
  creditsEarned: number;
}

/** The whole plan of a cycle, whatever page or filter is shown. */
export async function planSummary(em: EntityManager, cycleId: string): Promise<PlanSummary> {
  const [row] = await em.execute<{ total: number; done: number; credits_earned: number }[]>(
    `with items as (${PLAN_ITEMS})
     select count(*)::int as total, (count(*) filter (where done))::int as done,
            coalesce(sum(credits_earned), 0)::int as credits_earned
     from items`,
    [cycleId],
  );
  const total = row?.total ?? 0;
  const done = row?.done ?? 0;
  return { total, planned: total - done, done, creditsEarned: row?.credits_earned ?? 0 };
}
