import { loadEnvForDatabase } from './database-url.ts';
import { describeSeed, seedCatalogAt } from './seeds/catalog-seed.ts';
import { describeLicenceSeed, seedLicencesAt } from './seeds/licence-seed.ts';

// `npm run seed`: fills DATABASE_URL (migrated first: `npm run migrate`) with the demo catalog.
// Safe to run again: it adds only what is missing.
console.log(describeSeed(await seedCatalogAt(loadEnvForDatabase())));
// Sample 1С:ИТС licences: their PIN hashes are keyed by KABINET_SECRET, so only with it set.
const secret = process.env.KABINET_SECRET;
console.log(
  secret
    ? describeLicenceSeed(await seedLicencesAt(loadEnvForDatabase(), secret))
    : "licence seed: skipped (set KABINET_SECRET to the API's value to seed sample licences)",
);
