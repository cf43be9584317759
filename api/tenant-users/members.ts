import type { EntityManager } from '@mikro-orm/postgresql';
import { pgArray } from '../../db/sql.ts';
import {
  ACCESS_RIGHTS,
  effectiveRights,
  isAccessLevel,
  type AccessLevel,
  type AccessRight,
} from '../../domain/access-rights.ts';
import { normalizeEmail } from '../../domain/email.ts';
import { checkPasswordStrength } from '../../domain/password-policy.ts';
import { normalizeMobilePhone } from '../../domain/phone.ts';
import { ApiError, invalidField } from '../http/errors.ts';
import { normalizeLogin } from '../security/lockout.ts';

/** A member of a tenant: the account, its access level and rights there, and its databases. */
export interface Member {
  id: string;
  login: string;
  fullName: string | null;
  email: string | null;
  phone: string | null;
  accessLevel: AccessLevel;
  isOwner: boolean;
  /** Rights granted on top of the level. */
  grantedRights: AccessRight[];
  /** Every right the member has in the organization. */
  rights: AccessRight[];
  databases: { id: string; name: string }[];
  createdAt: Date;
}

interface MemberRow {
  id: string;
  login: string;
  full_name: string | null;
  email: string | null;
  phone: string | null;
  access_level: string;
  is_owner: boolean;
  granted_rights: string[];
  created_at: Date;
  databases: { id: string; name: string }[];
}

const MEMBER_SELECT = `
  select u.id, u.login, u.full_name, u.email, u.phone, m.access_level, m.is_owner, m.granted_rights, m.created_at,
    coalesce((select json_agg(json_build_object('id', d.id, 'name', d.name) order by d.name, d.id)
              from tenant_member_databases md join tenant_databases d
                on d.organization_id = md.organization_id and d.id = md.database_id
              where md.organization_id = m.organization_id and md.user_id = m.user_id), '[]') as databases
  from tenant_members m join users u on u.id = m.user_id`;

function memberOf(row: MemberRow): Member {
  const accessLevel: AccessLevel = isAccessLevel(row.access_level) ? row.access_level : 'user';
  const grantedRights = row.granted_rights.filter((r): r is AccessRight =>
    (ACCESS_RIGHTS as string[]).includes(r),
  );
  return {
    id: row.id,
    login: row.login,
    fullName: row.full_name,
    email: row.email,
    phone: row.phone,
    accessLevel,
    isOwner: row.is_owner,
    grantedRights,
    rights: effectiveRights({ level: accessLevel, isOwner: row.is_owner, grantedRights }),
    databases: row.databases,
    createdAt: new Date(row.created_at),
  };
}

/** One member of the organization, or null (a user of another organization is simply not found). */
export async function findMember(
  em: EntityManager,
  organizationId: string,
  userId: string,
): Promise<Member | null> {
  const [row] = await em.execute<MemberRow[]>(
    `${MEMBER_SELECT} where m.organization_id = ? and m.user_id = ?`,
    [organizationId, userId],
  );
  return row ? memberOf(row) : null;
}

/** A page of members ordered by login (unique; byte order, so paging never depends on the locale). */
export async function listMembers(
  em: EntityManager,
  organizationId: string,
  afterLogin: string | null,
  limit: number,
) {
  const rows = await em.execute<MemberRow[]>(
    `${MEMBER_SELECT}
     where m.organization_id = ? and (?::text is null or u.login collate "C" > ?)
     order by u.login collate "C" limit ?`,
    [organizationId, afterLogin, afterLogin, limit + 1],
  );
  return { items: rows.slice(0, limit).map(memberOf), more: rows.length > limit };
}

// --- input -------------------------------------------------------------------------------------

/** The stored form of a login (as POST /v1/auth/login looks it up). */
export const storedLogin = (login: string): string => normalizeLogin(login);

export function checkedPassword(password: string, field = 'password'): string {
  const strength = checkPasswordStrength(password);
  if (!strength.ok) throw invalidField(field, strength.reason, 'weak_password');
  return password;
}

export function checkedEmail(email: string | null | undefined, field = 'email'): string | null | undefined {
  if (email === undefined || email === null || email.trim() === '')
    return email === undefined ? undefined : null;
  const normalized = normalizeEmail(email);
  if (!normalized) throw invalidField(field, 'not a valid e-mail address');
  return normalized;
}

export function checkedPhone(phone: string | null | undefined, field = 'phone'): string | null | undefined {
  if (phone === undefined || phone === null || phone.trim() === '')
    return phone === undefined ? undefined : null;
  const normalized = normalizeMobilePhone(phone);
  if (!normalized) throw invalidField(field, 'a Russian mobile number is expected (+79XXXXXXXXX)');
  return normalized;
}

/** 409 when another account already has the login or the e-mail. */
export async function assertLoginFree(
  em: EntityManager,
  fields: { login?: string; email?: string | null },
  exceptUserId: string | null,
): Promise<void> {
  if (fields.login !== undefined) {
    const [taken] = await em.execute<{ id: string }[]>(
      `select id from users where login = ? and (?::uuid is null or id <> ?) limit 1`,
      [fields.login, exceptUserId, exceptUserId],
    );
    if (taken)
      throw new ApiError(409, 'login_taken', 'this login belongs to another account', { field: 'login' });
  }
  if (fields.email) {
    const [taken] = await em.execute<{ id: string }[]>(
      `select id from users where email = ? and (?::uuid is null or id <> ?) limit 1`,
      [fields.email, exceptUserId, exceptUserId],
    );
    if (taken)
      throw new ApiError(409, 'email_taken', 'this e-mail belongs to another account', { field: 'email' });
  }
}

/** The databases must all be the organization's own; 422 naming the first one that is not. */
export async function checkedDatabases(
  em: EntityManager,
  organizationId: string,
  ids: string[],
): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const rows = await em.execute<{ id: string }[]>(
    `select id from tenant_databases where organization_id = ? and id = any(?::uuid[])`,
    [organizationId, pgArray(unique)],
  );
  const known = new Set(rows.map((r) => r.id));
  const index = ids.findIndex((id) => !known.has(id));
  if (index >= 0)
    throw invalidField(`databases.${index}`, 'no such database in this organization', 'unknown_database');
  return unique;
}

/** Replaces the member's databases with `ids` (already checked to be the organization's). */
export async function setMemberDatabases(
  em: EntityManager,
  organizationId: string,
  userId: string,
  ids: string[],
): Promise<void> {
  await em.execute(`delete from tenant_member_databases where organization_id = ? and user_id = ?`, [
    organizationId,
    userId,
  ]);
  if (ids.length > 0) {
    await em.execute(
      `insert into tenant_member_databases (organization_id, user_id, database_id)
       select ?, ?, unnest(?::uuid[]) on conflict do nothing`,
      [organizationId, userId, pgArray(ids)],
    );
  }
}

/** Ends every open session of a user, except `keepSessionId` (the caller's own). Returns how many. */
export async function endSessions(
  em: EntityManager,
  userIds: string[],
  keepSessionId: string | null,
): Promise<number> {
  if (userIds.length === 0) return 0;
  const rows = await em.execute<{ id: string }[]>(
    `update sessions set revoked_at = now()
     where user_id = any(?::uuid[]) and revoked_at is null and (?::uuid is null or id <> ?) returning id`,
    [pgArray(userIds), keepSessionId, keepSessionId],
  );
  return rows.length;
}

/** A new account made for tenants (portal 'tenant'), active at once. */
export async function insertTenantAccount(
  em: EntityManager,
  account: {
    id: string;
    login: string;
    passwordHash: string;
    fullName: string;
    email: string | null;
    phone: string | null;
  },
): Promise<void> {
  await em.execute(
    `insert into users (id, login, password_hash, full_name, email, phone, portal, status, password_changed_at)
     values (?, ?, ?, ?, ?, ?, 'tenant', 'active', now())`,
    [account.id, account.login, account.passwordHash, account.fullName, account.email, account.phone],
  );
}

/** The user ids of the organization's members. */
export async function memberIds(em: EntityManager, organizationId: string): Promise<string[]> {
  const rows = await em.execute<{ user_id: string }[]>(
    `select user_id from tenant_members where organization_id = ?`,
    [organizationId],
  );
  return rows.map((r) => r.user_id);
}

/** What a change of a tenant account may set (column names are spliced into the statement). */
export interface AccountChanges {
  login?: string;
  full_name?: string;
  email?: string | null;
  email_verified_at?: null;
  phone?: string | null;
  password_hash?: string;
  password_changed_at?: Date;
}

const ACCOUNT_COLUMNS = [
  'login',
  'full_name',
  'email',
  'email_verified_at',
  'phone',
  'password_hash',
  'password_changed_at',
] as const satisfies readonly (keyof AccountChanges)[];

/** Sets the given columns of the account (and updated_at) in one statement. */
export async function updateAccount(
  em: EntityManager,
  userId: string,
  changes: AccountChanges,
): Promise<void> {
  const columns = ACCOUNT_COLUMNS.filter((column) => column in changes);
  if (columns.length === 0) return;
  await em.execute(
    `update users set ${columns.map((column) => `${column} = ?`).join(', ')}, updated_at = now() where id = ?`,
    [...columns.map((column) => changes[column] ?? null), userId],
  );
}

/** Replaces the member's access level and individually granted rights. */
export async function setMemberAccess(
  em: EntityManager,
  organizationId: string,
  userId: string,
  access: { level: AccessLevel; grantedRights: readonly AccessRight[] },
): Promise<void> {
  await em.execute(
    `update tenant_members set access_level = ?, granted_rights = ?::text[] where organization_id = ? and user_id = ?`,
    [access.level, pgArray(access.grantedRights), organizationId, userId],
  );
}

/** Whether the account may be edited from this organization: a tenant account of no other organization. */
export async function accountIsOnlyHere(
  em: EntityManager,
  organizationId: string,
  userId: string,
): Promise<boolean> {
  const [owner] = await em.execute<{ portal: string; others: string | number }[]>(
    `select u.portal, (select count(*) from tenant_members m where m.user_id = u.id and m.organization_id <> ?) as others
     from users u where u.id = ?`,
    [organizationId, userId],
  );
  return Boolean(owner && owner.portal === 'tenant' && Number(owner.others) === 0);
}
