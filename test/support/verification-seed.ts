/**
 * A synthetic data set for the event-code verification, written with set-based SQL (generate_series),
 * so 100,000 codes take seconds and 1,000,000 (the benchmark) well under a minute. Every id is
 * md5(<kind>-<tag>-<n>)::uuid: random-looking like real ids, yet computable from the numbers.
 *
 * Code k belongs to specialist k/4 (one cycle each) for event (k/4 + (k%4)·25) % 100, and its
 * outcome is fixed by k % 20:
 *   0–5, 10–15  verified (attendance by the same person, long enough)
 *   6, 16       another_persons_code (6 is also too short: the person is checked first)
 *   7, 17       not_attended_long_enough
 *   8, 18       unknown_code (no attendance at all)
 *   9, 19       unknown_code (attendance only under a different code)
 * Every third code has its event in the cycle's plan. The outcome of each code is written to
 * `verification_seed_expected`, which the checks compare with what the verification decided.
 * Besides, one specialist in a hundred has an already rejected code whose attendance would now
 * verify it: a run must leave decided codes alone.
 */

export type Execute = (sql: string) => Promise<unknown>;

const EVENTS = 100;
const OFFSET = EVENTS / 4;

export interface SeedExpectation {
  tag: string;
  providerId: string;
  codes: number;
  verified: number;
  unknown_code: number;
  another_persons_code: number;
  not_attended_long_enough: number;
  /** ЗЕТ over all verified codes. */
  credits: number;
  /** Plan items whose event gets verified (the others stay planned). */
  planItemsDone: number;
  /** Codes decided before the run. */
  alreadyDecided: number;
}

export function expectedOutcome(
  k: number,
): 'verified' | 'unknown_code' | 'another_persons_code' | 'not_attended_long_enough' {
  const r = k % 20;
  if (r === 6 || r === 16) return 'another_persons_code';
  if (r === 7 || r === 17) return 'not_attended_long_enough';
  if (r === 8 || r === 18 || r === 9 || r === 19) return 'unknown_code';
  return 'verified';
}

const eventOf = (k: number) => (Math.floor(k / 4) + (k % 4) * OFFSET) % EVENTS;
const creditsOf = (event: number) => 1 + (event % 6);

/**
 * `codes` pending codes (a multiple of 20) under `tag` (lowercase letters and digits, unique per
 * database). `execute` must run every statement in one session: a transaction or a single client.
 */
export async function seedPendingCodes(
  execute: Execute,
  options: { tag: string; codes: number; seriesNo: number },
): Promise<SeedExpectation> {
  const { tag, codes: n, seriesNo } = options;
  if (!/^[a-z0-9]{1,12}$/.test(tag))
    throw new Error(`seed tag must be short lowercase letters and digits: ${tag}`);
  if (n <= 0 || n % 20 !== 0) throw new Error('codes must be a positive multiple of 20');
  const specialists = n / 4;
  const id = (kind: string, n: string) => `md5('${kind}-${tag}-' || ${n})::uuid`;
  const provider = id('p', "''");
  const minutes = (j: string) => `(60 + (${j} % 4) * 30)`;

  // Consistent by construction: without the per-row foreign-key triggers a million codes load in
  // a fraction of the time. Needs a superuser (the embedded server's user) and one session throughout.
  await execute('set session_replication_role = replica');
  await execute(`insert into providers (id, name) values (${provider}, 'Организатор ${tag}')`);
  await execute(`
    insert into catalog_elements (id, type, title, provider_id, credits, starts_on, ends_on, min_attendance_minutes)
    select ${id('e', 'j')}, 'event', 'Мероприятие ${tag}-' || j, ${provider}, 1 + j % 6,
           date '2024-03-01' + j, date '2024-03-01' + j, ${minutes('j')}
    from generate_series(0, ${EVENTS}) j`);
  await execute(`
    insert into users (id, login, password_hash)
    select ${id('u', 'i')}, 'seed-${tag}-' || i, 'not-a-hash' from generate_series(0, ${specialists - 1}) i`);
  await execute(`
    insert into specialists (id, user_id, full_name)
    select ${id('s', 'i')}, ${id('u', 'i')}, 'Специалист ${tag}-' || i from generate_series(0, ${specialists - 1}) i`);
  await execute(`
    insert into specialist_documents (id, specialist_id, kind, series, number, specialty, issued_on)
    select ${id('d', 'i')}, ${id('s', 'i')}, 'accreditation', lpad('${seriesNo}', 4, '0'), lpad(i::text, 8, '0'),
           'Терапия', date '2023-01-01'
    from generate_series(0, ${specialists - 1}) i`);
  await execute(`
    insert into cycles (id, specialist_id, document_id, specialty, starts_on, ends_on)
    select ${id('c', 'i')}, ${id('s', 'i')}, ${id('d', 'i')}, 'Терапия', date '2023-01-01', date '2028-01-01'
    from generate_series(0, ${specialists - 1}) i`);

  const generated = `
    select k, k / 4 as i, (k / 4 + (k % 4) * ${OFFSET}) % ${EVENTS} as j, k % 20 as r
    from generate_series(0, ${n - 1}) k`;
  await execute(`
    insert into event_codes (id, specialist_id, cycle_id, element_id, code, status)
    select ${id('k', 'k')}, ${id('s', 'i')}, ${id('c', 'i')}, ${id('e', 'j')}, upper('K${tag}-' || k), 'pending_verification'
    from (${generated}) g`);
  await execute(`
    insert into attendance_records (id, provider_id, element_id, code, specialist_id, minutes_attended)
    select ${id('a', 'k')}, ${provider}, ${id('e', 'j')},
           upper(case when r in (9, 19) then 'X' else 'K' end || '${tag}-' || k),
           case when r in (6, 16) then ${id('s', `((i + 1) % ${specialists})`)} else ${id('s', 'i')} end,
           ${minutes('j')} + case when r in (6, 7, 17) then -5 else 10 end
    from (${generated}) g where r not in (8, 18)`);
  await execute(`
    insert into plan_items (id, cycle_id, element_id, status)
    select ${id('pi', 'k')}, ${id('c', 'i')}, ${id('e', 'j')}, 'planned' from (${generated}) g where k % 3 = 0`);
  await execute(`
    create table if not exists verification_seed_expected (tag text not null, code_id uuid primary key, outcome text not null)`);
  await execute(`
    insert into verification_seed_expected (tag, code_id, outcome)
    select '${tag}', ${id('k', 'k')},
           case when r in (6, 16) then 'another_persons_code' when r in (7, 17) then 'not_attended_long_enough'
                when r in (8, 18, 9, 19) then 'unknown_code' else 'verified' end
    from (${generated}) g`);

  // Decided earlier (rejected), although attendance under that code now exists: it must stay as it is.
  const alreadyDecided = Math.ceil(specialists / 100);
  await execute(`
    insert into event_codes (id, specialist_id, cycle_id, element_id, code, status, rejection_reason, verified_at)
    select ${id('kd', 'i')}, ${id('s', 'i')}, ${id('c', 'i')}, ${id('e', `${EVENTS}`)}, upper('KD${tag}-' || i),
           'rejected', 'unknown_code', now() - interval '1 day'
    from generate_series(0, ${alreadyDecided - 1}) i`);
  await execute(`
    insert into attendance_records (id, provider_id, element_id, code, specialist_id, minutes_attended)
    select ${id('ad', 'i')}, ${provider}, ${id('e', `${EVENTS}`)}, upper('KD${tag}-' || i), ${id('s', 'i')}, 500
    from generate_series(0, ${alreadyDecided - 1}) i`);
  await execute('reset session_replication_role');
  await execute('analyze');

  const expectation: SeedExpectation = {
    tag,
    providerId: '',
    codes: n,
    verified: 0,
    unknown_code: 0,
    another_persons_code: 0,
    not_attended_long_enough: 0,
    credits: 0,
    planItemsDone: 0,
    alreadyDecided,
  };
  for (let k = 0; k < n; k++) {
    const outcome = expectedOutcome(k);
    expectation[outcome] += 1;
    if (outcome === 'verified') {
      expectation.credits += creditsOf(eventOf(k));
      if (k % 3 === 0) expectation.planItemsDone += 1;
    }
  }
  const rows = (await execute(`select ${provider} as id`)) as { id: string }[];
  expectation.providerId = rows[0]!.id;
  return expectation;
}
