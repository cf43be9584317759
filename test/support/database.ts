import { randomBytes } from 'node:crypto';
import { createDatabase, dropDatabase } from '../../dev/postgres.ts';
import { openOrm, type MikroORM } from '../../db/orm.ts';

export const TEMPLATE_DATABASE = 'kabinet_template';

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the suite with \`npm test\` (test/run.ts starts the services)`);
  return value;
}

/** A fresh database cloned from the migrated template: each test file gets its own. */
export async function createTestDatabase(): Promise<{ url: string; orm: MikroORM; drop(): Promise<void> }> {
  const adminUrl = requireEnv('TEST_PG_ADMIN_URL');
  const name = `kabinet_t_${randomBytes(6).toString('hex')}`;
  await createDatabase(adminUrl, name, TEMPLATE_DATABASE);
  const url = adminUrl.replace(/\/[^/]*$/, `/${name}`);
  const orm = await openOrm(url);
  return {
    url,
    orm,
    async drop() {
      await orm.close();
      await dropDatabase(adminUrl, name);
    },
  };
}
