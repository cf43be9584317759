import { z } from 'zod';
import { normalizeEventCode } from '../../domain/event-code.ts';
import { requireProvider } from '../http/access.ts';
import type { Actor, ServiceDeps } from '../http/context.ts';
import { fieldErrors } from '../http/validation.ts';
import type { AttendanceResult } from './provider-views.ts';

/** One attendance record as a provider sends it; each row is checked on its own. */
const RowShape = z.object({
  elementId: z.uuid(),
  code: z.string().max(200),
  specialistId: z.uuid(),
  // A week of non-stop attendance is more than any event lasts.
  minutesAttended: z.number().int().min(0).max(10_080),
});

export interface AttendanceRow {
  idx: number;
  elementId: string;
  code: string;
  specialistId: string;
  minutesAttended: number;
}

export type InvalidAttendanceRow = AttendanceResult['invalid'][number];

/** Splits a payload into valid rows (codes normalised) and reported invalid ones, later duplicates included. */
export function checkAttendanceRows(rows: unknown[]): {
  valid: AttendanceRow[];
  invalid: InvalidAttendanceRow[];
} {
  const valid: AttendanceRow[] = [];
  const invalid: InvalidAttendanceRow[] = [];
  const seen = new Set<string>();
  rows.forEach((raw, index) => {
    const rawObject = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const echo = (v: unknown) => (typeof v === 'string' ? v : null);
    const parsed = RowShape.safeParse(raw);
    if (!parsed.success) {
      invalid.push({
        index,
        elementId: echo(rawObject.elementId),
        code: echo(rawObject.code),
        errors: fieldErrors(parsed.error),
      });
      return;
    }
    const row = parsed.data;
    const code = normalizeEventCode(row.code);
    const key = `${row.elementId} ${code}`;
    const error = !code
      ? 'the code is empty, longer than 64 characters, or has spaces'
      : seen.has(key)
        ? 'this event and code appear more than once in this request'
        : null;
    if (error || !code) {
      invalid.push({
        index,
        elementId: row.elementId,
        code: row.code,
        errors: [{ field: 'code', message: error! }],
      });
      return;
    }
    seen.add(key);
    valid.push({
      idx: index,
      elementId: row.elementId,
      code,
      specialistId: row.specialistId,
      minutesAttended: row.minutesAttended,
    });
  });
  return { valid, invalid };
}

/**
 * One set-based statement for the whole payload: rows for the provider's own events are inserted or
 * updated by (event, code), unchanged ones are not touched, and the indexes of rows for events that
 * are not this provider's (or not events) come back to be reported.
 */
const UPSERT_SQL = `
  with input as (
    select * from jsonb_to_recordset(?::jsonb)
      as r(idx integer, "elementId" uuid, code text, "specialistId" uuid, "minutesAttended" integer)
  ), own as (
    select i.* from input i
    join catalog_elements el on el.id = i."elementId" and el.type = 'event' and el.provider_id = ?::uuid
  ), written as (
    insert into attendance_records as a (id, provider_id, element_id, code, specialist_id, minutes_attended)
    select gen_random_uuid(), ?::uuid, "elementId", code, "specialistId", "minutesAttended" from own
    on conflict (element_id, code) do update set
      specialist_id = excluded.specialist_id, minutes_attended = excluded.minutes_attended, recorded_at = now()
    where (a.specialist_id, a.minutes_attended) is distinct from (excluded.specialist_id, excluded.minutes_attended)
    returning (xmax = 0) as inserted
  )
  select (select count(*) filter (where inserted) from written)::int as created,
         (select count(*) filter (where not inserted) from written)::int as updated,
         (select coalesce(array_agg(idx order by idx), '{}') from input
          where idx not in (select idx from own)) as foreign_idx`;

/** Who attended a provider's events, with which code and for how long: what the daily verification checks. */
export function createAttendanceService({ em, log }: ServiceDeps) {
  async function upsert(providerId: string, rows: AttendanceRow[]) {
    if (rows.length === 0) return { created: 0, updated: 0, unchanged: 0, foreignIndexes: [] };
    const [result] = await em.execute<{ created: number; updated: number; foreign_idx: number[] }[]>(
      UPSERT_SQL,
      [JSON.stringify(rows), providerId, providerId],
    );
    const created = result?.created ?? 0;
    const updated = result?.updated ?? 0;
    const foreignIndexes = result?.foreign_idx ?? [];
    return {
      created,
      updated,
      unchanged: rows.length - foreignIndexes.length - created - updated,
      foreignIndexes,
    };
  }

  return {
    /** Upserts by (event, code); invalid rows (malformed, repeated, another provider's) come back with their index. */
    async report(actor: Actor | undefined, records: unknown[]): Promise<AttendanceResult> {
      const { providerId } = requireProvider(actor);
      const { valid, invalid } = checkAttendanceRows(records);
      const { foreignIndexes, ...counts } = await upsert(providerId, valid);
      const byIndex = new Map(valid.map((row) => [row.idx, row]));
      const foreign: InvalidAttendanceRow[] = foreignIndexes.map((index) => ({
        index,
        elementId: byIndex.get(index)!.elementId,
        code: byIndex.get(index)!.code,
        errors: [{ field: 'elementId', message: 'not an event of this provider' }],
      }));
      const allInvalid = [...invalid, ...foreign].sort((a, b) => a.index - b.index);
      log.info({ providerId, ...counts, invalid: allInvalid.length }, 'attendance upserted');
      return { ...counts, invalid: allInvalid };
    },
  };
}
