import type { Execute, SeedExpectation } from './verification-seed.ts';

export interface SeedOutcome {
  pending: number;
  verified: number;
  unknown_code: number;
  another_persons_code: number;
  not_attended_long_enough: number;
  /** Codes whose status or reason differs from the outcome the seed planned for them. */
  mismatched: number;
  credits: number;
  creditEntries: number;
  /** Cycles whose credit total differs from the sum of their verified events' credits. */
  cyclesWithWrongCredits: number;
  planItemsDone: number;
  /** Plan items marked done although their event's code was not verified. */
  planItemsWronglyDone: number;
  /** Already decided codes that a run changed. */
  alreadyDecidedChanged: number;
}

/** What the verification made of one seeded data set, measured in SQL against the seed's plan. */
export async function seedOutcome(execute: Execute, tag: string): Promise<SeedOutcome> {
  const rows = (await execute(`
    with seeded as (
      select e.*, x.outcome from verification_seed_expected x join event_codes e on e.id = x.code_id
      where x.tag = '${tag}'
    ), credits as (
      select s.cycle_id, ce.cycle_id as credited_cycle_id, s.outcome, ce.credits, ce.id as entry_id
      from seeded s left join credit_entries ce on ce.source = 'event' and ce.source_id = s.id
    ), credited as (
      select credited_cycle_id as cycle_id, sum(credits) as credits from credits
      where entry_id is not null group by credited_cycle_id
    ), planned as (
      select s.cycle_id, sum(el.credits) as credits from seeded s join catalog_elements el on el.id = s.element_id
      where s.outcome = 'verified' group by s.cycle_id
    )
    select
      (select count(*) from seeded where status = 'pending_verification')::int as pending,
      (select count(*) from seeded where status = 'verified')::int as verified,
      (select count(*) from seeded where rejection_reason = 'unknown_code')::int as unknown_code,
      (select count(*) from seeded where rejection_reason = 'another_persons_code')::int as another_persons_code,
      (select count(*) from seeded where rejection_reason = 'not_attended_long_enough')::int as not_attended_long_enough,
      (select count(*) from seeded
       where coalesce(rejection_reason, status) <> outcome
          or (status = 'rejected') <> (outcome <> 'verified'))::int as mismatched,
      (select coalesce(sum(credits), 0) from credits)::int as credits,
      (select count(entry_id) from credits)::int as "creditEntries",
      (select count(*) from credited full join planned using (cycle_id)
       where credited.credits is distinct from planned.credits)::int as "cyclesWithWrongCredits",
      (select count(*) from plan_items p join seeded s on s.cycle_id = p.cycle_id and s.element_id = p.element_id
       where p.status = 'done')::int as "planItemsDone",
      (select count(*) from plan_items p join seeded s on s.cycle_id = p.cycle_id and s.element_id = p.element_id
       where p.status = 'done' and s.outcome <> 'verified')::int as "planItemsWronglyDone",
      (select count(*) from event_codes where element_id = md5('e-${tag}-' || 100)::uuid
       and (status <> 'rejected' or verified_at > now() - interval '1 hour'))::int as "alreadyDecidedChanged"
  `)) as SeedOutcome[];
  return rows[0]!;
}

/** The outcome a correct verification leaves behind. */
export function outcomeOf(seed: SeedExpectation): SeedOutcome {
  return {
    pending: 0,
    verified: seed.verified,
    unknown_code: seed.unknown_code,
    another_persons_code: seed.another_persons_code,
    not_attended_long_enough: seed.not_attended_long_enough,
    mismatched: 0,
    credits: seed.credits,
    creditEntries: seed.verified,
    cyclesWithWrongCredits: 0,
    planItemsDone: seed.planItemsDone,
    planItemsWronglyDone: 0,
    alreadyDecidedChanged: 0,
  };
}
