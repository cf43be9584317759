import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { ActivationAttempt, Invitation } from '../../db/entities/index.ts';
import { OPEN_INVITATION_STATUSES } from '../../db/queries/invitations.ts';
import { checkPasswordStrength } from '../../domain/password-policy.ts';
import { normalizeMobilePhone } from '../../domain/phone.ts';
import { codesEqual, hashVerificationCode } from '../../integrations/crypto/one-time-code.ts';
import { invitationWorkflowId } from '../../workflows/ids.ts';
import { activateUpdate, type ActivationVerdict } from '../../workflows/invitation.ts';
import type { RequestOrigin, ServiceDeps } from '../http/context.ts';
import { ApiError, invalidField } from '../http/errors.ts';
import { hashPassword } from '../security/passwords.ts';
import { hitRateLimit } from '../security/rate-limit.ts';
import type { Activation } from './views.ts';

const invalidCode = (attemptsLeft?: number) =>
  new ApiError(
    422,
    'invalid_code',
    attemptsLeft === undefined ? 'Неверный код.' : `Неверный код. Осталось попыток: ${attemptsLeft}.`,
    attemptsLeft === undefined ? undefined : { attemptsLeft },
  );
const codeExpired = () =>
  new ApiError(410, 'code_expired', 'Срок действия кода истёк. Попросите администратора отправить новый.');
const codeNotSentYet = () =>
  new ApiError(409, 'code_not_sent_yet', 'Код ещё отправляется. Повторите через минуту.', undefined, {
    'Retry-After': '10',
  });
const alreadyActivated = () =>
  new ApiError(409, 'already_activated', 'Кабинет уже активирован. Войдите с паролем.');
const tooManyAttempts = () =>
  new ApiError(410, 'too_many_attempts', 'Код введён неверно слишком много раз. Запросите новый код.');

/** The workflow's verdict as the API answers it: the activated account, or the error to throw. */
function activatedAccount(verdict: ActivationVerdict): { userId: string; login: string } {
  switch (verdict.outcome) {
    case 'activated':
      return { userId: verdict.userId, login: verdict.login };
    case 'invalid_code':
      throw invalidCode(verdict.attemptsLeft);
    case 'too_many_attempts':
      throw tooManyAttempts();
    case 'code_expired':
      throw codeExpired();
    case 'not_open':
      if (verdict.status === 'activated') throw alreadyActivated();
      if (verdict.status === 'waiting_for_provider') throw codeNotSentYet();
      throw codeExpired();
  }
}

/** Activating a cabinet with the invitation's one-time code: the API and the activation page both come here. */
export function createActivationService({ em, temporal, env }: ServiceDeps) {
  return {
    /**
     * Sets the password and activates the cabinet when the code is right. Anonymous: the phone and the
     * code are the credentials; one rate limit per client address covers the API and the page alike.
     * Throws ApiError with the API.md code for every refusal; the invitation workflow makes the decision.
     */
    async activate(input: Activation, origin: RequestOrigin): Promise<{ userId: string; login: string }> {
      const phone = normalizeMobilePhone(input.phone);
      if (!phone) throw invalidField('phone', 'Укажите мобильный номер в формате +7 9XX XXX-XX-XX.');
      const code = input.code.replace(/\s/g, '');
      if (!/^\d{6}$/.test(code)) throw invalidField('code', 'Код состоит из 6 цифр.');
      const strength = checkPasswordStrength(input.password);
      if (!strength.ok) throw invalidField('password', strength.reason, 'weak_password');
      // Guessing across many phones from one place is stopped here, before any code is checked.
      await hitRateLimit(
        em,
        `activation:${origin.ip}`,
        env.ACTIVATION_RATE_LIMIT,
        env.ACTIVATION_RATE_WINDOW,
      );

      const open = await em.find(
        Invitation,
        { phone, status: { $in: [...OPEN_INVITATION_STATUSES] } },
        { orderBy: { createdAt: 'desc' } },
      );
      if (open.length === 0) {
        const latest = await em.findOne(Invitation, { phone }, { orderBy: { createdAt: 'desc' } });
        if (latest?.status === 'expired' || latest?.status === 'revoked') throw codeExpired();
        if (latest?.status === 'activated') throw alreadyActivated();
        throw invalidCode();
      }
      // One phone may be invited by several organizations: the code tells which invitation it belongs to.
      const codeHash = hashVerificationCode(env.KABINET_SECRET, phone, code);
      const target = open.find((i) => i.codeHash && codesEqual(i.codeHash, codeHash)) ?? open[0]!;

      const attempt = em.create(ActivationAttempt, {
        id: randomUUID(),
        invitationId: target.id,
        codeHash,
        passwordHash: await hashPassword(input.password),
        createdAt: new Date(),
      });
      await em.flush();

      try {
        const handle = temporal.workflow.getHandle(invitationWorkflowId(target.id));
        const verdict = await handle.executeUpdate(activateUpdate, {
          args: [{ attemptId: attempt.id }],
          updateId: attempt.id,
        });
        // Refused without looking at the code: the attempt (and its password hash) is not kept.
        if (verdict.outcome === 'not_open')
          await em.fork().nativeDelete(ActivationAttempt, { id: attempt.id });
        return activatedAccount(verdict);
      } catch (err) {
        if (!(err instanceof WorkflowUpdateFailedError || err instanceof WorkflowNotFoundError)) throw err;
        // The process is not waiting for a code (already finished, or still sending it).
        await em.fork().nativeDelete(ActivationAttempt, { id: attempt.id });
        const current = await em.fork().findOneOrFail(Invitation, target.id);
        if (current.status === 'activated') throw alreadyActivated();
        if (current.status === 'pending') throw codeNotSentYet();
        // Still open and not past its deadline: the process could not take the code just now (a worker
        // restarting, say). The code was not counted, so the person may simply try again.
        const stillOpen = OPEN_INVITATION_STATUSES.includes(current.status);
        if (stillOpen && (!current.expiresAt || current.expiresAt > new Date())) {
          throw new ApiError(
            503,
            'try_again_later',
            'Не удалось проверить код. Повторите попытку через несколько секунд.',
            undefined,
            { 'Retry-After': '5' },
          );
        }
        throw codeExpired();
      }
    },
  };
}
