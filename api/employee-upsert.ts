import type { EntityManager } from '@mikro-orm/postgresql';
import type { EmployeeRow } from './employee-rows.ts';

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

export async function upsertEmployees(
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
