// Invitations' statuses as sets, and the statements that need them in SQL.
import type { EntityManager } from '@mikro-orm/postgresql';
import { OPEN_INVITATION_STATUSES, type InvitationStatus } from '../entities/invitation.ts';
import { pgArray } from '../sql.ts';

export { OPEN_INVITATION_STATUSES };

/** Statuses in which a new code may be sent: the open ones, and a failed SMS (send it again). */
export const RESENDABLE_INVITATION_STATUSES: readonly InvitationStatus[] = [
  ...OPEN_INVITATION_STATUSES,
  'failed',
];

export const isResendable = (status: InvitationStatus): boolean =>
  RESENDABLE_INVITATION_STATUSES.includes(status);

/**
 * Claims the resend cooldown with one conditional UPDATE, so two quick clicks send one code: true when
 * the invitation may be sent a new code now (and the cooldown starts again from now).
 */
export async function claimResendCooldown(
  em: EntityManager,
  invitationId: string,
  cooldownMs: number,
): Promise<boolean> {
  const claimed = await em.execute<{ id: string }[]>(
    `update invitations set code_requested_at = now()
     where id = ? and status = any(?::text[])
       and (code_requested_at is null or code_requested_at <= now() - make_interval(secs => ?))
     returning id`,
    [invitationId, pgArray(RESENDABLE_INVITATION_STATUSES), cooldownMs / 1000],
  );
  return claimed.length > 0;
}
