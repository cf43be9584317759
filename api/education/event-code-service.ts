import { randomUUID } from 'node:crypto';
import { normalizeEventCode } from '../../domain/event-code.ts';
import type { Actor, ServiceDeps } from '../http/context.ts';
import { decodeCursor, keysetId } from '../http/cursor.ts';
import { ApiError, invalidField } from '../http/errors.ts';
import type { EventCodeRow, EventCodeView, NewEventCode } from './event-code-views.ts';
import { requireOwnCycle } from './own-cycle.ts';
import { keysetPage, type Page, type PageInput } from './paging.ts';

/** Select list over `event_codes ec join catalog_elements el`. */
const EVENT_CODE_COLUMNS = `ec.id, ec.cycle_id, ec.element_id, el.title, ec.code, ec.status, ec.rejection_reason,
  el.credits, ec.entered_at, ec.verified_at`;

// A rejected code goes back to pending with the new code (a typo, or attendance reported late);
// a pending or verified one stays as it is and the request answers 409.
const ENTER_SQL = `
  insert into event_codes as ec (id, specialist_id, cycle_id, element_id, code, status)
  values (?, ?, ?, ?, ?, 'pending_verification')
  on conflict (specialist_id, element_id) do update set
    code = excluded.code, cycle_id = excluded.cycle_id, status = 'pending_verification',
    rejection_reason = null, entered_at = now(), verified_at = null, verification_run_id = null
  where ec.status = 'rejected'
  returning ec.id`;

/** The individual codes of educational events a specialist attended; the daily verification decides them. */
export function createEventCodeService({ em, log }: ServiceDeps) {
  return {
    /** One code per event; a rejected one may be entered again, a pending or verified one is 409. */
    async enter(actor: Actor | undefined, cycleId: string, input: NewEventCode): Promise<EventCodeRow> {
      const { specialist } = await requireOwnCycle(em, actor, cycleId);
      const code = normalizeEventCode(input.code);
      if (!code) throw invalidField('code', 'the code is empty, longer than 64 characters, or has spaces');
      const [element] = await em.execute<{ type: string }[]>(
        'select type from catalog_elements where id = ?',
        [input.elementId],
      );
      if (!element) throw invalidField('elementId', 'no such element in the catalog', 'unknown_element');
      if (element.type !== 'event') {
        throw invalidField('elementId', 'codes are entered for educational events only', 'not_an_event');
      }
      const [entered] = await em.execute<{ id: string }[]>(ENTER_SQL, [
        randomUUID(),
        specialist.id,
        cycleId,
        input.elementId,
        code,
      ]);
      if (!entered) {
        const [existing] = await em.execute<{ id: string; status: string; cycle_id: string }[]>(
          'select id, status, cycle_id from event_codes where specialist_id = ? and element_id = ?',
          [specialist.id, input.elementId],
        );
        throw new ApiError(409, 'code_already_entered', 'a code for this event is already entered', {
          field: 'elementId',
          eventCodeId: existing?.id,
          status: existing?.status,
          cycleId: existing?.cycle_id,
        });
      }
      const [row] = await em.execute<EventCodeRow[]>(
        `select ${EVENT_CODE_COLUMNS} from event_codes ec join catalog_elements el on el.id = ec.element_id
         where ec.id = ?`,
        [entered.id],
      );
      log.info({ eventCodeId: entered.id, cycleId, elementId: input.elementId }, 'event code entered');
      return row!;
    },

    /** The codes entered for a cycle, newest first. */
    async list(
      actor: Actor | undefined,
      cycleId: string,
      query: PageInput & { status?: EventCodeView['status'] | undefined },
    ): Promise<Page<EventCodeRow>> {
      const { specialist } = await requireOwnCycle(em, actor, cycleId);
      const { limit, status } = query;
      const afterId = keysetId(decodeCursor(query.cursor, 1));
      // The specialist's codes are few; (specialist_id, element_id) is indexed, so no cycle index is needed.
      const rows = await em.execute<EventCodeRow[]>(
        `select ${EVENT_CODE_COLUMNS} from event_codes ec join catalog_elements el on el.id = ec.element_id
         where ec.specialist_id = ? and ec.cycle_id = ? and (?::text is null or ec.status = ?)
           and (?::uuid is null or (ec.entered_at, ec.id) < (select entered_at, id from event_codes where id = ?::uuid))
         order by ec.entered_at desc, ec.id desc limit ?`,
        [specialist.id, cycleId, status ?? null, status ?? null, afterId, afterId, limit + 1],
      );
      return keysetPage(rows, limit, (last) => [last.id]);
    },
  };
}
