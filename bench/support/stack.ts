// The local stack of one bench run, in a temp dir: embedded PostgreSQL with a freshly migrated
// database, the Temporal dev server (in memory, headless, with the search attributes), and the
// local SMSC server. Everything is registered with `cleanup`.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openOrm } from '../../db/orm.ts';
import { createDatabase, startEmbeddedPostgres } from '../../dev/postgres.ts';
import { startSmscServer } from '../../dev/smsc-server.ts';
import { ensureTemporalCli } from '../../dev/temporal-cli.ts';
import { startTemporalDevServer } from '../../dev/temporal-server.ts';
import { SEARCH_ATTRIBUTES } from '../../workflows/search-attributes.ts';
import type { Cleanup } from './cleanup.ts';
import { findProcess } from './cpu.ts';

export const SMSC_LOGIN = 'kabinet';
export const SMSC_PASSWORD = 'bench-password';
const DATABASE = 'kabinet_bench';

export async function startBenchStack(opts: { cleanup: Cleanup; say: (msg: string) => void; deliveryDelayMs: number }) {
  const { cleanup, say } = opts;
  const quiet = () => {};
  const workDir = await mkdtemp(join(tmpdir(), 'kabinet-bench-'));
  cleanup.defer('the temp dir', () => rm(workDir, { recursive: true, force: true }));
  // Run as root, the embedded server drops to the postgres user, which must be able to enter this dir.
  await chmod(workDir, 0o755);

  const cli = await ensureTemporalCli(say);
  const [postgres, temporal, smsc] = await Promise.all([
    startPostgres(join(workDir, 'pg'), say).then((s) => {
      cleanup.defer('PostgreSQL', () => s.stop());
      return s;
    }),
    startTemporalDevServer({ binary: cli, uiPort: false, searchAttributes: SEARCH_ATTRIBUTES, log: quiet }).then(
      (s) => {
        cleanup.defer('the Temporal dev server', () => s.stop());
        return s;
      },
    ),
    startSmscServer({ deliveryDelayMs: opts.deliveryDelayMs, login: SMSC_LOGIN, password: SMSC_PASSWORD }).then((s) => {
      cleanup.defer('the SMSC server', () => s.close());
      return s;
    }),
  ]);

  await createDatabase(postgres.url, DATABASE);
  const databaseUrl = postgres.url.replace(/\/[^/]*$/, `/${DATABASE}`);
  const orm = await openOrm(databaseUrl);
  try {
    await migrate(orm);
  } finally {
    await orm.close();
  }
  // For the CPU accounting of the report (undefined where /proc cannot tell).
  const pids = {
    temporal: await findProcess('start-dev', `--port ${temporal.address.split(':')[1]} `),
    postgres: await findProcess('postgres', `-D ${postgres.dataDir}`),
  };
  return { workDir, databaseUrl, temporalAddress: temporal.address, smsc, pids };
}

/**
 * On a busy shared machine a fresh cluster now and then fails to come up (a free port taken in the
 * meantime, a slow start): one more try, in a new data dir, before giving up.
 */
async function startPostgres(dataDir: string, say: (msg: string) => void) {
  try {
    return { ...(await startEmbeddedPostgres({ dataDir, log: () => {}, persistent: false })), dataDir };
  } catch (err) {
    say(`PostgreSQL did not start, trying once more: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    const again = `${dataDir}-2`;
    return { ...(await startEmbeddedPostgres({ dataDir: again, log: () => {}, persistent: false })), dataDir: again };
  }
}
