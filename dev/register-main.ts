// Runs the local ФРМР-compatible register on its own (`npm run dev:register`), with the seed records
// of dev/register-seed.json. Env: REGISTER_PORT (default 3026), REGISTER_HOST (default 127.0.0.1),
// REGISTER_DEV_TOKEN (lookups must bear it; any are accepted when unset).
import { loadRegisterSeed, REGISTER_SEED_FILE, startRegisterServer } from './register-server.ts';
import { portFromEnv } from './port-from-env.ts';

const server = await startRegisterServer({
  port: portFromEnv('REGISTER_PORT', 3026),
  host: process.env.REGISTER_HOST ?? '127.0.0.1',
  records: await loadRegisterSeed(REGISTER_SEED_FILE),
  ...(process.env.REGISTER_DEV_TOKEN ? { token: process.env.REGISTER_DEV_TOKEN } : {}),
});

console.log(`ФРМР-compatible register: ${server.url} (records: ${server.url}/_records)`);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`ФРМР-compatible register: ${signal}, stopping`);
  await server.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
