// `npm run bench:payslips`: publish 10,000 payslips in one call (window open, deferral off) and time
// until every notification is handed to the SMS provider, beside the same run's floor: inserting
// 10,000 outbox rows with one set-based INSERT. Also the publish POST's latency. See README, Performance.
//
//   node bench/payslips.ts [--count 10000] [--delivery-delay-ms 100]
import { randomBytes, randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { insertOutboxMessages, type NewOutboxMessage } from '../processes/outbox/queue.ts';
import { buildBundles } from './support/bundles.ts';
import { Cleanup } from './support/cleanup.ts';
import { WORKER_STARTED } from './support/floor-phase.ts';
import { setUpOrganization } from './support/organization.ts';
import { mib, sampleRss } from './support/rss.ts';
import { SMSC_LOGIN, SMSC_PASSWORD, startBenchStack } from './support/stack.ts';
import { phaseTimeoutMs, waitFor } from './support/wait.ts';
import { spawnWorkerProcess } from './support/worker-process.ts';
import { startBenchApi } from './support/bench-api.ts';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '10000' },
    'delivery-delay-ms': { type: 'string', default: '100' },
  },
});
const count = Number(values.count);
const deliveryDelayMs = Number(values['delivery-delay-ms']);
if (!Number.isInteger(count) || count < 1 || count > 10_000) throw new Error('--count must be 1…10000');
const TASK_QUEUE = 'kabinet';

const began = performance.now();
const say = (msg: string) =>
  console.log(`[bench ${((performance.now() - began) / 1000).toFixed(1).padStart(5)} s] ${msg}`);
const cleanup = new Cleanup(say);
cleanup.stopOnSignals();

const LINES = [
  { kind: 'accrual', name: 'Оклад', amount: 85_000 },
  { kind: 'accrual', name: 'Районный коэффициент', amount: 12_750 },
  { kind: 'accrual', name: 'Премия по итогам месяца', amount: 15_000.5 },
  { kind: 'deduction', name: 'НДФЛ', amount: 14_667.57 },
  { kind: 'deduction', name: 'Профсоюзные взносы', amount: 850 },
  { kind: 'payment', name: 'Аванс за первую половину месяца', amount: 30_000 },
];

let exitCode = 0;
try {
  say(
    `starting PostgreSQL, the Temporal dev server and the SMSC server (delivery after ${deliveryDelayMs} ms)`,
  );
  const stack = await startBenchStack({ cleanup, say, deliveryDelayMs });
  const operatorToken = randomBytes(24).toString('hex');
  const secret = randomBytes(24).toString('hex');
  const bundles = await buildBundles(stack.workDir);
  const worker = await spawnWorkerProcess({
    name: 'worker',
    script: new URL('../worker/main.ts', import.meta.url).pathname,
    env: {
      ...process.env,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      DATABASE_URL: stack.databaseUrl,
      TEMPORAL_ADDRESS: stack.temporalAddress,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      KABINET_OPERATOR_TOKEN: operatorToken,
      KABINET_SECRET: secret,
      SMSC_URL: stack.smsc.url,
      SMSC_LOGIN,
      SMSC_PASSWORD,
      WORKER_WORKFLOW_BUNDLE: bundles.kabinet,
    },
    logFile: join(stack.workDir, 'worker.log'),
  });
  cleanup.defer('the kabinet worker', () => worker.stop());

  // The API in this process, as test/support/system.ts runs it.
  const { orm, api } = await startBenchApi({
    databaseUrl: stack.databaseUrl,
    temporalAddress: stack.temporalAddress,
    taskQueue: TASK_QUEUE,
    operatorToken: operatorToken,
    secret: secret,
    cleanup,
  });

  say(`kabinet worker (pid ${worker.pid}) starting…`);
  await worker.waitForLog(WORKER_STARTED, 120_000);
  say(`setting up an organization with ${count} employees (each with a mobile phone) and an active service`);
  const org = await setUpOrganization({ api, operatorToken, smsc: stack.smsc, employees: count });
  const em = orm.em.fork();
  // The window is open whatever the time of day: deferral off.
  await em.execute(
    'insert into notification_settings (organization_id, deferral_enabled) values (?, false)',
    [org.orgId],
  );

  // The floor: 10,000 rendered outbox rows in one set-based INSERT (nobody sends these).
  const floorRows: NewOutboxMessage[] = org.phones.map((phone, i) => ({
    id: `floor-${randomUUID()}`,
    organizationId: org.orgId,
    employeeId: org.employeeIds[i]!,
    kind: 'bench_floor',
    channel: 'sms',
    to: phone,
    text: `Кабинет: расчётный листок за февраль 2026, localhost:3000/p/${randomBytes(16).toString('base64url')}`,
    urgent: false,
    sourceKind: 'bench_floor',
    sourceId: 'floor',
  }));
  const floorStarted = performance.now();
  const inserted = await insertOutboxMessages(em, floorRows);
  const floorMs = performance.now() - floorStarted;
  if (inserted !== count) throw new Error(`the floor inserted ${inserted} rows, not ${count}`);
  say(`floor: ${count} outbox rows in one INSERT in ${floorMs.toFixed(0)} ms`);
  await em.execute(`delete from outbox_messages where source_kind = 'bench_floor'`);

  const rss = sampleRss(worker.pid);
  say(`kabinet: publishing ${count} payslips in one call`);
  const startedAt = Date.now();
  const post = await api<{ publicationId: string; total: number }>(
    'POST',
    `/v1/organizations/${org.orgId}/payslips/publications`,
    org.key,
    {
      period: '2026-02',
      payslips: org.employeeIds.map((employeeId) => ({ employeeId, lines: LINES })),
    },
  );
  const postMs = Date.now() - startedAt;
  say(`kabinet: POST answered in ${postMs} ms (publication ${post.publicationId}, ${post.total} payslips)`);

  let handed = 0;
  const lastSentAt = await waitFor({
    what: 'notifications handed to the provider',
    check: async () => {
      const [row] = await orm.em.fork().execute<{ n: number; failed: number; last: Date | null }[]>(
        `select count(*) filter (where status in ('sent', 'delivered'))::int as n,
                  count(*) filter (where status = 'failed')::int as failed, max(sent_at) as last
           from outbox_messages where source_kind = 'payslip_publication' and source_id = ?`,
        [post.publicationId],
      );
      handed = row?.n ?? 0;
      if ((row?.failed ?? 0) > 0) throw new Error(`${row?.failed} notifications failed`);
      return handed >= count && row?.last ? new Date(row.last).getTime() : undefined;
    },
    progress: () => `${handed}/${count}`,
    say,
    timeoutMs: phaseTimeoutMs(count),
    everyMs: 500,
  });
  const seconds = (lastSentAt - startedAt) / 1000;
  await rss.stop();
  const smsInOutbox = new Set(stack.smsc.outbox.list({ since: startedAt }).map((m) => m.phone)).size;
  if (smsInOutbox < count)
    throw new Error(`the SMSC outbox holds SMS for ${smsInOutbox} phones, not ${count}`);

  const rows: [string, string][] = [
    ['payslips published', String(count)],
    ['publish POST latency', `${postMs} ms`],
    [`floor: one INSERT of ${count.toLocaleString('en')} outbox rows`, `${floorMs.toFixed(0)} ms`],
    [
      'kabinet: POST → every notification handed to SMSC',
      `${seconds.toFixed(1)} s (${(count / seconds).toFixed(0)} messages/s)`,
    ],
    ['ratio to the floor', `${((seconds * 1000) / floorMs).toFixed(0)}×`],
    ['worker RSS peak', mib(rss.peak())],
    ['machine', `${cpus().length} cores, ${cpus()[0]?.model.trim() ?? 'unknown CPU'}`],
  ];
  console.log('\n| measure | value |\n| --- | --- |');
  for (const [name, value] of rows) console.log(`| ${name} | ${value} |`);
  console.log('');
} catch (err) {
  say(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  exitCode = 1;
} finally {
  say('stopping everything');
  await cleanup.run();
  say(`done in ${Math.round((performance.now() - began) / 1000)} s`);
}
process.exit(exitCode);
