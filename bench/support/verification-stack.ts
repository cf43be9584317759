// The stack of one verification bench run, in a temp dir: embedded PostgreSQL and the Temporal dev
// server (in memory, headless, with the search attributes). The seeded database is a template: the
// floor and kabinet each get an identical fresh copy of it (CREATE DATABASE … TEMPLATE).
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { migrate, openOrm } from '../../db/orm.ts';
import { createDatabase, startEmbeddedPostgres } from '../../dev/postgres.ts';
import { ensureTemporalCli } from '../../dev/temporal-cli.ts';
import { startTemporalDevServer } from '../../dev/temporal-server.ts';
import { SEARCH_ATTRIBUTES } from '../../workflows/search-attributes.ts';
import type { Cleanup } from './cleanup.ts';
import { findProcess, treeCpuSeconds } from './cpu.ts';

const SEEDED = 'kabinet_verification_seeded';

export async function startVerificationStack(opts: { cleanup: Cleanup; say: (msg: string) => void }) {
  const { cleanup, say } = opts;
  const quiet = () => {};
  const workDir = await mkdtemp(join(tmpdir(), 'kabinet-bench-verification-'));
  cleanup.defer('the temp dir', () => rm(workDir, { recursive: true, force: true }));
  // Run as root, the embedded server drops to the postgres user, which must be able to enter this dir.
  await chmod(workDir, 0o755);

  const cli = await ensureTemporalCli(say);
  const [postgres, temporal] = await Promise.all([
    startEmbeddedPostgres({ dataDir: join(workDir, 'pg'), log: quiet, persistent: false }).then((s) => {
      cleanup.defer('PostgreSQL', () => s.stop());
      return s;
    }),
    startTemporalDevServer({
      binary: cli,
      uiPort: false,
      searchAttributes: SEARCH_ATTRIBUTES,
      log: quiet,
    }).then((s) => {
      cleanup.defer('the Temporal dev server', () => s.stop());
      return s;
    }),
  ]);
  const urlOf = (database: string) => postgres.url.replace(/\/[^/]*$/, `/${database}`);

  await createDatabase(postgres.url, SEEDED);
  const orm = await openOrm(urlOf(SEEDED));
  try {
    await migrate(orm);
  } finally {
    await orm.close();
  }
  const postmaster = await findProcess('postgres', `-D ${join(workDir, 'pg')}`);
  return {
    workDir,
    /** CPU seconds PostgreSQL (server and every backend) has used so far; NaN where /proc cannot tell. */
    postgresCpuSeconds: async () => (postmaster ? treeCpuSeconds(postmaster) : NaN),
    temporalAddress: temporal.address,
    /** A client on the seeded template database; end it before copying. */
    async connectSeeded(): Promise<pg.Client> {
      const client = new pg.Client({ connectionString: urlOf(SEEDED) });
      await client.connect();
      return client;
    },
    /** An identical fresh copy of the seeded database; returns its URL. */
    async copySeeded(name: string): Promise<string> {
      await createDatabase(postgres.url, name, SEEDED);
      return urlOf(name);
    },
  };
}

export type VerificationStack = Awaited<ReturnType<typeof startVerificationStack>>;

/** Runs each statement on one client (the seed needs one session) and returns the rows. */
export const rowsOf = (client: pg.Client) => async (sql: string) => (await client.query(sql)).rows as unknown;
