import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import type { Server } from 'node:http';

/** Starts a local stand-in server (SMSC, SMTP catcher's HTTP side, register); rejects if the port is taken. */
export function listen(app: Hono, port: number, hostname: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname }, () => resolve(server as Server));
    server.once('error', reject);
  });
}
