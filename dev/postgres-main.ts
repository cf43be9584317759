// `npm run dev:postgres`: the project's embedded PostgreSQL on its own, data kept in .data/postgres.
import { fileURLToPath } from 'node:url';
import { startEmbeddedPostgres } from './postgres.ts';

const dataDir = fileURLToPath(new URL('../.data/postgres', import.meta.url));
const port = portFromEnv('PG_PORT', 5433);

const server = await startEmbeddedPostgres({
  dataDir,
  port,
  persistent: true,
  log: (line) => console.log(`[postgres] ${line}`),
});
console.log(`PostgreSQL ready: DATABASE_URL=${server.url}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log(`${signal}: stopping PostgreSQL…`);
    server.stop().then(
      () => console.log('PostgreSQL stopped'),
      (err: unknown) => {
        console.error(err);
        process.exitCode = 1;
      },
    );
  });
}

function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${name}=${raw} is not a TCP port`);
  }
  return port;
}
