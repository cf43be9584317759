// Helpers for payslip tests: employees with and without contacts, their logins, publications and
// notification settings written as the settings API would.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { hashPassword } from '../../api/security/passwords.ts';
import { eventually } from './flow.ts';
import type { HttpCall } from './http.ts';
import type { TestSystem } from './system.ts';

export const EMPLOYEE_PASSWORD = 'Листок-пароль-2026';

export interface OrgAccess {
  api: HttpCall;
  orgId: string;
  key: string;
}

export interface EmployeeSpec {
  externalId: string;
  fullName?: string;
  phone?: string;
  email?: string;
  managerExternalId?: string;
  department?: string;
}

/** Upserts employees (PUT semantics) and returns their ids by externalId. */
export async function putEmployees(org: OrgAccess, employees: EmployeeSpec[]): Promise<Map<string, string>> {
  for (let i = 0; i < employees.length; i += 10_000) {
    const upsert = await org.api<{ invalid: unknown[] }>('PUT', `/v1/organizations/${org.orgId}/employees`, {
      token: org.key,
      body: {
        employees: employees
          .slice(i, i + 10_000)
          .map((e) => ({ fullName: `Сотрудник ${e.externalId}`, ...e })),
      },
    });
    assert.equal(upsert.status, 200, JSON.stringify(upsert.body));
    assert.deepEqual(upsert.body.invalid, []);
  }
  const ids = new Map<string, string>();
  let cursor: string | null = null;
  do {
    const page: { body: { items: { id: string; externalId: string }[]; nextCursor: string | null } } =
      await org.api(
        'GET',
        `/v1/organizations/${org.orgId}/employees?limit=500${cursor ? `&cursor=${cursor}` : ''}`,
        { token: org.key },
      );
    for (const e of page.body.items) ids.set(e.externalId, e.id);
    cursor = page.body.nextCursor;
  } while (cursor);
  return ids;
}

/** Gives an employee an account (as activation would) and logs in: the session token. */
export async function employeeSession(
  system: TestSystem,
  employeeId: string,
): Promise<{ token: string; login: string }> {
  const em = system.db.orm.em.fork();
  const [employee] = await em.execute<{ phone: string | null }[]>(
    'select phone from employees where id = ?',
    [employeeId],
  );
  assert.ok(employee, 'no such employee');
  const login = employee.phone ?? `payslip-${randomUUID().slice(0, 8)}`;
  const userId = randomUUID();
  await em.execute('insert into users (id, login, password_hash) values (?, ?, ?)', [
    userId,
    login,
    await hashPassword(EMPLOYEE_PASSWORD),
  ]);
  await em.execute('update employees set user_id = ? where id = ?', [userId, employeeId]);
  const response = await fetch(`${system.baseUrl}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password: EMPLOYEE_PASSWORD }),
  });
  const body = (await response.json()) as { token?: string };
  assert.equal(response.status, 200, JSON.stringify(body));
  return { token: body.token!, login };
}

/** Notification settings as the settings API stores them (unset fields keep their defaults). */
export async function saveNotificationSettings(
  system: TestSystem,
  organizationId: string,
  settings: {
    deferralEnabled?: boolean;
    sendWindowStart?: string;
    sendWindowEnd?: string;
    timeZone?: string;
    payslipRemindersEnabled?: boolean;
    reminderDelayDays?: number;
    reminderMaxCount?: number;
    managersSeeUnread?: boolean;
  },
): Promise<void> {
  const columns: Record<string, unknown> = {
    deferral_enabled: settings.deferralEnabled,
    send_window_start: settings.sendWindowStart,
    send_window_end: settings.sendWindowEnd,
    time_zone: settings.timeZone,
    payslip_reminders_enabled: settings.payslipRemindersEnabled,
    reminder_delay_days: settings.reminderDelayDays,
    reminder_max_count: settings.reminderMaxCount,
    managers_see_unread: settings.managersSeeUnread,
  };
  const set = Object.entries(columns).filter(([, v]) => v !== undefined);
  const em = system.db.orm.em.fork();
  await em.execute('insert into notification_settings (organization_id) values (?) on conflict do nothing', [
    organizationId,
  ]);
  if (set.length > 0) {
    await em.execute(
      `update notification_settings set ${set.map(([c]) => `${c} = ?`).join(', ')}, updated_at = now()
       where organization_id = ?`,
      [...set.map(([, v]) => v), organizationId],
    );
  }
}

export const sampleLines = (salary = 85_000) => [
  { kind: 'accrual', name: 'Оклад', amount: salary },
  { kind: 'accrual', name: 'Премия', amount: 15_000.5 },
  { kind: 'deduction', name: 'НДФЛ', amount: 13_000.07 },
  { kind: 'payment', name: 'Аванс за первую половину месяца', amount: 30_000 },
];

export interface PublicationTotals {
  publicationId: string;
  status: string;
  total: number;
  queued: number;
  sent: number;
  delivered: number;
  failed: number;
  noContacts: number;
  opened: number;
  acknowledged: number;
  reminded: number;
  reminders: number;
  done: boolean;
}

export function publish(
  org: OrgAccess,
  body: Record<string, unknown>,
): Promise<{ status: number; body: Record<string, unknown> & { publicationId: string; total: number } }> {
  return org.api('POST', `/v1/organizations/${org.orgId}/payslips/publications`, {
    token: org.key,
    body,
  }) as never;
}

export async function totals(org: OrgAccess, publicationId: string): Promise<PublicationTotals> {
  const res = await org.api<PublicationTotals>(
    'GET',
    `/v1/organizations/${org.orgId}/payslips/publications/${publicationId}`,
    { token: org.key },
  );
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

export function waitForTotals(
  org: OrgAccess,
  publicationId: string,
  until: (t: PublicationTotals) => boolean,
  what: string,
  timeoutMs = 60_000,
): Promise<PublicationTotals> {
  return eventually(
    async () => {
      const t = await totals(org, publicationId);
      return until(t) ? t : undefined;
    },
    what,
    timeoutMs,
  );
}
