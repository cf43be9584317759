// The application database on the embedded server, and the schema migrations for any database.
import pg from 'pg';
import { migrate, openOrm } from '../db/orm.ts';
import { createDatabase } from './postgres.ts';

const DUPLICATE_DATABASE = '42P04';

/** Creates database `name` on the server of `adminUrl` unless it exists; returns its URL. */
export async function ensureDatabase(
  adminUrl: string,
  name: string,
): Promise<{ url: string; created: boolean }> {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  // Asking first keeps "database already exists" errors out of the server log on every start.
  if (await databaseExists(adminUrl, name)) return { url: url.toString(), created: false };
  try {
    await createDatabase(adminUrl, name);
  } catch (err) {
    // Another process created it in the meantime.
    if ((err as { code?: string }).code !== DUPLICATE_DATABASE) throw err;
    return { url: url.toString(), created: false };
  }
  return { url: url.toString(), created: true };
}

/** Applies pending migrations; returns the names applied. */
export async function applyMigrations(databaseUrl: string): Promise<string[]> {
  const orm = await openOrm(databaseUrl);
  try {
    return await migrate(orm);
  } finally {
    await orm.close();
  }
}

async function databaseExists(adminUrl: string, name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const result = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return result.rowCount === 1;
  } finally {
    await client.end();
  }
}
