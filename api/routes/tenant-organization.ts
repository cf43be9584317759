import { createRoute, z } from '@hono/zod-openapi';
import { randomUUID } from 'node:crypto';
import { ACCESS_LEVEL_LABELS, RIGHT_LABELS } from '../../domain/access-rights.ts';
import { normalizeEmail } from '../../domain/email.ts';
import { checkInn } from '../../domain/inn.ts';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';
import { ApiError, forbidden, invalidField, notFound, unauthorized } from '../http/errors.ts';
import {
  accountLocked,
  checkLocked,
  clearFailures,
  lockoutLimits,
  loginThrottleKey,
  recordFailure,
} from '../security/lockout.ts';
import { resourceApp } from '../http/resource-app.ts';
import { hashPassword, verifyPassword } from '../security/passwords.ts';
import {
  bearerSecurity,
  errorResponses,
  jsonBody,
  jsonResponse,
  OrgIdParam,
  pageOf,
  PageQuery,
} from '../http/schemas.ts';
import { requireTenantRight, tenantAccess } from '../tenant-access.ts';
import {
  AccessLevelSchema,
  AccessRightSchema,
  assertLoginFree,
  checkedEmail,
  checkedPassword,
  checkedPhone,
  findMember,
  FullNameInput,
  LoginInput,
  PasswordInput,
  storedLogin,
  TenantUserSchema,
} from '../tenant-members.ts';

/**
 * The rest of a tenant: its 1C databases (database_management), its details
 * (organization_details), its owner (main_user_info; set by the operator or the organization key)
 * and the caller's own rights (any member).
 */

const DatabaseSchema = z
  .object({ id: z.uuid(), name: z.string(), users: z.number().int(), createdAt: z.string() })
  .openapi('TenantDatabase');

const DatabaseParams = OrgIdParam.extend({
  databaseId: z.uuid().openapi({ param: { name: 'databaseId', in: 'path' } }),
});

const DetailsSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    inn: z.string(),
    kpp: z.string().nullable(),
    address: z.string().nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    timezone: z.string(),
  })
  .openapi('OrganizationDetails');

const OwnerSchema = z
  .object({
    userId: z.uuid(),
    login: z.string(),
    fullName: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
  })
  .openapi('TenantOwner');

const MyRightsSchema = z
  .object({
    actor: z.enum(['user', 'organization', 'operator']),
    accessLevel: AccessLevelSchema.nullable().openapi({
      description: 'null for the organization key and the operator',
    }),
    accessLevelLabel: z.string().nullable(),
    isOwner: z.boolean(),
    rights: z.array(AccessRightSchema),
    labels: z.record(z.string(), z.string()).openapi({ description: 'Russian label of every right listed' }),
  })
  .openapi('MyTenantRights');

interface DatabaseRow {
  id: string;
  name: string;
  users: string | number;
  created_at: Date;
}

const databaseView = (row: DatabaseRow) => ({
  id: row.id,
  name: row.name,
  users: Number(row.users),
  createdAt: new Date(row.created_at).toISOString(),
});

interface DetailsRow {
  id: string;
  name: string;
  inn: string;
  kpp: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  timezone: string;
}

const DETAILS_SELECT = `select id, name, inn, kpp, address, phone, email, timezone from organizations where id = ?`;

/** A landline or mobile number as people write it: digits with + ( ) - and spaces, 5–20 digits. */
function checkedContactPhone(phone: string): string {
  const trimmed = phone.trim().replace(/\s+/g, ' ');
  const digits = trimmed.replace(/\D/g, '');
  if (!/^\+?[\d ()-]+$/.test(trimmed) || digits.length < 5 || digits.length > 20) {
    throw invalidField('phone', 'a phone number of digits, spaces, +, ( ) and -');
  }
  return trimmed;
}

export const tenantOrganizationRoutes = resourceApp()
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/organizations/{orgId}/databases',
      summary: "The organization's 1C databases, by name, with how many users may use each",
      security: bearerSecurity,
      request: { params: OrgIdParam, query: PageQuery },
      responses: {
        200: jsonResponse('A page of databases', pageOf(DatabaseSchema)),
        ...errorResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      await requireTenantRight(c, orgId, 'database_management');
      const { limit, cursor } = c.req.valid('query');
      const after = decodeCursor(cursor, 1)?.[0] ?? null;
      const rows = await c.var.em.execute<DatabaseRow[]>(
        `select d.id, d.name, d.created_at,
           (select count(*) from tenant_member_databases md where md.organization_id = d.organization_id and md.database_id = d.id) as users
         from tenant_databases d where d.organization_id = ? and (?::text is null or d.name > ?)
         order by d.name limit ?`,
        [orgId, after, after, limit + 1],
      );
      const items = rows.slice(0, limit).map(databaseView);
      const last = items.at(-1);
      return c.json(
        { items, nextCursor: rows.length > limit && last ? encodeCursor([last.name]) : null },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/v1/organizations/{orgId}/databases',
      summary: 'Add a 1C database to the organization',
      security: bearerSecurity,
      request: { params: OrgIdParam, ...jsonBody(z.object({ name: z.string().trim().min(1).max(200) })) },
      responses: {
        201: jsonResponse('Created', DatabaseSchema),
        ...errorResponses(400, 401, 403, 404, 409, 422),
      },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      await requireTenantRight(c, orgId, 'database_management');
      const { name } = c.req.valid('json');
      const [row] = await c.var.em.execute<DatabaseRow[]>(
        `insert into tenant_databases (id, organization_id, name) values (?, ?, ?)
         on conflict (organization_id, name) do nothing
         returning id, name, created_at, 0 as users`,
        [randomUUID(), orgId, name],
      );
      if (!row) {
        throw new ApiError(409, 'database_exists', 'the organization already has a database with this name', {
          field: 'name',
        });
      }
      c.var.log.info({ organizationId: orgId, databaseId: row.id }, 'tenant database added');
      return c.json(databaseView(row), 201);
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/v1/organizations/{orgId}/databases/{databaseId}',
      summary: 'Remove a 1C database (and everyone’s access to it)',
      security: bearerSecurity,
      request: { params: DatabaseParams },
      responses: { 204: { description: 'Removed' }, ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const { orgId, databaseId } = c.req.valid('param');
      await requireTenantRight(c, orgId, 'database_management');
      const removed = await c.var.em.execute<{ id: string }[]>(
        `delete from tenant_databases where organization_id = ? and id = ? returning id`,
        [orgId, databaseId],
      );
      if (removed.length === 0) throw notFound('database');
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/organizations/{orgId}/details',
      summary: "The organization's details (реквизиты)",
      security: bearerSecurity,
      request: { params: OrgIdParam },
      responses: { 200: jsonResponse('Details', DetailsSchema), ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      await requireTenantRight(c, orgId, 'organization_details');
      const [row] = await c.var.em.execute<DetailsRow[]>(DETAILS_SELECT, [orgId]);
      if (!row) throw notFound('organization');
      return c.json(row, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/v1/organizations/{orgId}/details',
      summary: "Change the organization's details; `null` clears an optional one",
      security: bearerSecurity,
      request: {
        params: OrgIdParam,
        ...jsonBody(
          z.object({
            name: z.string().trim().min(1).max(300).optional(),
            inn: z.string().trim().max(20).optional(),
            kpp: z
              .string()
              .trim()
              .regex(
                /^\d{4}[\dA-Z]{2}\d{3}$/,
                'КПП is 9 characters: 4 digits, 2 digits or capital letters, 3 digits',
              )
              .nullish(),
            address: z.string().trim().min(1).max(500).nullish(),
            phone: z.string().max(50).nullish(),
            email: z.string().max(320).nullish(),
          }),
        ),
      },
      responses: { 200: jsonResponse('Details', DetailsSchema), ...errorResponses(400, 401, 403, 404, 422) },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      await requireTenantRight(c, orgId, 'organization_details');
      const input = c.req.valid('json');
      const changes: Record<string, string | null> = {};
      if (input.name !== undefined) changes.name = input.name;
      if (input.inn !== undefined) {
        const inn = checkInn(input.inn);
        if (!inn.ok) throw invalidField('inn', inn.reason, 'invalid_inn');
        changes.inn = inn.inn;
      }
      if (input.kpp !== undefined) changes.kpp = input.kpp;
      if (input.address !== undefined) changes.address = input.address;
      if (input.phone !== undefined)
        changes.phone = input.phone === null ? null : checkedContactPhone(input.phone);
      if (input.email !== undefined) {
        const email = input.email === null ? null : normalizeEmail(input.email);
        if (input.email !== null && !email) throw invalidField('email', 'not a valid e-mail address');
        changes.email = email;
      }
      const columns = Object.keys(changes);
      if (columns.length > 0) {
        await c.var.em.execute(
          `update organizations set ${columns.map((column) => `${column} = ?`).join(', ')}, updated_at = now() where id = ?`,
          [...columns.map((column) => changes[column]), orgId],
        );
        c.var.log.info({ organizationId: orgId, changed: columns }, 'organization details changed');
      }
      const [row] = await c.var.em.execute<DetailsRow[]>(DETAILS_SELECT, [orgId]);
      if (!row) throw notFound('organization');
      return c.json(row, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/organizations/{orgId}/owner',
      summary: 'The main user (owner) of the organization',
      security: bearerSecurity,
      request: { params: OrgIdParam },
      responses: { 200: jsonResponse('The owner', OwnerSchema), ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      await requireTenantRight(c, orgId, 'main_user_info');
      const [owner] = await c.var.em.execute<OwnerRow[]>(OWNER_SELECT, [orgId]);
      if (!owner) throw new ApiError(404, 'no_owner', 'the organization has no owner yet');
      return c.json(ownerView(owner), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/v1/organizations/{orgId}/owner',
      summary:
        'Set the main user (operator or the organization key): create it, or make an existing account the owner',
      description:
        'A new login creates a tenant account (201). A login that exists makes that account the owner only with ' +
        'its own password (200; its personal data stay as they are); a wrong password is 409 `login_taken`. ' +
        'A previous owner stays as an administrator.',
      security: bearerSecurity,
      request: {
        params: OrgIdParam,
        ...jsonBody(
          z.object({
            login: LoginInput,
            password: PasswordInput,
            fullName: FullNameInput,
            email: z.string().max(320).nullish(),
            phone: z.string().max(50).nullish(),
          }),
        ),
      },
      responses: {
        200: jsonResponse('An existing account is the owner', TenantUserSchema),
        201: jsonResponse('A new account was created as the owner', TenantUserSchema),
        ...errorResponses(400, 401, 403, 404, 409, 422, 429),
      },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const actor = c.var.actor;
      if (!actor) throw unauthorized();
      if (!(actor.kind === 'operator' || (actor.kind === 'organization' && actor.organizationId === orgId))) {
        throw forbidden('only the operator or the organization key sets the owner');
      }
      const { em } = c.var;
      const [organization] = await em.execute<{ id: string }[]>(`select id from organizations where id = ?`, [
        orgId,
      ]);
      if (!organization) throw notFound('organization');
      const input = c.req.valid('json');
      const login = storedLogin(input.login);
      const [existing] = await em.execute<{ id: string; password_hash: string }[]>(
        `select id, password_hash from users where login = ?`,
        [login],
      );
      let userId: string;
      let created = false;
      if (existing) {
        // Proving the account's password here counts toward the same lockout as logging in, so an
        // organization key cannot guess passwords through this endpoint.
        const throttle = loginThrottleKey(c.var.deps.env.KABINET_SECRET, login);
        const locked = await checkLocked(em, throttle);
        if (locked) throw accountLocked(locked.lockedForSeconds);
        if (!(await verifyPassword(existing.password_hash, input.password))) {
          const failure = await recordFailure(em, throttle, lockoutLimits(c.var.deps.env));
          if (failure.locked) throw accountLocked(failure.retryAfterSeconds ?? 1);
          throw new ApiError(
            409,
            'login_taken',
            "this login belongs to an account: give that account's password",
            {
              field: 'login',
            },
          );
        }
        await clearFailures(em, throttle);
        userId = existing.id;
      } else {
        checkedPassword(input.password);
        const email = checkedEmail(input.email) ?? null;
        const phone = checkedPhone(input.phone) ?? null;
        await assertLoginFree(em, { login, email }, null);
        userId = randomUUID();
        const passwordHash = await hashPassword(input.password);
        await em.execute(
          `insert into users (id, login, password_hash, full_name, email, phone, portal, status, password_changed_at)
           values (?, ?, ?, ?, ?, ?, 'tenant', 'active', now())`,
          [userId, login, passwordHash, input.fullName, email, phone],
        );
        created = true;
      }
      await em.transactional(async (tx) => {
        await tx.execute(
          `update tenant_members set is_owner = false, access_level = 'administrator'
           where organization_id = ? and is_owner and user_id <> ?`,
          [orgId, userId],
        );
        await tx.execute(
          `insert into tenant_members (organization_id, user_id, access_level, is_owner) values (?, ?, 'administrator', true)
           on conflict (organization_id, user_id) do update set is_owner = true`,
          [orgId, userId],
        );
      });
      c.var.log.info({ organizationId: orgId, userId, created }, 'tenant owner set');
      const member = await findMember(em, orgId, userId);
      return created ? c.json(member!, 201) : c.json(member!, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/organizations/{orgId}/me/rights',
      summary: 'My access level and rights in this organization (for the UI)',
      security: bearerSecurity,
      request: { params: OrgIdParam },
      responses: { 200: jsonResponse('My rights', MyRightsSchema), ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const access = await tenantAccess(c, orgId);
      const level = access.kind === 'user' ? access.level : null;
      return c.json(
        {
          actor: access.kind,
          accessLevel: level,
          accessLevelLabel: level ? ACCESS_LEVEL_LABELS[level] : null,
          isOwner: access.isOwner,
          rights: access.rights,
          labels: Object.fromEntries(access.rights.map((right) => [right, RIGHT_LABELS[right]])),
        },
        200,
      );
    },
  );

interface OwnerRow {
  id: string;
  login: string;
  full_name: string | null;
  email: string | null;
  phone: string | null;
}

const OWNER_SELECT = `select u.id, u.login, u.full_name, u.email, u.phone
  from tenant_members m join users u on u.id = m.user_id where m.organization_id = ? and m.is_owner`;

const ownerView = (row: OwnerRow) => ({
  userId: row.id,
  login: row.login,
  fullName: row.full_name,
  email: row.email,
  phone: row.phone,
});
