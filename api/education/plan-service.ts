import { z } from '@hono/zod-openapi';
import { randomUUID } from 'node:crypto';
import { loadElements } from '../../db/queries/catalog-elements.ts';
import { planItemRow, planItemRows, planSummary, type PlanItemRow } from '../../db/queries/plan-items.ts';
import { cycleProgress, type CreditLine } from '../../domain/credits.ts';
import { planItemRemovalRefusal } from '../../domain/plan.ts';
import { portalDay } from '../../domain/portal-day.ts';
import type { Actor, ServiceDeps } from '../http/context.ts';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';
import { ApiError, conflict, invalidField, notFound } from '../http/errors.ts';
import { requireOwnCycle } from './own-cycle.ts';
import type { PageInput } from './paging.ts';
import type { PlanItem, PlanPageResult, ProgressResult } from './plan-views.ts';

/** The plan's cursor: [added_at in microseconds, plan item id] of the last item seen. */
function planCursor(cursor: string | undefined): [string, string] | undefined {
  const after = decodeCursor(cursor, 2);
  if (!after) return undefined;
  const [micros, id] = after as [string, string];
  if (!/^\d{1,18}$/.test(micros) || !z.uuid().safeParse(id).success) {
    throw new ApiError(400, 'invalid_cursor', 'cursor is not one this API gave out', { field: 'cursor' });
  }
  return [micros, id];
}

/** A specialist's plan for each cycle («Включить в план») and the cycle's credits against the targets. */
export function createPlanService({ em, log }: ServiceDeps) {
  /** Plan rows with their catalog elements. */
  async function withElements(rows: readonly PlanItemRow[]): Promise<PlanItem[]> {
    const elements = new Map(
      (await loadElements(em, [...new Set(rows.map((r) => r.element_id))])).map((e) => [e.id, e]),
    );
    return rows.map((row) => ({ row, element: elements.get(row.element_id)! }));
  }

  return {
    /** What is done and what is pending, with credits earned, oldest first. */
    async get(
      actor: Actor | undefined,
      cycleId: string,
      query: PageInput & { status?: 'planned' | 'done' | undefined },
    ): Promise<PlanPageResult> {
      const { cycle } = await requireOwnCycle(em, actor, cycleId);
      const { limit, status } = query;
      const rows = await planItemRows(em, cycle.id, { status, after: planCursor(query.cursor), limit });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        cycle,
        summary: await planSummary(em, cycle.id),
        items: await withElements(page),
        nextCursor: rows.length > limit && last ? encodeCursor([last.added_micros, last.id]) : null,
      };
    },

    /** Includes a catalog element of the cycle's specialty; 409 when it is already there. */
    async add(actor: Actor | undefined, cycleId: string, elementId: string): Promise<PlanItem> {
      const { cycle } = await requireOwnCycle(em, actor, cycleId);
      const [element] = await em.execute<{ specialties: string[] }[]>(
        'select specialties from catalog_elements where id = ?',
        [elementId],
      );
      if (!element) throw invalidField('elementId', 'no such catalog element', 'unknown_element');
      // The portal offers a cycle only the elements of its specialty.
      if (!element.specialties.includes(cycle.specialty)) {
        throw invalidField(
          'elementId',
          `the element is not for the specialty «${cycle.specialty}»`,
          'wrong_specialty',
        );
      }
      const inserted = await em.execute<{ id: string }[]>(
        `insert into plan_items (id, cycle_id, element_id, status) values (?, ?, ?, 'planned')
         on conflict (cycle_id, element_id) do nothing returning id`,
        [randomUUID(), cycle.id, elementId],
      );
      if (inserted.length === 0) throw conflict('already_planned', 'the element is already in this plan');
      log.info({ cycleId, elementId }, 'element included in plan');
      const row = await planItemRow(em, cycle.id, elementId);
      const [item] = await withElements([row!]);
      return item!;
    },

    /** Removes an element nothing has happened to yet (domain/plan.ts says when); 409 otherwise. */
    async remove(actor: Actor | undefined, cycleId: string, elementId: string): Promise<void> {
      const { cycle } = await requireOwnCycle(em, actor, cycleId);
      const row = await planItemRow(em, cycle.id, elementId);
      if (!row) throw notFound('plan item');
      const refusal = planItemRemovalRefusal({
        done: row.done,
        creditsEarned: row.credits_earned,
        eventCodeStatus: row.event_code_status,
        applicationStatus: row.application_status,
      });
      if (refusal) throw conflict(refusal.code, refusal.message);
      await em.execute('delete from plan_items where id = ?', [row.id]);
      log.info({ cycleId, elementId }, 'element removed from plan');
    },

    /** Credits per element type and per cycle year against the targets, as of today in Moscow. */
    async progress(actor: Actor | undefined, cycleId: string): Promise<ProgressResult> {
      const { cycle } = await requireOwnCycle(em, actor, cycleId);
      const entries = await em.execute<CreditLine[]>(
        `select source, credits, credited_on::text as "creditedOn" from credit_entries where cycle_id = ?`,
        [cycle.id],
      );
      const asOf = portalDay(new Date());
      return { cycle, asOf, progress: cycleProgress(cycle, entries, asOf) };
    },
  };
}
