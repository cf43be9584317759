// Runs the local SMSC-compatible server on its own (`npm run dev:smsc`).
// Env: SMSC_PORT (default 3025; 8025 is left to SMTP catchers' web UIs), SMSC_HOST (default 127.0.0.1),
// SMSC_DEV_LOGIN + SMSC_DEV_PASSWORD (check credentials; any are accepted when unset),
// SMSC_DELIVERY_DELAY_MS (default 1000). The outbox survives restarts in .data/smsc-outbox.json.

import { resolve } from 'node:path';
import { startSmscServer } from './smsc-server.ts';

const port = Number(process.env.SMSC_PORT ?? 3025);
const deliveryDelayMs = Number(process.env.SMSC_DELIVERY_DELAY_MS ?? 1000);
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`SMSC_PORT is not a port: ${port}`);
if (!Number.isFinite(deliveryDelayMs) || deliveryDelayMs < 0) {
  throw new Error(`SMSC_DELIVERY_DELAY_MS is not a duration: ${deliveryDelayMs}`);
}

const server = await startSmscServer({
  port,
  host: process.env.SMSC_HOST ?? '127.0.0.1',
  deliveryDelayMs,
  outboxFile: resolve(import.meta.dirname, '..', '.data', 'smsc-outbox.json'),
  ...(process.env.SMSC_DEV_LOGIN && process.env.SMSC_DEV_PASSWORD
    ? { login: process.env.SMSC_DEV_LOGIN, password: process.env.SMSC_DEV_PASSWORD }
    : {}),
});

console.log(`SMSC-compatible server: ${server.url} (outbox: ${server.url}/, JSON: ${server.url}/_outbox)`);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`SMSC-compatible server: ${signal}, stopping`);
  await server.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
