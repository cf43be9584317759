// The local infrastructure launchers: embedded PostgreSQL and the Temporal dev server.
import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Connection } from '@temporalio/client';
import pg from 'pg';
import { createDatabase, dropDatabase, startEmbeddedPostgres } from '../../dev/postgres.ts';
import { SEARCH_ATTRIBUTES } from '../../dev/search-attributes.ts';
import { ensureTemporalCli } from '../../dev/temporal-cli.ts';
import { startTemporalDevServer } from '../../dev/temporal-server.ts';

// temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD
const INDEXED_VALUE_TYPE_KEYWORD = 2;

describe('embedded PostgreSQL', () => {
  let base = '';
  before(async () => {
    base = await mkdtemp(join(tmpdir(), 'kabinet-pg-'));
    // mkdtemp makes the dir private; as root, PostgreSQL runs as `postgres` and must pass through it.
    await chmod(base, 0o755);
  });
  after(() => rm(base, { recursive: true, force: true }));

  test('creates a cluster, clones a template database, and keeps data across restarts', async (t) => {
    const dataDir = join(base, 'data');
    // Startup failures carry the server's last output in their message; success needs no log.
    const log = () => {};

    let started = performance.now();
    const first = await startEmbeddedPostgres({ dataDir, persistent: true, log });
    t.diagnostic(`first start (initdb + start): ${Math.round(performance.now() - started)} ms`);
    try {
      assert.deepEqual(await queryRows(first.url, 'select 1 as one'), [{ one: 1 }]);
      await createDatabase(first.url, 'kabinet_template');
      await withClient(databaseUrl(first.url, 'kabinet_template'), async (client) => {
        await client.query('create table note (body text not null)');
        await client.query(`insert into note values ('kept')`);
      });
      await createDatabase(first.url, 'kabinet_copy', 'kabinet_template');
    } finally {
      await first.stop();
    }

    started = performance.now();
    const second = await startEmbeddedPostgres({ dataDir, persistent: true, log });
    t.diagnostic(`restart on the existing data dir: ${Math.round(performance.now() - started)} ms`);
    try {
      const copyUrl = databaseUrl(second.url, 'kabinet_copy');
      assert.deepEqual(await queryRows(copyUrl, 'select body from note'), [{ body: 'kept' }]);
      await dropDatabase(second.url, 'kabinet_copy');
      const names = await queryRows(
        second.url,
        `select datname from pg_database where datname like 'kabinet_%'`,
      );
      assert.deepEqual(names, [{ datname: 'kabinet_template' }]);
    } finally {
      await second.stop();
    }
  });
});

describe('Temporal dev server', () => {
  let binary = '';
  // The first run on a machine builds the CLI with Go: minutes, once.
  before(
    async () => {
      binary = await ensureTemporalCli((msg) => console.error(`[temporal-cli] ${msg}`));
    },
    { timeout: 20 * 60_000 },
  );

  test('starts headless in memory with the kabinet search attributes', async (t) => {
    const started = performance.now();
    const server = await startTemporalDevServer({
      binary,
      uiPort: false,
      namespace: 'kabinet-test',
      searchAttributes: SEARCH_ATTRIBUTES,
      log: () => {},
    });
    t.diagnostic(`dev server ready: ${Math.round(performance.now() - started)} ms`);
    try {
      assert.equal(server.uiUrl, undefined);
      const connection = await Connection.connect({ address: server.address });
      try {
        const { customAttributes } = await connection.operatorService.listSearchAttributes({
          namespace: 'kabinet-test',
        });
        for (const name of Object.keys(SEARCH_ATTRIBUTES)) {
          assert.equal(customAttributes?.[name], INDEXED_VALUE_TYPE_KEYWORD, `${name} is a Keyword`);
        }
      } finally {
        await connection.close();
      }
    } finally {
      await server.stop();
    }
  });
});

function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function queryRows(url: string, sql: string): Promise<unknown[]> {
  let rows: unknown[] = [];
  await withClient(url, async (client) => {
    rows = (await client.query(sql)).rows;
  });
  return rows;
}

async function withClient(url: string, work: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
