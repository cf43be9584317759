import type { EntityManager } from '@mikro-orm/postgresql';
import { Employee } from '../../db/entities/index.ts';
import { requireOrganizationAdmin } from '../http/access.ts';
import type { Actor, ServiceDeps } from '../http/context.ts';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';
import { checkEmployeeRows, type EmployeeRow, type InvalidRow } from './employee-rows.ts';
import type { EmployeeListQuery } from './views.ts';

export interface UpsertResult {
  created: number;
  updated: number;
  unchanged: number;
  invalid: InvalidRow[];
}

/** An organization's employees, as its HR system sends them (PUT semantics, by externalId). */
export function createEmployeeService({ em, log }: ServiceDeps) {
  return {
    /** Saves the valid rows in one statement and reports the invalid ones; nothing is rejected as a whole. */
    async upsert(actor: Actor | undefined, organizationId: string, rows: unknown[]): Promise<UpsertResult> {
      await requireOrganizationAdmin(em, actor, organizationId);
      const { valid, invalid } = checkEmployeeRows(rows);
      const counts = await upsertEmployees(em, organizationId, valid);
      log.info({ organizationId, ...counts, invalid: invalid.length }, 'employees upserted');
      return { ...counts, invalid };
    },

    /** A page by externalId; `missingContacts` keeps those who cannot be invited (no e-mail or phone). */
    async list(
      actor: Actor | undefined,
      organizationId: string,
      { limit, cursor, missingContacts }: EmployeeListQuery,
    ): Promise<{ items: Employee[]; nextCursor: string | null }> {
      await requireOrganizationAdmin(em, actor, organizationId);
      const after = decodeCursor(cursor, 1);
      const rows = await em.find(
        Employee,
        {
          organizationId,
          ...(after ? { externalId: { $gt: after[0] } } : {}),
          ...(missingContacts ? { $or: [{ email: null }, { phone: null }] } : {}),
        },
        { orderBy: { externalId: 'asc' }, limit: limit + 1 },
      );
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.externalId]) : null };
    },
  };
}

/**
 * Upserts a whole payload with one set-based statement: rows that did not change are not touched,
 * and the database tells which rows were inserted (xmax = 0) and which were updated.
 * PUT semantics: the HR system sends the full record, so an omitted optional field is cleared.
 */
const UPSERT_SQL = `
  with input as (
    select * from jsonb_to_recordset(?::jsonb) as r(
      "externalId" text, "fullName" text, position text, department text,
      "managerExternalId" text, email text, phone text, employed boolean)
  ), written as (
    insert into employees as e
      (id, organization_id, external_id, full_name, position, department, manager_external_id, email, phone, employed)
    select gen_random_uuid(), ?::uuid, "externalId", "fullName", position, department, "managerExternalId",
           email, phone, employed
    from input
    on conflict (organization_id, external_id) do update set
      full_name = excluded.full_name, position = excluded.position, department = excluded.department,
      manager_external_id = excluded.manager_external_id, email = excluded.email, phone = excluded.phone,
      employed = excluded.employed, updated_at = now()
    where (e.full_name, e.position, e.department, e.manager_external_id, e.email, e.phone, e.employed)
      is distinct from (excluded.full_name, excluded.position, excluded.department,
                        excluded.manager_external_id, excluded.email, excluded.phone, excluded.employed)
    returning (xmax = 0) as inserted
  )
  select count(*) filter (where inserted)::int as created, count(*) filter (where not inserted)::int as updated
  from written`;

async function upsertEmployees(
  em: EntityManager,
  organizationId: string,
  rows: EmployeeRow[],
): Promise<{ created: number; updated: number; unchanged: number }> {
  if (rows.length === 0) return { created: 0, updated: 0, unchanged: 0 };
  const [result] = await em.execute<{ created: number; updated: number }[]>(UPSERT_SQL, [
    JSON.stringify(rows),
    organizationId,
  ]);
  const created = result?.created ?? 0;
  const updated = result?.updated ?? 0;
  return { created, updated, unchanged: rows.length - created - updated };
}
