import { randomUUID } from 'node:crypto';
import {
  loadOrganizationDetails,
  updateOrganizationDetails,
  type OrganizationDetailsRow,
} from '../../db/queries/organization-details.ts';
import { checkDetailsChanges, type DetailsInput } from '../../domain/organization-details.ts';
import type { Actor, ServiceDeps } from '../http/context.ts';
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
import { hashPassword, verifyPassword } from '../security/passwords.ts';
import { requireTenantRight, tenantAccess, type TenantAccess } from './access.ts';
import {
  assertLoginFree,
  checkedEmail,
  checkedPassword,
  checkedPhone,
  findMember,
  insertTenantAccount,
  storedLogin,
  type Member,
} from './members.ts';
import type { OwnerInput } from './organization-views.ts';

/** A 1C database of the tenant, with how many members may use it. */
export interface TenantDatabase {
  id: string;
  name: string;
  users: number;
  createdAt: Date;
}

export interface Owner {
  id: string;
  login: string;
  fullName: string | null;
  email: string | null;
  phone: string | null;
}

interface DatabaseRow {
  id: string;
  name: string;
  users: string | number;
  created_at: Date;
}

const databaseOf = (row: DatabaseRow): TenantDatabase => ({
  id: row.id,
  name: row.name,
  users: Number(row.users),
  createdAt: new Date(row.created_at),
});

/**
 * The rest of a tenant: its 1C databases (database_management), its details
 * (organization_details), its owner (main_user_info; set by the operator or the organization key)
 * and the caller's own rights (any member).
 */
export function createTenantOrganizationService({ em, env, log }: ServiceDeps) {
  async function details(organizationId: string): Promise<OrganizationDetailsRow> {
    const row = await loadOrganizationDetails(em, organizationId);
    if (!row) throw notFound('organization');
    return row;
  }

  return {
    /** By name; `nextCursor` is null on the last page. */
    async listDatabases(
      actor: Actor | undefined,
      organizationId: string,
      page: { limit: number; cursor?: string },
    ): Promise<{ items: TenantDatabase[]; nextCursor: string | null }> {
      await requireTenantRight(em, actor, organizationId, 'database_management');
      const after = decodeCursor(page.cursor, 1)?.[0] ?? null;
      const rows = await em.execute<DatabaseRow[]>(
        `select d.id, d.name, d.created_at,
           (select count(*) from tenant_member_databases md where md.organization_id = d.organization_id and md.database_id = d.id) as users
         from tenant_databases d where d.organization_id = ? and (?::text is null or d.name > ?)
         order by d.name limit ?`,
        [organizationId, after, after, page.limit + 1],
      );
      const items = rows.slice(0, page.limit).map(databaseOf);
      const last = items.at(-1);
      return { items, nextCursor: rows.length > page.limit && last ? encodeCursor([last.name]) : null };
    },

    /** 409 `database_exists` when the organization has one of that name. */
    async addDatabase(
      actor: Actor | undefined,
      organizationId: string,
      name: string,
    ): Promise<TenantDatabase> {
      await requireTenantRight(em, actor, organizationId, 'database_management');
      const [row] = await em.execute<DatabaseRow[]>(
        `insert into tenant_databases (id, organization_id, name) values (?, ?, ?)
         on conflict (organization_id, name) do nothing
         returning id, name, created_at, 0 as users`,
        [randomUUID(), organizationId, name],
      );
      if (!row) {
        throw new ApiError(409, 'database_exists', 'the organization already has a database with this name', {
          field: 'name',
        });
      }
      log.info({ organizationId, databaseId: row.id }, 'tenant database added');
      return databaseOf(row);
    },

    /** Removes the database and everyone's access to it. */
    async removeDatabase(
      actor: Actor | undefined,
      organizationId: string,
      databaseId: string,
    ): Promise<void> {
      await requireTenantRight(em, actor, organizationId, 'database_management');
      const removed = await em.execute<{ id: string }[]>(
        `delete from tenant_databases where organization_id = ? and id = ? returning id`,
        [organizationId, databaseId],
      );
      if (removed.length === 0) throw notFound('database');
    },

    async details(actor: Actor | undefined, organizationId: string): Promise<OrganizationDetailsRow> {
      await requireTenantRight(em, actor, organizationId, 'organization_details');
      return details(organizationId);
    },

    /** Changes the details given; `null` clears an optional one (domain/organization-details.ts checks them). */
    async updateDetails(
      actor: Actor | undefined,
      organizationId: string,
      input: DetailsInput,
    ): Promise<OrganizationDetailsRow> {
      await requireTenantRight(em, actor, organizationId, 'organization_details');
      const check = checkDetailsChanges(input);
      if (!check.ok) throw invalidField(check.field, check.message, check.code);
      const changed = await updateOrganizationDetails(em, organizationId, check.changes);
      if (changed.length > 0) log.info({ organizationId, changed }, 'organization details changed');
      return details(organizationId);
    },

    /** 404 `no_owner` until one is set. */
    async owner(actor: Actor | undefined, organizationId: string): Promise<Owner> {
      await requireTenantRight(em, actor, organizationId, 'main_user_info');
      const [owner] = await em.execute<Owner[]>(
        `select u.id, u.login, u.full_name as "fullName", u.email, u.phone
         from tenant_members m join users u on u.id = m.user_id where m.organization_id = ? and m.is_owner`,
        [organizationId],
      );
      if (!owner) throw new ApiError(404, 'no_owner', 'the organization has no owner yet');
      return owner;
    },

    /**
     * Sets the main user (the operator or the organization key only): a new login creates a tenant
     * account; an existing one becomes the owner only with its own password (which counts toward the
     * login lockout). A previous owner stays as an administrator.
     */
    async setOwner(
      actor: Actor | undefined,
      organizationId: string,
      input: OwnerInput,
    ): Promise<{ member: Member; created: boolean }> {
      if (!actor) throw unauthorized();
      if (!(
        actor.kind === 'operator' ||
        (actor.kind === 'organization' && actor.organizationId === organizationId)
      )) {
        throw forbidden('only the operator or the organization key sets the owner');
      }
      const [organization] = await em.execute<{ id: string }[]>(`select id from organizations where id = ?`, [
        organizationId,
      ]);
      if (!organization) throw notFound('organization');
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
        const throttle = loginThrottleKey(env.KABINET_SECRET, login);
        const locked = await checkLocked(em, throttle);
        if (locked) throw accountLocked(locked.lockedForSeconds);
        if (!(await verifyPassword(existing.password_hash, input.password))) {
          const failure = await recordFailure(em, throttle, lockoutLimits(env));
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
        await insertTenantAccount(em, {
          id: userId,
          login,
          passwordHash,
          fullName: input.fullName,
          email,
          phone,
        });
        created = true;
      }
      await em.transactional(async (tx) => {
        await tx.execute(
          `update tenant_members set is_owner = false, access_level = 'administrator'
           where organization_id = ? and is_owner and user_id <> ?`,
          [organizationId, userId],
        );
        await tx.execute(
          `insert into tenant_members (organization_id, user_id, access_level, is_owner) values (?, ?, 'administrator', true)
           on conflict (organization_id, user_id) do update set is_owner = true`,
          [organizationId, userId],
        );
      });
      log.info({ organizationId, userId, created }, 'tenant owner set');
      return { member: (await findMember(em, organizationId, userId))!, created };
    },

    /** The caller's access level and rights in the organization (any member). */
    async myRights(actor: Actor | undefined, organizationId: string): Promise<TenantAccess> {
      return tenantAccess(em, actor, organizationId);
    },
  };
}
