// Runs the local SMTP catcher on its own (`npm run dev:smtp`).
// Env: SMTP_PORT (default 2525), SMTP_HTTP_PORT (default 3027), SMTP_HOST (default 127.0.0.1).
// The letters survive restarts in .data/smtp-outbox.json.

import { resolve } from 'node:path';
import { portFromEnv } from './port-from-env.ts';
import { startSmtpCatcher } from './smtp-server.ts';

const server = await startSmtpCatcher({
  smtpPort: portFromEnv('SMTP_PORT', 2525),
  httpPort: portFromEnv('SMTP_HTTP_PORT', 3027),
  host: process.env.SMTP_HOST ?? '127.0.0.1',
  outboxFile: resolve(import.meta.dirname, '..', '.data', 'smtp-outbox.json'),
});

console.log(`SMTP catcher: ${server.smtpUrl} (letters: ${server.url}/, JSON: ${server.url}/letters)`);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`SMTP catcher: ${signal}, stopping`);
  await server.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
