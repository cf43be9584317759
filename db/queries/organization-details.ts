// An organization's details (реквизиты): read, and changed column by column.
import type { EntityManager } from '@mikro-orm/postgresql';

export interface OrganizationDetailsRow {
  id: string;
  name: string;
  inn: string;
  kpp: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  timezone: string;
}

/** The columns a change may set (an allow-list: column names are spliced into the statement). */
const EDITABLE = ['name', 'inn', 'kpp', 'address', 'phone', 'email'] as const;
export type EditableDetail = (typeof EDITABLE)[number];

export async function loadOrganizationDetails(
  em: EntityManager,
  organizationId: string,
): Promise<OrganizationDetailsRow | undefined> {
  const [row] = await em.execute<OrganizationDetailsRow[]>(
    `select id, name, inn, kpp, address, phone, email, timezone from organizations where id = ?`,
    [organizationId],
  );
  return row;
}

/** Sets the given columns (and updated_at) in one statement; returns the columns changed. */
export async function updateOrganizationDetails(
  em: EntityManager,
  organizationId: string,
  changes: Partial<Record<EditableDetail, string | null>>,
): Promise<EditableDetail[]> {
  const columns = EDITABLE.filter((column) => changes[column] !== undefined);
  if (columns.length === 0) return [];
  await em.execute(
    `update organizations set ${columns.map((column) => `${column} = ?`).join(', ')}, updated_at = now() where id = ?`,
    [...columns.map((column) => changes[column] ?? null), organizationId],
  );
  return columns;
}
