import { z } from '@hono/zod-openapi';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  ACCESS_LEVELS,
  ACCESS_RIGHTS,
  effectiveRights,
  isAccessLevel,
  rightsBeyond,
  type AccessLevel,
  type AccessRight,
  type MemberAccess,
} from '../domain/access-rights.ts';
import { pgArray } from '../db/sql.ts';
import { normalizeEmail } from '../domain/email.ts';
import { checkPasswordStrength } from '../domain/password-policy.ts';
import { normalizeMobilePhone } from '../domain/phone.ts';
import { ApiError, invalidField } from './http/errors.ts';
import { normalizeLogin } from './security/lockout.ts';
import type { TenantAccess } from './tenant-access.ts';

export const AccessLevelSchema = z.enum(ACCESS_LEVELS).openapi('AccessLevel');
export const AccessRightSchema = z
  .enum(ACCESS_RIGHTS as [AccessRight, ...AccessRight[]])
  .openapi('AccessRight', { description: 'A right of domain/access-rights.ts' });

export const TenantUserSchema = z
  .object({
    id: z.uuid(),
    login: z.string(),
    fullName: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    accessLevel: AccessLevelSchema,
    isOwner: z.boolean(),
    grantedRights: z.array(AccessRightSchema).openapi({ description: 'Rights granted on top of the level' }),
    rights: z
      .array(AccessRightSchema)
      .openapi({ description: 'Every right the user has in this organization' }),
    databases: z.array(z.object({ id: z.uuid(), name: z.string() })),
    createdAt: z.string(),
  })
  .openapi('TenantUser');
export type TenantUserView = z.infer<typeof TenantUserSchema>;

export const UserIdParams = z.object({
  orgId: z.uuid().openapi({ param: { name: 'orgId', in: 'path' } }),
  userId: z.uuid().openapi({ param: { name: 'userId', in: 'path' } }),
});

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

function memberView(row: MemberRow): TenantUserView {
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
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** One member of the organization, or null (a user of another organization is simply not found). */
export async function findMember(em: EntityManager, organizationId: string, userId: string) {
  const [row] = await em.execute<MemberRow[]>(
    `${MEMBER_SELECT} where m.organization_id = ? and m.user_id = ?`,
    [organizationId, userId],
  );
  return row ? memberView(row) : null;
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
  return { items: rows.slice(0, limit).map(memberView), more: rows.length > limit };
}

const asMember = (view: Pick<TenantUserView, 'accessLevel' | 'isOwner' | 'grantedRights'>): MemberAccess => ({
  level: view.accessLevel,
  isOwner: view.isOwner,
  grantedRights: view.grantedRights,
});

/**
 * No one hands out more than they hold: a member who is not the owner may only give levels and
 * rights they have themselves (the owner, the API key and the operator may give anything).
 */
export function assertMayGrant(access: TenantAccess, wanted: MemberAccess): void {
  if (access.isOwner) return;
  const beyond = rightsBeyond(access.rights, effectiveRights({ ...wanted, isOwner: false }));
  if (beyond.length > 0) {
    throw new ApiError(
      403,
      'cannot_grant_rights',
      `you cannot give rights you do not have: ${beyond.join(', ')}`,
      {
        rights: beyond,
      },
    );
  }
}

/**
 * Nor manage someone who outranks them: the owner is managed only by the owner, the API key or the
 * operator; another member only by someone who holds every right that member has.
 */
export function assertMayManage(access: TenantAccess, target: TenantUserView): void {
  if (access.isOwner) return;
  if (target.isOwner) {
    throw new ApiError(
      403,
      'cannot_manage_member',
      'only the owner or the organization key may change the owner',
    );
  }
  const beyond = rightsBeyond(access.rights, effectiveRights(asMember(target)));
  if (beyond.length > 0) {
    throw new ApiError(403, 'cannot_manage_member', 'this user has rights you do not have', {
      rights: beyond,
    });
  }
}

/** A PostgreSQL array literal of values that need no quoting (uuids, right ids). */

// --- input -------------------------------------------------------------------------------------

export const LoginInput = z
  .string()
  .trim()
  .min(3)
  .max(100)
  .regex(/^\S+$/, 'no spaces in a login')
  .openapi({ description: 'A chosen login, an e-mail or a mobile phone; stored in its normal form' });
export const PasswordInput = z.string().max(1000);
export const FullNameInput = z.string().trim().min(1).max(300);

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
