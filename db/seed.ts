import { loadEnvForDatabase } from './database-url.ts';
import { describeSeed, seedCatalogAt } from './seeds/catalog-seed.ts';

// `npm run seed`: fills DATABASE_URL (migrated first: `npm run migrate`) with the demo catalog.
// Safe to run again: it adds only what is missing.
console.log(describeSeed(await seedCatalogAt(loadEnvForDatabase())));
