import { pgArray } from '../../db/sql.ts';
import { createRoute, z } from '@hono/zod-openapi';
import { randomUUID } from 'node:crypto';
import { ACCESS_RIGHTS, type AccessRight } from '../../domain/access-rights.ts';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { resourceApp } from '../http/resource-app.ts';
import { hashPassword } from '../security/passwords.ts';
import {
  bearerSecurity,
  errorResponses,
  jsonBody,
  jsonResponse,
  OrgIdParam,
  pageOf,
  PageQuery,
} from '../http/schemas.ts';
import { requireTenantRight } from '../tenant-access.ts';
import { deleteWithCode, issueDeletionCode } from '../tenant-deletion.ts';
import {
  AccessLevelSchema,
  AccessRightSchema,
  assertLoginFree,
  assertMayGrant,
  assertMayManage,
  checkedDatabases,
  checkedEmail,
  checkedPassword,
  checkedPhone,
  endSessions,
  findMember,
  FullNameInput,
  listMembers,
  LoginInput,
  PasswordInput,
  setMemberDatabases,
  storedLogin,
  TenantUserSchema,
  UserIdParams,
} from '../tenant-members.ts';

/**
 * A tenant's users (scloud.ru «Администрирование» – «Пользователи»): the owner or whoever holds
 * users_and_sessions adds users with an access level, edits them and deletes them with a code.
 */

const RIGHT = 'users_and_sessions';

/** Rights in the matrix's order, each once. */
const rightSet = (rights: readonly AccessRight[]) => ACCESS_RIGHTS.filter((r) => rights.includes(r));

const Databases = z
  .array(z.uuid())
  .max(1000)
  .openapi({ description: 'Ids of the databases the user may use' });

const CreateUserBody = z.object({
  login: LoginInput,
  password: PasswordInput,
  fullName: FullNameInput,
  email: z.string().max(320).nullish(),
  phone: z.string().max(50).nullish(),
  accessLevel: AccessLevelSchema,
  grantedRights: z
    .array(AccessRightSchema)
    .max(ACCESS_RIGHTS.length * 2)
    .default([]),
  databases: Databases.default([]),
});

const PatchUserBody = z.object({
  login: LoginInput.optional(),
  password: PasswordInput.optional(),
  fullName: FullNameInput.optional(),
  email: z.string().max(320).nullish(),
  phone: z.string().max(50).nullish(),
  accessLevel: AccessLevelSchema.optional(),
  grantedRights: z
    .array(AccessRightSchema)
    .max(ACCESS_RIGHTS.length * 2)
    .optional(),
  databases: Databases.optional(),
});

const DeletionCodeSchema = z
  .object({
    channel: z.enum(['sms', 'email']),
    to: z.string().openapi({ description: 'Where the code went, masked' }),
    expiresAt: z.string(),
  })
  .openapi('DeletionCodeSent');

export const tenantUserRoutes = resourceApp()
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/organizations/{orgId}/users',
      summary: "The organization's users with their access levels, rights and databases (by login)",
      security: bearerSecurity,
      request: { params: OrgIdParam, query: PageQuery },
      responses: {
        200: jsonResponse('A page of users', pageOf(TenantUserSchema)),
        ...errorResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      await requireTenantRight(c, orgId, RIGHT);
      const { limit, cursor } = c.req.valid('query');
      const after = decodeCursor(cursor, 1)?.[0] ?? null;
      const page = await listMembers(c.var.em, orgId, after, limit);
      const last = page.items.at(-1);
      return c.json(
        { items: page.items, nextCursor: page.more && last ? encodeCursor([last.login]) : null },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/v1/organizations/{orgId}/users',
      summary: 'Add a user with an access level (and, optionally, extra rights and databases)',
      security: bearerSecurity,
      request: { params: OrgIdParam, ...jsonBody(CreateUserBody) },
      responses: {
        201: jsonResponse('Created', TenantUserSchema),
        ...errorResponses(400, 401, 403, 404, 409, 422),
      },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const access = await requireTenantRight(c, orgId, RIGHT);
      const input = c.req.valid('json');
      const grantedRights = rightSet(input.grantedRights);
      assertMayGrant(access, { level: input.accessLevel, isOwner: false, grantedRights });
      const login = storedLogin(input.login);
      checkedPassword(input.password);
      const email = checkedEmail(input.email) ?? null;
      const phone = checkedPhone(input.phone) ?? null;
      const { em } = c.var;
      const databases = await checkedDatabases(em, orgId, input.databases);
      await assertLoginFree(em, { login, email }, null);
      const passwordHash = await hashPassword(input.password);
      const userId = randomUUID();
      await em.transactional(async (tx) => {
        await tx.execute(
          `insert into users (id, login, password_hash, full_name, email, phone, portal, status, password_changed_at)
           values (?, ?, ?, ?, ?, ?, 'tenant', 'active', now())`,
          [userId, login, passwordHash, input.fullName, email, phone],
        );
        await tx.execute(
          `insert into tenant_members (organization_id, user_id, access_level, granted_rights) values (?, ?, ?, ?::text[])`,
          [orgId, userId, input.accessLevel, pgArray(grantedRights)],
        );
        await setMemberDatabases(tx, orgId, userId, databases);
      });
      c.var.log.info(
        { organizationId: orgId, userId, accessLevel: input.accessLevel },
        'tenant user created',
      );
      return c.json((await findMember(em, orgId, userId))!, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/organizations/{orgId}/users/{userId}',
      summary: 'One user of the organization',
      security: bearerSecurity,
      request: { params: UserIdParams },
      responses: { 200: jsonResponse('The user', TenantUserSchema), ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const { orgId, userId } = c.req.valid('param');
      await requireTenantRight(c, orgId, RIGHT);
      const member = await findMember(c.var.em, orgId, userId);
      if (!member) throw notFound('user');
      return c.json(member, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/v1/organizations/{orgId}/users/{userId}',
      summary: "Edit a user's login, password, personal data, access level, extra rights or databases",
      description:
        'Only the fields sent change; `email`/`phone` null clears them. A new password ends the ' +
        "user's sessions (PASSWORD_CHANGE_ENDS_SESSIONS). The login, password and personal data of an " +
        'account that also belongs to another organization (or is not a tenant account) cannot be changed here.',
      security: bearerSecurity,
      request: { params: UserIdParams, ...jsonBody(PatchUserBody) },
      responses: {
        200: jsonResponse('The user', TenantUserSchema),
        ...errorResponses(400, 401, 403, 404, 409, 422),
      },
    }),
    async (c) => {
      const { orgId, userId } = c.req.valid('param');
      const access = await requireTenantRight(c, orgId, RIGHT);
      const { em, deps } = c.var;
      const target = await findMember(em, orgId, userId);
      if (!target) throw notFound('user');
      assertMayManage(access, target);
      const input = c.req.valid('json');

      const grantedRights = input.grantedRights ? rightSet(input.grantedRights) : undefined;
      if (input.accessLevel !== undefined || grantedRights !== undefined) {
        assertMayGrant(access, {
          level: input.accessLevel ?? target.accessLevel,
          isOwner: false,
          grantedRights: grantedRights ?? target.grantedRights,
        });
      }
      const login = input.login === undefined ? undefined : storedLogin(input.login);
      if (input.password !== undefined) checkedPassword(input.password);
      const email = checkedEmail(input.email);
      const phone = checkedPhone(input.phone);
      const databases = input.databases ? await checkedDatabases(em, orgId, input.databases) : undefined;

      const account: Record<string, unknown> = {};
      if (login !== undefined && login !== target.login) account.login = login;
      if (input.fullName !== undefined) account.full_name = input.fullName;
      if (email !== undefined && email !== target.email) account.email = email;
      if (phone !== undefined) account.phone = phone;
      if (Object.keys(account).length > 0 || input.password !== undefined) {
        const [owner] = await em.execute<{ portal: string; others: string | number }[]>(
          `select u.portal, (select count(*) from tenant_members m where m.user_id = u.id and m.organization_id <> ?) as others
           from users u where u.id = ?`,
          [orgId, userId],
        );
        if (!owner || owner.portal !== 'tenant' || Number(owner.others) > 0) {
          throw new ApiError(
            409,
            'shared_account',
            'this account is used outside this organization: only its access here can be changed',
          );
        }
        await assertLoginFree(
          em,
          { login: account.login as string | undefined, email: email ?? undefined },
          userId,
        );
      }
      if (input.password !== undefined) {
        account.password_hash = await hashPassword(input.password);
        account.password_changed_at = new Date();
      }
      if ('email' in account) account.email_verified_at = null;

      let sessionsEnded = 0;
      await em.transactional(async (tx) => {
        const columns = Object.keys(account);
        if (columns.length > 0) {
          await tx.execute(
            `update users set ${columns.map((column) => `${column} = ?`).join(', ')}, updated_at = now() where id = ?`,
            [...columns.map((column) => account[column]), userId],
          );
        }
        if (input.accessLevel !== undefined || grantedRights !== undefined) {
          await tx.execute(
            `update tenant_members set access_level = ?, granted_rights = ?::text[] where organization_id = ? and user_id = ?`,
            [
              input.accessLevel ?? target.accessLevel,
              pgArray(grantedRights ?? target.grantedRights),
              orgId,
              userId,
            ],
          );
        }
        if (databases) await setMemberDatabases(tx, orgId, userId, databases);
        if (input.password !== undefined && deps.env.PASSWORD_CHANGE_ENDS_SESSIONS) {
          sessionsEnded = await endSessions(tx, [userId], access.kind === 'user' ? access.sessionId : null);
        }
      });
      c.var.log.info(
        { organizationId: orgId, userId, changed: Object.keys(input), sessionsEnded },
        'tenant user changed',
      );
      return c.json((await findMember(em, orgId, userId))!, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/v1/organizations/{orgId}/users/{userId}/deletion-code',
      summary: 'Send the code that confirms deleting this user to the one who deletes (SMS, else e-mail)',
      description:
        "A logged-in user gets it on their own phone or e-mail; for the organization key or the operator it goes to the owner's.",
      security: bearerSecurity,
      request: { params: UserIdParams },
      responses: {
        202: jsonResponse('Sent', DeletionCodeSchema),
        ...errorResponses(401, 403, 404, 409, 429),
      },
    }),
    async (c) => {
      const { orgId, userId } = c.req.valid('param');
      const access = await requireTenantRight(c, orgId, RIGHT);
      const target = await findMember(c.var.em, orgId, userId);
      if (!target) throw notFound('user');
      if (target.isOwner)
        throw new ApiError(409, 'owner_cannot_be_deleted', 'the owner (main user) cannot be deleted');
      assertMayManage(access, target);
      return c.json(await issueDeletionCode(c, access, target), 202);
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/v1/organizations/{orgId}/users/{userId}',
      summary: 'Delete a user with the confirmation code; their sessions end',
      security: bearerSecurity,
      request: {
        params: UserIdParams,
        body: {
          required: false,
          content: {
            'application/json': {
              schema: z.object({
                confirmationCode: z
                  .string()
                  .trim()
                  .regex(/^\d{6}$/, 'six digits')
                  .optional()
                  .openapi({ description: 'From POST …/deletion-code' }),
              }),
            },
          },
        },
      },
      responses: { 204: { description: 'Deleted' }, ...errorResponses(401, 403, 404, 409, 410, 422) },
    }),
    async (c) => {
      const { orgId, userId } = c.req.valid('param');
      const access = await requireTenantRight(c, orgId, RIGHT);
      const target = await findMember(c.var.em, orgId, userId);
      if (!target) throw notFound('user');
      if (target.isOwner)
        throw new ApiError(409, 'owner_cannot_be_deleted', 'the owner (main user) cannot be deleted');
      assertMayManage(access, target);
      const { confirmationCode } = c.req.valid('json');
      if (!confirmationCode) {
        throw new ApiError(
          422,
          'confirmation_required',
          'deleting a user needs the code from POST …/deletion-code',
          { field: 'confirmationCode' },
        );
      }
      await deleteWithCode(c, access, target, confirmationCode);
      return c.body(null, 204);
    },
  );
