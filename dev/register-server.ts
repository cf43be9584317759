// A local server compatible with integrations/register/client.ts, standing in for the federal
// register of medical workers (ФРМР) in development and tests. Nothing here talks to the real register.
//
//   GET    /api/v1/workers/documents?kind=&series=&number=  → {found: false} | {found: true, fullName,
//          specialty, issuedOn, organization}; 400 when a parameter is missing or not digits; 401 when the
//          server has a token and the request does not bear it
//
// Admin HTTP endpoints:
//   GET    /_records               → {items: [...]} every record, also those not visible yet
//   POST   /_records               {kind, series, number, fullName, specialty, issuedOn, organization?,
//                                   visibleAfterMs?} → 201; the real register shows a new document only
//                                   after a while: with visibleAfterMs the record is found only that much later
//   DELETE /_records               → back to the seed records
//   POST   /_faults                {httpStatus?, delayMs?, times? = 1} the next `times` lookups wait delayMs
//                                   (if given) and then answer HTTP httpStatus (if given; else normally)
//   GET    /_faults                → {faults: [...]} still pending
//   DELETE /_faults                → drops pending faults
import { listen } from './listen.ts';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';

const KINDS = ['specialist_certificate', 'accreditation'] as const;

export const RegisterRecordSchema = z.object({
  kind: z.enum(KINDS),
  series: z.string().regex(/^\d+$/),
  number: z.string().regex(/^\d+$/),
  fullName: z.string().min(1),
  specialty: z.string().min(1),
  issuedOn: z.iso.date(),
  organization: z.string().optional(),
});
export type RegisterRecord = z.infer<typeof RegisterRecordSchema>;

const NewRecordSchema = RegisterRecordSchema.extend({ visibleAfterMs: z.number().int().min(0).optional() });
export type NewRegisterRecord = z.infer<typeof NewRecordSchema>;

const FaultSchema = z
  .object({
    httpStatus: z.number().int().min(400).max(599).optional(),
    delayMs: z.number().int().min(0).max(600_000).optional(),
    times: z.number().int().min(1).default(1),
  })
  .refine((f) => f.httpStatus !== undefined || f.delayMs !== undefined, 'give httpStatus and/or delayMs');
export type RegisterFault = z.input<typeof FaultSchema>;

const QuerySchema = z.object({
  kind: z.enum(KINDS),
  series: z.string().regex(/^\d{1,10}$/),
  number: z.string().regex(/^\d{1,10}$/),
});

export interface RegisterServerOptions {
  port?: number;
  host?: string;
  /** Records the register holds from the start (and returns to on DELETE /_records). */
  records?: RegisterRecord[];
  /** When set, lookups must carry `Authorization: Bearer <token>`. */
  token?: string;
}

export interface RunningRegisterServer {
  url: string;
  port: number;
  records: {
    add(record: NewRegisterRecord): void;
    list(): (RegisterRecord & { visibleFrom: string })[];
    reset(): void;
  };
  faults: { add(fault: RegisterFault): void; clear(): void };
  /** Lookups answered so far (faulted ones included). */
  lookups(): number;
  close(): Promise<void>;
}

type StoredRecord = RegisterRecord & { visibleFrom: number };
type PendingFault = z.output<typeof FaultSchema>;

const keyOf = (r: { kind: string; series: string; number: string }) => `${r.kind}:${r.series}:${r.number}`;

export async function startRegisterServer(
  options: RegisterServerOptions = {},
): Promise<RunningRegisterServer> {
  const host = options.host ?? '127.0.0.1';
  const seed = (options.records ?? []).map((r) => RegisterRecordSchema.parse(r));
  let records = new Map<string, StoredRecord>();
  let faults: PendingFault[] = [];
  let lookups = 0;
  const closing = new AbortController();

  const control: RunningRegisterServer['records'] = {
    add(record) {
      const { visibleAfterMs, ...fields } = NewRecordSchema.parse(record);
      records.set(keyOf(fields), { ...fields, visibleFrom: Date.now() + (visibleAfterMs ?? 0) });
    },
    list: () =>
      [...records.values()].map((r) => ({ ...r, visibleFrom: new Date(r.visibleFrom).toISOString() })),
    reset() {
      records = new Map(seed.map((r) => [keyOf(r), { ...r, visibleFrom: 0 }]));
    },
  };
  control.reset();

  const app = new Hono();

  app.get('/api/v1/workers/documents', async (c) => {
    lookups++;
    const fault = faults[0];
    if (fault) {
      if (--fault.times <= 0) faults.shift();
      if (fault.delayMs) {
        try {
          await sleep(fault.delayMs, undefined, { signal: closing.signal });
        } catch {
          return c.text('server is closing', 503);
        }
      }
      if (fault.httpStatus)
        return c.text(`injected HTTP ${fault.httpStatus}`, fault.httpStatus as ContentfulStatusCode);
    }
    if (options.token && c.req.header('authorization') !== `Bearer ${options.token}`) {
      return c.json({ error: 'unauthorized' }, 401);
    }
    const query = QuerySchema.safeParse(c.req.query());
    if (!query.success) return c.json({ error: 'bad query', issues: query.error.issues }, 400);
    const record = records.get(keyOf(query.data));
    if (!record || record.visibleFrom > Date.now()) return c.json({ found: false });
    return c.json({
      found: true,
      fullName: record.fullName,
      specialty: record.specialty,
      issuedOn: record.issuedOn,
      ...(record.organization ? { organization: record.organization } : {}),
    });
  });

  app.get('/_records', (c) => c.json({ items: control.list() }));
  app.post('/_records', async (c) => {
    const parsed = NewRecordSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ error: 'bad record', issues: parsed.error.issues }, 400);
    control.add(parsed.data);
    return c.json({ record: parsed.data }, 201);
  });
  app.delete('/_records', (c) => {
    control.reset();
    return c.body(null, 204);
  });

  app.get('/_faults', (c) => c.json({ faults }));
  app.post('/_faults', async (c) => {
    const parsed = FaultSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ error: 'bad fault', issues: parsed.error.issues }, 400);
    faults.push(parsed.data);
    return c.json({ faults }, 201);
  });
  app.delete('/_faults', (c) => {
    faults = [];
    return c.body(null, 204);
  });

  app.get('/', (c) =>
    c.json({
      service: 'ФРМР-compatible register (local)',
      records: records.size,
      endpoints: ['/api/v1/workers/documents?kind=&series=&number=', '/_records', '/_faults'],
    }),
  );

  const server = await listen(app, options.port ?? 0, host);
  const port = (server.address() as AddressInfo).port;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    records: control,
    faults: {
      add: (fault) => void faults.push(FaultSchema.parse(fault)),
      clear: () => void (faults = []),
    },
    lookups: () => lookups,
    async close() {
      closing.abort();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // fetch keeps connections alive; without this close() would wait for them to time out.
      server.closeAllConnections();
      await closed;
    },
  };
}

/** The seed records of the local stack (dev/register-seed.json), checked. */
export async function loadRegisterSeed(file: string): Promise<RegisterRecord[]> {
  const json: unknown = JSON.parse(await readFile(file, 'utf8'));
  return z.object({ records: z.array(RegisterRecordSchema) }).parse(json).records;
}

export const REGISTER_SEED_FILE = new URL('./register-seed.json', import.meta.url).pathname;
