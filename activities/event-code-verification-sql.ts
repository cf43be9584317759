/**
 * How a statement reaches the rows it needs: `chunk` (a few thousand codes of a large table) looks
 * each code's attendance up through the unique (element_id, code) index and updates the picked rows
 * by their ctid, so a chunk costs the same however large the tables grow; `all` (every pending code
 * at once, the benchmark's floor) leaves the planner free to hash-join whole tables.
 */
export type RowAccess = 'chunk' | 'all';

const ATTENDANCE: Record<RowAccess, string> = {
  chunk: `left join lateral (
        select a.id, a.specialist_id, a.minutes_attended from attendance_records a
        where a.element_id = p.element_id and a.code = p.code
        limit 1
      ) a on true`,
  all: 'left join attendance_records a on a.element_id = p.element_id and a.code = p.code',
};
// A chunk is decided on its own, with the picked set's real size in the planner's view; the floor's
// decisions stream straight into its update.
const DECIDED: Record<RowAccess, string> = { chunk: 'materialized', all: 'not materialized' };
const TARGET: Record<RowAccess, string> = {
  chunk: 'e.ctid = any (array(select ctid from picked)) and e.id = d.id',
  all: 'e.id = d.id',
};

/**
 * The whole decision for a set of pending event codes as ONE statement (so one transaction): match
 * each code with the provider's attendance record, mark it verified or rejected with the reason,
 * credit the verified ones to their cycle, mark their plan items done and add the counts to the run.
 *
 * `picked` is a CTE body yielding pending codes (id, specialist_id, cycle_id, element_id, code, and
 * ctid for `chunk`); its `?` parameters come first, then the run id twice. The daily verification
 * picks keyset chunks, the benchmark's floor everything at once: both decide with the text below.
 *
 * Idempotent and safe beside a concurrent run: only rows still pending are updated (a row another
 * transaction decided first is re-checked and skipped), and credits are unique per (source, source_id).
 */
export function decideEventCodesSql(picked: string, access: RowAccess): string {
  return `
    with picked as (${picked}),
    decided as ${DECIDED[access]} (
      select p.id, p.cycle_id, p.element_id, el.credits,
             -- The event's date, not the run's: credits count for the year the event took place.
             coalesce(el.ends_on, el.starts_on, current_date) as credited_on,
             case
               when a.id is null then 'unknown_code'
               when a.specialist_id <> p.specialist_id then 'another_persons_code'
               when a.minutes_attended < coalesce(el.min_attendance_minutes, 0) then 'not_attended_long_enough'
             end as reason
      from picked p
      join catalog_elements el on el.id = p.element_id
      ${ATTENDANCE[access]}
    ),
    updated as (
      update event_codes e
      set status = case when d.reason is null then 'verified' else 'rejected' end,
          rejection_reason = d.reason, verified_at = now(), verification_run_id = ?::uuid
      from decided d
      where ${TARGET[access]} and e.status = 'pending_verification'
      returning e.id, d.cycle_id, d.element_id, d.credits, d.credited_on, d.reason
    ),
    credited as (
      insert into credit_entries (id, cycle_id, source, source_id, credits, credited_on)
      select gen_random_uuid(), u.cycle_id, 'event', u.id, u.credits, u.credited_on
      from updated u where u.reason is null
      on conflict (source, source_id) do nothing
    ),
    completed as (
      update plan_items pi set status = 'done', completed_at = now()
      from updated u
      where u.reason is null and pi.cycle_id = u.cycle_id and pi.element_id = u.element_id and pi.status = 'planned'
    ),
    counts as (
      select count(*) filter (where reason is null)::int as verified,
             count(*) filter (where reason is not null)::int as rejected,
             count(*) filter (where reason = 'unknown_code')::int as unknown_code,
             count(*) filter (where reason = 'another_persons_code')::int as another_persons_code,
             count(*) filter (where reason = 'not_attended_long_enough')::int as not_attended_long_enough
      from updated
    ),
    run as (
      update verification_runs r
      set verified = r.verified + k.verified, rejected = r.rejected + k.rejected,
          unknown_code = r.unknown_code + k.unknown_code,
          another_persons_code = r.another_persons_code + k.another_persons_code,
          not_attended_long_enough = r.not_attended_long_enough + k.not_attended_long_enough,
          -- Codes entered after the run counted its total may still be decided by it.
          total = greatest(r.total, r.verified + r.rejected + k.verified + k.rejected)
      from counts k
      where r.id = ?::uuid
      returning r.total, r.verified, r.rejected
    )
    select (select count(*)::int from picked) as picked,
           (select id from picked order by id desc limit 1) as last_id,
           run.total, run.verified, run.rejected
    from run`;
}

/** The next chunk of pending codes after a keyset position over id (params: afterId, limit). */
export const PENDING_CHUNK = `
  select c.ctid, c.id, c.specialist_id, c.cycle_id, c.element_id, c.code
  from event_codes c
  where c.status = 'pending_verification' and c.id > ?::uuid
  order by c.id
  limit ?`;

export interface DecidedChunk {
  picked: number;
  last_id: string | null;
  total: number;
  verified: number;
  rejected: number;
}
