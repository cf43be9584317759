// The floor: every pending code decided by ONE raw-SQL statement, `UPDATE … FROM unnest(ids)`,
// with exactly the matching, crediting and plan marking of the workflow's chunks (the same SQL text,
// activities/event-code-verification-sql.ts, with the planner free to hash-join whole tables), on
// its own fresh copy of the seeded data.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { decideEventCodesSql } from '../../activities/event-code-verification-sql.ts';

const ALL_PENDING = `
  select c.id, c.specialist_id, c.cycle_id, c.element_id, c.code
  from event_codes c join unnest(?::uuid[]) as ids(id) on c.id = ids.id
  where c.status = 'pending_verification'`;

/** pg numbers its parameters. */
const numbered = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

export interface FloorResult {
  seconds: number;
  /** Reading the pending ids beforehand, not part of `seconds`. */
  fetchSeconds: number;
  decided: number;
}

export async function runVerificationFloor(opts: {
  url: string;
  say: (msg: string) => void;
}): Promise<FloorResult> {
  const client = new pg.Client({ connectionString: opts.url });
  await client.connect();
  try {
    const runId = randomUUID();
    await client.query(`insert into verification_runs (id, workflow_id) values ($1, 'bench-floor')`, [runId]);
    const fetchStarted = performance.now();
    const { rows } = await client.query<{ ids: string[] }>(
      `select array_agg(id) as ids from event_codes where status = 'pending_verification'`,
    );
    const ids = rows[0]?.ids ?? [];
    const fetchSeconds = (performance.now() - fetchStarted) / 1000;

    opts.say(`floor: one statement deciding ${ids.length.toLocaleString('en')} codes…`);
    const began = performance.now();
    const ticker = setInterval(
      () =>
        opts.say(`floor: still in its one statement, ${((performance.now() - began) / 1000).toFixed(0)} s`),
      5_000,
    );
    try {
      const result = await client.query<{ verified: number; rejected: number }>(
        numbered(decideEventCodesSql(ALL_PENDING, 'all')),
        [ids, runId, runId],
      );
      const seconds = (performance.now() - began) / 1000;
      const decided = (result.rows[0]?.verified ?? 0) + (result.rows[0]?.rejected ?? 0);
      opts.say(`floor: ${decided.toLocaleString('en')} codes in ${seconds.toFixed(2)} s`);
      return { seconds, fetchSeconds, decided };
    } finally {
      clearInterval(ticker);
    }
  } finally {
    await client.end();
  }
}
