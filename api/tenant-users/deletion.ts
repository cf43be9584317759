import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { maskEmail } from '../../domain/email.ts';
import { chooseChannel, type MessageChannel } from '../../domain/message-channel.ts';
import { maskPhone } from '../../domain/phone.ts';
import {
  codesEqual,
  generateVerificationCode,
  hashVerificationCode,
} from '../../integrations/crypto/one-time-code.ts';
import { queueMessage } from '../../processes/outbox/queue.ts';
import { outboxDeps, type ServiceDeps } from '../http/context.ts';
import { ApiError } from '../http/errors.ts';
import type { TenantAccess } from './access.ts';
import type { Member } from './members.ts';

/**
 * Deleting a tenant's user needs a 6-digit code sent to the one who deletes (PRODUCT.md §5): by SMS
 * when they have a mobile phone, else by e-mail. The organization's API key and the operator have
 * neither, so their code goes to the owner's contacts: the owner then confirms what the HR system
 * or the operator is about to do. Only an HMAC of the code is stored; it lives DELETION_CODE_TTL
 * (10 minutes), allows DELETION_MAX_ATTEMPTS wrong guesses, is single use, and only the newest code of
 * the same deleter for the same user counts.
 */

export const DELETION_MAX_ATTEMPTS = 5;
const DEFAULT_TTL_MS = 10 * 60_000;

const hashFor = (secret: string, codeId: string, code: string) =>
  hashVerificationCode(secret, `deletion:${codeId}`, code);

/** The deleter as the code table records it: user codes are personal, key and operator codes shared. */
function deleter(access: TenantAccess): { kind: TenantAccess['kind']; userId: string | null } {
  return { kind: access.kind, userId: access.kind === 'user' ? access.userId : null };
}

interface Contact {
  id: string;
  phone: string | null;
  email: string | null;
}

async function recipient(em: EntityManager, access: TenantAccess): Promise<Contact> {
  if (access.kind === 'user') {
    const [me] = await em.execute<Contact[]>(`select id, phone, email from users where id = ?`, [
      access.userId,
    ]);
    if (me && (me.phone || me.email)) return me;
    throw new ApiError(
      409,
      'no_contact',
      'add a mobile phone or an e-mail to your profile: the confirmation code is sent there',
    );
  }
  const [owner] = await em.execute<Contact[]>(
    `select u.id, u.phone, u.email from tenant_members m join users u on u.id = m.user_id
     where m.organization_id = ? and m.is_owner`,
    [access.organizationId],
  );
  if (owner && (owner.phone || owner.email)) return owner;
  throw new ApiError(
    409,
    'no_contact',
    "the confirmation code goes to the owner's phone or e-mail, and the organization has no owner with either",
  );
}

/**
 * Sends a new code (voiding the deleter's earlier ones for this user). At most one per
 * RESEND_COOLDOWN per deleter and user, claimed by one conditional INSERT.
 */
export async function issueDeletionCode(
  deps: ServiceDeps,
  access: TenantAccess,
  target: Member,
): Promise<{ channel: MessageChannel; to: string; expiresAt: Date }> {
  const { em, env, log } = deps;
  const to = await recipient(em, access);
  const route = chooseChannel('deletion_code', to);
  if (!route) throw new Error('recipient(): a deleter without contacts');
  const { channel, to: address } = route;
  const by = deleter(access);
  const id = randomUUID();
  const code = generateVerificationCode();
  const ttlMs = env.DELETION_CODE_TTL ?? DEFAULT_TTL_MS;
  const cooldownMs = env.RESEND_COOLDOWN;

  const inserted = await em.execute<{ expires_at: Date }[]>(
    `insert into deletion_codes
       (id, organization_id, actor_kind, actor_user_id, target_user_id, channel, code_hash, expires_at)
     select ?::uuid, ?::uuid, ?, ?::uuid, ?::uuid, ?, ?, now() + ?::double precision * interval '1 millisecond'
     where not exists (
       select 1 from deletion_codes
       where organization_id = ? and target_user_id = ? and actor_kind = ?
         and actor_user_id is not distinct from ?::uuid
         and created_at > now() - ?::double precision * interval '1 millisecond')
     returning expires_at`,
    [
      id,
      access.organizationId,
      by.kind,
      by.userId,
      target.id,
      channel,
      hashFor(env.KABINET_SECRET, id, code),
      ttlMs,
      access.organizationId,
      target.id,
      by.kind,
      by.userId,
      cooldownMs,
    ],
  );
  const row = inserted[0];
  if (!row) {
    const retryAfter = String(Math.max(1, Math.ceil(cooldownMs / 1000)));
    throw new ApiError(
      429,
      'too_many_requests',
      'a code was sent a moment ago; wait before asking again',
      { retryAfterSeconds: Number(retryAfter) },
      { 'Retry-After': retryAfter },
    );
  }
  // Earlier codes of this deleter for this user stop working.
  await em.execute(
    `update deletion_codes set used_at = now()
     where organization_id = ? and target_user_id = ? and actor_kind = ? and actor_user_id is not distinct from ?::uuid
       and id <> ? and used_at is null`,
    [access.organizationId, target.id, by.kind, by.userId, id],
  );

  const [organization] = await em.execute<{ name: string }[]>(`select name from organizations where id = ?`, [
    access.organizationId,
  ]);
  try {
    await queueMessage(outboxDeps(deps), {
      id: `deletion-${id}`,
      organizationId: access.organizationId,
      userId: to.id,
      kind: 'deletion_code',
      channel,
      to: address,
      template: 'deletion-code',
      data: {
        code,
        login: target.login,
        fullName: target.fullName ?? target.login,
        organizationName: organization?.name ?? '',
        ttlMinutes: Math.max(1, Math.round(ttlMs / 60_000)),
      },
      urgent: true,
      secret: true,
    });
  } catch (err) {
    // Nothing was sent: the code must not block the next request for the cooldown.
    await em.execute(`delete from deletion_codes where id = ?`, [id]);
    throw err;
  }
  log.info(
    { organizationId: access.organizationId, targetUserId: target.id, deletionCodeId: id, channel },
    'deletion code sent',
  );
  return {
    channel,
    to: channel === 'sms' ? maskPhone(address) : maskEmail(address),
    expiresAt: new Date(row.expires_at),
  };
}

interface CodeRow {
  id: string;
  code_hash: string;
  attempts_used: number;
  expired: boolean;
  used: boolean;
}

type Outcome =
  | { kind: 'deleted'; userDeleted: boolean; sessionsEnded: number }
  | { kind: 'none' | 'expired' | 'exhausted' }
  | { kind: 'wrong'; attemptsLeft: number };

/**
 * Checks the code under a row lock (parallel guesses are counted one by one) and, when it is
 * right, deletes in the same transaction: the user's sessions end, the membership goes, and the
 * account too if it was a tenant account that belongs to no other organization.
 */
export async function deleteWithCode(
  deps: ServiceDeps,
  access: TenantAccess,
  target: Member,
  code: string,
): Promise<{ userDeleted: boolean; sessionsEnded: number }> {
  const { em, env, log } = deps;
  const by = deleter(access);
  const outcome = await em.transactional(async (tx): Promise<Outcome> => {
    const [row] = await tx.execute<CodeRow[]>(
      `select id, code_hash, attempts_used, expires_at <= now() as expired, used_at is not null as used
       from deletion_codes
       where organization_id = ? and target_user_id = ? and actor_kind = ? and actor_user_id is not distinct from ?::uuid
       order by created_at desc limit 1
       for update`,
      [access.organizationId, target.id, by.kind, by.userId],
    );
    if (!row || row.used) return { kind: 'none' };
    if (row.expired) return { kind: 'expired' };
    if (row.attempts_used >= DELETION_MAX_ATTEMPTS) return { kind: 'exhausted' };
    if (!codesEqual(row.code_hash, hashFor(env.KABINET_SECRET, row.id, code))) {
      await tx.execute(`update deletion_codes set attempts_used = attempts_used + 1 where id = ?`, [row.id]);
      return { kind: 'wrong', attemptsLeft: DELETION_MAX_ATTEMPTS - row.attempts_used - 1 };
    }
    await tx.execute(`update deletion_codes set used_at = now() where id = ?`, [row.id]);
    return { kind: 'deleted', ...(await removeMember(tx, access.organizationId, target.id)) };
  });
  switch (outcome.kind) {
    case 'deleted':
      log.info(
        { organizationId: access.organizationId, targetUserId: target.id, userDeleted: outcome.userDeleted },
        'tenant user deleted',
      );
      return { userDeleted: outcome.userDeleted, sessionsEnded: outcome.sessionsEnded };
    case 'wrong':
      throw new ApiError(
        403,
        'invalid_code',
        outcome.attemptsLeft > 0
          ? `Неверный код. Осталось попыток: ${outcome.attemptsLeft}.`
          : 'Неверный код. Попытки исчерпаны, запросите новый код.',
        { attemptsLeft: outcome.attemptsLeft, field: 'confirmationCode' },
      );
    case 'none':
      throw new ApiError(403, 'invalid_code', 'Код не запрошен или уже использован: запросите новый код.', {
        attemptsLeft: 0,
        field: 'confirmationCode',
      });
    case 'expired':
      throw new ApiError(410, 'code_expired', 'Срок действия кода истёк: запросите новый код.', {
        field: 'confirmationCode',
      });
    case 'exhausted':
      throw new ApiError(410, 'too_many_attempts', 'Попытки исчерпаны: запросите новый код.', {
        field: 'confirmationCode',
      });
  }
}

async function removeMember(em: EntityManager, organizationId: string, userId: string) {
  const ended = await em.execute<{ id: string }[]>(
    `update sessions set revoked_at = now() where user_id = ? and revoked_at is null returning id`,
    [userId],
  );
  await em.execute(`delete from tenant_members where organization_id = ? and user_id = ?`, [
    organizationId,
    userId,
  ]);
  // The account itself goes only if it was made for tenants and nothing else holds on to it.
  const deleted = await em.execute<{ id: string }[]>(
    `delete from users u where u.id = ? and u.portal = 'tenant'
       and not exists (select 1 from tenant_members m where m.user_id = u.id)
       and not exists (select 1 from employees e where e.user_id = u.id)
       and not exists (select 1 from invitations i where i.user_id = u.id)
     returning u.id`,
    [userId],
  );
  return { userDeleted: deleted.length > 0, sessionsEnded: ended.length };
}
