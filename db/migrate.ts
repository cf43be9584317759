import { loadEnvForDatabase } from './database-url.ts';
import { migrate, openOrm } from './orm.ts';

// `npm run migrate`: applies pending migrations to DATABASE_URL and exits.
const orm = await openOrm(loadEnvForDatabase());
try {
  const applied = await migrate(orm);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
} finally {
  await orm.close();
}
