import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { randomBytes, randomUUID } from 'node:crypto';
import { User } from '../../db/entities/index.ts';
import { checkSignUp, type SignUpForm } from '../../domain/sign-up.ts';
import { sha256 } from '../../integrations/crypto/tokens.ts';
import { queueMessage } from '../../processes/outbox/queue.ts';
import { outboxDeps, type ServiceDeps } from '../http/context.ts';
import { ApiError } from '../http/errors.ts';
import { type HumanCheckAnswer, verifyHumanAnswer } from '../security/human-check.ts';
import { hashPassword } from '../security/passwords.ts';

/**
 * Sign-up (PRODUCT.md §4): the education portal's form (e-mail is the login) and the 1С:ИТС form (a
 * login of one's own). The account waits in `pending_confirmation` until the link of the
 * confirmation letter is opened; until then it cannot log in.
 */

export type SignUpInput = SignUpForm & { humanCheck: HumanCheckAnswer };

const taken = (field: 'email' | 'login' | 'snils') =>
  new ApiError(
    409,
    `${field}_taken`,
    {
      email: 'Этот адрес электронной почты уже зарегистрирован. Войдите или восстановите пароль.',
      login: 'Этот логин уже занят. Придумайте другой.',
      snils: 'Учётная запись с этим СНИЛС уже есть. Войдите или восстановите пароль.',
    }[field],
    { field },
  );

export const confirmationExpired = () =>
  new ApiError(
    410,
    'confirmation_expired',
    'Ссылка для подтверждения устарела или неверна. Зарегистрируйтесь заново или восстановите пароль.',
  );

export function createSignUpService(deps: ServiceDeps) {
  const { em, env, log } = deps;

  /** The confirmation letter's link: a random token whose SHA-256 is kept for EMAIL_CONFIRMATION_TTL. */
  async function sendConfirmation(user: User): Promise<void> {
    const token = randomBytes(32).toString('base64url');
    const ttlMs = env.EMAIL_CONFIRMATION_TTL;
    await em.execute(
      `insert into email_confirmations (token_hash, user_id, expires_at) values (?, ?, now() + make_interval(secs => ?))`,
      [sha256(token), user.id, ttlMs / 1000],
    );
    const link = new URL('/register/confirm', env.PUBLIC_URL);
    link.searchParams.set('token', token);
    await queueMessage(outboxDeps(deps), {
      userId: user.id,
      kind: 'registration_confirmation',
      channel: 'email',
      to: user.email!,
      template: 'registration-confirmation',
      data: {
        fullName: user.fullName,
        login: user.login,
        showLogin: user.portal === 'education',
        portalName: user.portal === 'its' ? '1С:ИТС' : 'образовательный портал',
        link: link.toString(),
        ttlHours: Math.round(ttlMs / 3600_000),
      },
      urgent: true,
      secret: true,
    });
  }

  return {
    /**
     * Creates an account in `pending_confirmation` and sends the confirmation letter. The fields are
     * checked first (422 naming every field), then the human check (used up either way), then whether
     * the e-mail, login or SNILS is free (409 naming the field).
     */
    async signUp(input: SignUpInput) {
      const check = checkSignUp(input, new Date());
      if (!check.ok) {
        const problems = check.problems;
        throw new ApiError(422, 'validation_failed', problems[0]!.message, { fields: problems });
      }
      const account = check.account;
      await verifyHumanAnswer(em, env.KABINET_SECRET, input.humanCheck);

      const existing = await em.find(
        User,
        {
          $or: [
            { email: account.email },
            { login: { $in: [account.login, account.email] } },
            ...(account.snils ? [{ snils: account.snils }] : []),
          ],
        },
        { fields: ['id', 'email', 'login', 'snils'] },
      );
      if (existing.some((u) => u.email === account.email || u.login === account.email)) throw taken('email');
      if (existing.some((u) => u.login === account.login)) throw taken('login');
      if (account.snils && existing.some((u) => u.snils === account.snils)) throw taken('snils');

      const user = em.create(User, {
        id: randomUUID(),
        login: account.login,
        passwordHash: await hashPassword(input.password),
        email: account.email,
        fullName: account.fullName,
        phone: account.phone,
        snils: account.snils,
        portal: account.portal,
        status: 'pending_confirmation',
        profile: account.profile,
        passwordChangedAt: new Date(),
      });
      try {
        await em.flush();
      } catch (err) {
        // Two sign-ups with the same address at once: the second one meets the unique index.
        if (!(err instanceof UniqueConstraintViolationException)) throw err;
        const message = String(err.message);
        throw taken(
          message.includes('snils') ? 'snils' : message.includes('users_login') ? 'login' : 'email',
        );
      }
      await sendConfirmation(user);
      log.info({ userId: user.id, portal: user.portal }, 'account registered');
      return { userId: user.id, login: user.login, status: 'pending_confirmation' as const };
    },

    /**
     * Opens the confirmation link: the account becomes active and its e-mail verified. Opening the
     * same link again after that answers the same; an unknown or expired link is 410
     * `confirmation_expired`.
     */
    async confirmEmail(token: string) {
      const [used] = await em.execute<{ user_id: string }[]>(
        `update email_confirmations set used_at = coalesce(used_at, now())
         where token_hash = ? and (used_at is not null or expires_at > now())
         returning user_id`,
        [sha256(token)],
      );
      if (!used) throw confirmationExpired();
      const [user] = await em.execute<{ id: string; login: string; status: string }[]>(
        `update users set
           status = case when status = 'pending_confirmation' then 'active' else status end,
           email_verified_at = coalesce(email_verified_at, now()),
           updated_at = now()
         where id = ? returning id, login, status`,
        [used.user_id],
      );
      if (!user) throw confirmationExpired();
      log.info({ userId: user.id }, 'e-mail confirmed');
      return { userId: user.id, login: user.login, status: user.status };
    },
  };
}
