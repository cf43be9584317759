// Who may do what, checked by services before anything is read: each guard takes the request's actor
// (never a Hono Context), so a script or a test can call a service the same way a route does.
import type { EntityManager } from '@mikro-orm/postgresql';
import { Organization, Specialist } from '../../db/entities/index.ts';
import type { Actor } from './context.ts';
import { ApiError, forbidden, notFound, unauthorized } from './errors.ts';

export type UserActor = Extract<Actor, { kind: 'user' }>;
export type ProviderActor = Extract<Actor, { kind: 'provider' }>;

export function requireOperator(actor: Actor | undefined): void {
  if (!actor) throw unauthorized();
  if (actor.kind !== 'operator') throw forbidden('operator token required');
}

export function requireUser(actor: Actor | undefined): UserActor {
  if (actor?.kind !== 'user') throw unauthorized('log in first');
  return actor;
}

/** An educational provider's key (kpr_…): reports attendance and decides applications. */
export function requireProvider(actor: Actor | undefined): ProviderActor {
  if (!actor) throw unauthorized();
  if (actor.kind !== 'provider') throw forbidden('a provider key is required');
  return actor;
}

/**
 * The operator, the organization's own API key, or the person who is its service administrator
 * may act on an organization. Anyone else gets 403 before anything is read.
 */
export async function requireOrganizationAdmin(
  em: EntityManager,
  actor: Actor | undefined,
  organizationId: string,
): Promise<Organization> {
  if (!actor) throw unauthorized();
  const allowed =
    actor.kind === 'operator' ||
    (actor.kind === 'organization' && actor.organizationId === organizationId) ||
    (actor.kind === 'user' && (await isServiceAdmin(em, actor.userId, organizationId)));
  if (!allowed) throw forbidden('not an administrator of this organization');
  const organization = await em.findOne(Organization, organizationId);
  if (!organization) throw notFound('organization');
  return organization;
}

async function isServiceAdmin(em: EntityManager, userId: string, organizationId: string): Promise<boolean> {
  const [row] = await em.execute<{ ok: boolean }[]>(
    `select true as ok from services s join employees e on e.id = s.admin_employee_id
     where s.organization_id = ? and e.user_id = ?`,
    [organizationId, userId],
  );
  return Boolean(row?.ok);
}

/** The logged-in user's specialist profile (continuing education); 403 when they have none yet. */
export async function requireSpecialist(em: EntityManager, actor: Actor | undefined): Promise<Specialist> {
  const user = requireUser(actor);
  const specialist = await em.findOne(Specialist, { userId: user.userId });
  if (!specialist) {
    throw new ApiError(
      403,
      'not_a_specialist',
      'create your specialist profile first (POST /v1/me/specialist)',
    );
  }
  return specialist;
}
