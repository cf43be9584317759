import type { EntityManager } from '@mikro-orm/postgresql';
import { Organization, TenantMember } from '../../db/entities/index.ts';
import {
  ACCESS_RIGHTS,
  effectiveRights,
  isAccessLevel,
  RIGHT_LABELS,
  type AccessLevel,
  type AccessRight,
  type MemberAccess,
} from '../../domain/access-rights.ts';
import { grantRefusal, manageRefusal, type GrantRefusal } from '../../domain/tenant-grants.ts';
import type { Actor } from '../http/context.ts';
import { ApiError, forbidden, notFound, unauthorized } from '../http/errors.ts';
import type { Member } from './members.ts';

/**
 * Who is acting on a tenant and with which rights (domain/access-rights.ts). The organization's API
 * key and the operator act as the owner; a logged-in user acts as their membership says.
 */
export type TenantAccess =
  | { kind: 'operator' | 'organization'; organizationId: string; isOwner: true; rights: AccessRight[] }
  | {
      kind: 'user';
      organizationId: string;
      userId: string;
      sessionId: string;
      level: AccessLevel;
      isOwner: boolean;
      grantedRights: string[];
      rights: AccessRight[];
    };

/**
 * The caller's access to the tenant, or 403 before anything about the tenant is read: anyone who is
 * neither the operator, the organization's own key, nor a member learns nothing (not even whether
 * the organization exists).
 */
export async function tenantAccess(
  em: EntityManager,
  actor: Actor | undefined,
  organizationId: string,
): Promise<TenantAccess> {
  if (!actor) throw unauthorized();
  if (
    actor.kind === 'operator' ||
    (actor.kind === 'organization' && actor.organizationId === organizationId)
  ) {
    if (actor.kind === 'operator' && !(await em.count(Organization, { id: organizationId }))) {
      throw notFound('organization');
    }
    return { kind: actor.kind, organizationId, isOwner: true, rights: [...ACCESS_RIGHTS] };
  }
  if (actor.kind === 'user') {
    const member = await em.findOne(TenantMember, { organizationId, userId: actor.userId });
    if (member && isAccessLevel(member.accessLevel)) {
      const grantedRights = [...member.grantedRights];
      return {
        kind: 'user',
        organizationId,
        userId: actor.userId,
        sessionId: actor.sessionId,
        level: member.accessLevel,
        isOwner: member.isOwner,
        grantedRights,
        rights: effectiveRights({ level: member.accessLevel, isOwner: member.isOwner, grantedRights }),
      };
    }
  }
  throw forbidden('not a member of this organization');
}

/** The caller's own session, which "end sessions" spares. */
export const currentSession = (access: TenantAccess): string | null =>
  access.kind === 'user' ? access.sessionId : null;

/** 403 naming the right that is missing. */
export const missingRight = (right: AccessRight) =>
  new ApiError(403, 'forbidden', `the access right «${RIGHT_LABELS[right]}» (${right}) is required`, {
    right,
  });

/** Every tenant endpoint starts here: the caller must hold `right` in this organization. */
export async function requireTenantRight(
  em: EntityManager,
  actor: Actor | undefined,
  organizationId: string,
  right: AccessRight,
): Promise<TenantAccess> {
  const access = await tenantAccess(em, actor, organizationId);
  if (!access.rights.includes(right)) throw missingRight(right);
  return access;
}

const refused = (refusal: GrantRefusal) =>
  new ApiError(403, refusal.code, refusal.message, refusal.rights ? { rights: refusal.rights } : undefined);

/** 403 `cannot_grant_rights` when the caller would give rights they do not hold (domain/tenant-grants.ts). */
export function assertMayGrant(access: TenantAccess, wanted: MemberAccess): void {
  const refusal = grantRefusal(access, wanted);
  if (refusal) throw refused(refusal);
}

/** 403 `cannot_manage_member` when the target outranks the caller (domain/tenant-grants.ts). */
export function assertMayManage(access: TenantAccess, target: Member): void {
  const refusal = manageRefusal(access, {
    level: target.accessLevel,
    isOwner: target.isOwner,
    grantedRights: target.grantedRights,
  });
  if (refusal) throw refused(refusal);
}
