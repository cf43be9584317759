import { randomUUID } from 'node:crypto';
import { pgArray } from '../../db/sql.ts';
import { rightSet } from '../../domain/tenant-grants.ts';
import type { Actor, ServiceDeps } from '../http/context.ts';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { hashPassword } from '../security/passwords.ts';
import {
  assertMayGrant,
  assertMayManage,
  currentSession,
  requireTenantRight,
  type TenantAccess,
} from './access.ts';
import { deleteWithCode, issueDeletionCode } from './deletion.ts';
import {
  accountIsOnlyHere,
  assertLoginFree,
  checkedDatabases,
  checkedEmail,
  checkedPassword,
  checkedPhone,
  endSessions,
  findMember,
  insertTenantAccount,
  listMembers,
  setMemberAccess,
  setMemberDatabases,
  storedLogin,
  updateAccount,
  type AccountChanges,
  type Member,
} from './members.ts';
import type { NewTenantUser, TenantUserChanges } from './views.ts';

/** Managing users and their sessions needs this right (the owner, the key and the operator have it). */
const RIGHT = 'users_and_sessions';

/**
 * A tenant's users (scloud.ru «Администрирование» – «Пользователи»): the owner or whoever holds
 * users_and_sessions adds users with an access level, edits them and deletes them with a code.
 */
export function createTenantUserService(deps: ServiceDeps) {
  const { em, env, log } = deps;

  /** The caller's access and the member they act on, who must not outrank them. */
  async function manageable(
    actor: Actor | undefined,
    organizationId: string,
    userId: string,
  ): Promise<{ access: TenantAccess; target: Member }> {
    const access = await requireTenantRight(em, actor, organizationId, RIGHT);
    const target = await findMember(em, organizationId, userId);
    if (!target) throw notFound('user');
    return { access, target };
  }

  /** The owner (main user) cannot be deleted; nor can anyone who outranks the caller. */
  function assertDeletable(access: TenantAccess, target: Member): void {
    if (target.isOwner)
      throw new ApiError(409, 'owner_cannot_be_deleted', 'the owner (main user) cannot be deleted');
    assertMayManage(access, target);
  }

  return {
    /** By login; `nextCursor` is null on the last page. */
    async list(
      actor: Actor | undefined,
      organizationId: string,
      page: { limit: number; cursor?: string },
    ): Promise<{ items: Member[]; nextCursor: string | null }> {
      await requireTenantRight(em, actor, organizationId, RIGHT);
      const after = decodeCursor(page.cursor, 1)?.[0] ?? null;
      const { items, more } = await listMembers(em, organizationId, after, page.limit);
      const last = items.at(-1);
      return { items, nextCursor: more && last ? encodeCursor([last.login]) : null };
    },

    async get(actor: Actor | undefined, organizationId: string, userId: string): Promise<Member> {
      return (await manageable(actor, organizationId, userId)).target;
    },

    /** A new tenant account with an access level (and, optionally, extra rights and databases). */
    async create(actor: Actor | undefined, organizationId: string, input: NewTenantUser): Promise<Member> {
      const access = await requireTenantRight(em, actor, organizationId, RIGHT);
      const grantedRights = rightSet(input.grantedRights);
      assertMayGrant(access, { level: input.accessLevel, isOwner: false, grantedRights });
      const login = storedLogin(input.login);
      checkedPassword(input.password);
      const email = checkedEmail(input.email) ?? null;
      const phone = checkedPhone(input.phone) ?? null;
      const databases = await checkedDatabases(em, organizationId, input.databases);
      await assertLoginFree(em, { login, email }, null);
      const passwordHash = await hashPassword(input.password);
      const userId = randomUUID();
      await em.transactional(async (tx) => {
        await insertTenantAccount(tx, {
          id: userId,
          login,
          passwordHash,
          fullName: input.fullName,
          email,
          phone,
        });
        await tx.execute(
          `insert into tenant_members (organization_id, user_id, access_level, granted_rights) values (?, ?, ?, ?::text[])`,
          [organizationId, userId, input.accessLevel, pgArray(grantedRights)],
        );
        await setMemberDatabases(tx, organizationId, userId, databases);
      });
      log.info({ organizationId, userId, accessLevel: input.accessLevel }, 'tenant user created');
      return (await findMember(em, organizationId, userId))!;
    },

    /**
     * Only the fields given change; a new password ends the user's other sessions
     * (PASSWORD_CHANGE_ENDS_SESSIONS). The account itself (login, password, personal data) is changed
     * only when it is a tenant account of this organization alone: 409 `shared_account` otherwise.
     */
    async update(
      actor: Actor | undefined,
      organizationId: string,
      userId: string,
      input: TenantUserChanges,
    ): Promise<Member> {
      const { access, target } = await manageable(actor, organizationId, userId);
      assertMayManage(access, target);

      const grantedRights = input.grantedRights ? rightSet(input.grantedRights) : undefined;
      const accessChanges =
        input.accessLevel !== undefined || grantedRights !== undefined
          ? {
              level: input.accessLevel ?? target.accessLevel,
              grantedRights: grantedRights ?? target.grantedRights,
            }
          : undefined;
      if (accessChanges) assertMayGrant(access, { ...accessChanges, isOwner: false });
      const login = input.login === undefined ? undefined : storedLogin(input.login);
      if (input.password !== undefined) checkedPassword(input.password);
      const email = checkedEmail(input.email);
      const phone = checkedPhone(input.phone);
      const databases = input.databases
        ? await checkedDatabases(em, organizationId, input.databases)
        : undefined;

      const account: AccountChanges = {};
      if (login !== undefined && login !== target.login) account.login = login;
      if (input.fullName !== undefined) account.full_name = input.fullName;
      if (email !== undefined && email !== target.email) account.email = email;
      if (phone !== undefined) account.phone = phone;
      if (Object.keys(account).length > 0 || input.password !== undefined) {
        if (!(await accountIsOnlyHere(em, organizationId, userId))) {
          throw new ApiError(
            409,
            'shared_account',
            'this account is used outside this organization: only its access here can be changed',
          );
        }
        await assertLoginFree(em, { login: account.login, email: email ?? undefined }, userId);
      }
      if (input.password !== undefined) {
        account.password_hash = await hashPassword(input.password);
        account.password_changed_at = new Date();
      }
      if ('email' in account) account.email_verified_at = null;

      let sessionsEnded = 0;
      await em.transactional(async (tx) => {
        await updateAccount(tx, userId, account);
        if (accessChanges) await setMemberAccess(tx, organizationId, userId, accessChanges);
        if (databases) await setMemberDatabases(tx, organizationId, userId, databases);
        if (input.password !== undefined && env.PASSWORD_CHANGE_ENDS_SESSIONS) {
          sessionsEnded = await endSessions(tx, [userId], currentSession(access));
        }
      });
      log.info({ organizationId, userId, changed: Object.keys(input), sessionsEnded }, 'tenant user changed');
      return (await findMember(em, organizationId, userId))!;
    },

    /** Sends the code that confirms deleting the user to the one who deletes (SMS, else e-mail). */
    async sendDeletionCode(actor: Actor | undefined, organizationId: string, userId: string) {
      const { access, target } = await manageable(actor, organizationId, userId);
      assertDeletable(access, target);
      return issueDeletionCode(deps, access, target);
    },

    /** Deletes the user with the confirmation code; their sessions end. */
    async remove(
      actor: Actor | undefined,
      organizationId: string,
      userId: string,
      confirmationCode: string | undefined,
    ): Promise<void> {
      const { access, target } = await manageable(actor, organizationId, userId);
      assertDeletable(access, target);
      if (!confirmationCode) {
        throw new ApiError(
          422,
          'confirmation_required',
          'deleting a user needs the code from POST …/deletion-code',
          { field: 'confirmationCode' },
        );
      }
      await deleteWithCode(deps, access, target, confirmationCode);
    },

    /** Ends every session of the user but the caller's own current one; returns how many ended. */
    async endSessions(actor: Actor | undefined, organizationId: string, userId: string): Promise<number> {
      const { access } = await manageable(actor, organizationId, userId);
      const ended = await endSessions(em, [userId], currentSession(access));
      log.info({ organizationId, userId, ended }, 'tenant user sessions ended');
      return ended;
    },
  };
}
