import type { ApiError } from '../http/errors.ts';

export type ActivationField = 'phone' | 'code' | 'password' | 'passwordAgain';

/** What the activation form shows for a refusal: a message at a field, or one above the form. */
export type ActivationProblem =
  { field: ActivationField; message: string } | { alert: string; loginLink: boolean };

const NEW_CODE_FROM_ADMIN = 'Попросите администратора отправить новый код.';

/**
 * The Russian text of each refusal of `createActivationService().activate`; undefined for one the form
 * does not know.
 */
export function activationProblem(err: ApiError): ActivationProblem | undefined {
  switch (err.code) {
    case 'invalid_code': {
      const left = err.details?.attemptsLeft;
      // Without a count the phone has no open invitation: the number may be the mistake too.
      return typeof left === 'number'
        ? { field: 'code', message: `Неверный код. Осталось попыток: ${left}.` }
        : { field: 'code', message: 'Неверный код. Проверьте номер телефона и код из SMS.' };
    }
    case 'code_expired':
      return { field: 'code', message: `Срок действия кода истёк. ${NEW_CODE_FROM_ADMIN}` };
    case 'too_many_attempts':
      return {
        field: 'code',
        message: `Код введён неверно слишком много раз и больше не действует. ${NEW_CODE_FROM_ADMIN}`,
      };
    case 'already_activated':
      return { alert: 'Кабинет уже активирован. Войдите с паролем.', loginLink: true };
    case 'code_not_sent_yet':
      return { alert: 'Код ещё отправляется. Подождите минуту и попробуйте снова.', loginLink: false };
    case 'try_again_later':
      return {
        alert: 'Не удалось проверить код. Повторите попытку через несколько секунд.',
        loginLink: false,
      };
    case 'too_many_requests': {
      const seconds = err.details?.retryAfterSeconds;
      const minutes = typeof seconds === 'number' ? Math.max(1, Math.ceil(seconds / 60)) : undefined;
      const when = minutes === undefined ? 'позже.' : `через ${minutes} мин.`;
      return { alert: `Слишком много попыток активации. Повторите ${when}`, loginLink: false };
    }
    case 'validation_failed':
    case 'weak_password': {
      // The activation service names the field and says in Russian what is wrong (the password policy's reason).
      const field = (err.details?.fields as { field?: string }[] | undefined)?.[0]?.field;
      if (field === 'phone' || field === 'code' || field === 'password')
        return { field, message: err.message };
      return undefined;
    }
  }
  return undefined;
}
