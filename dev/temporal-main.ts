// `npm run dev:temporal`: the Temporal dev server on its own, state kept in .data/temporal.sqlite.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { SEARCH_ATTRIBUTES } from './search-attributes.ts';
import { ensureTemporalCli } from './temporal-cli.ts';
import { startTemporalDevServer } from './temporal-server.ts';

const dataDir = fileURLToPath(new URL('../.data', import.meta.url));
const log = (line: string) => console.log(`[temporal] ${line}`);

const binary = await ensureTemporalCli(log);
await mkdir(dataDir, { recursive: true });
const server = await startTemporalDevServer({
  binary,
  port: portFromEnv('TEMPORAL_PORT', 7233),
  uiPort: portFromEnv('TEMPORAL_UI_PORT', 8233),
  dbFile: `${dataDir}/temporal.sqlite`,
  namespace: process.env['TEMPORAL_NAMESPACE'] || 'default',
  searchAttributes: SEARCH_ATTRIBUTES,
  log,
});
console.log(`Temporal ready: TEMPORAL_ADDRESS=${server.address} namespace ${server.namespace}`);
console.log(`Temporal UI: ${server.uiUrl}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log(`${signal}: stopping Temporal…`);
    server.stop().then(
      () => console.log('Temporal stopped'),
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
