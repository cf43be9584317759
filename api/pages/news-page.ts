import { Hono, type Context } from 'hono';
import { normalizeEmail } from '../../domain/email.ts';
import type { AppEnv } from '../http/context.ts';
import { ApiError } from '../http/errors.ts';
import { humanCheckForPage, verifyHumanCheck } from '../security/human-check.ts';
import { resolveActor } from '../http/middleware/auth.ts';
import { confirmSubscription, requestSubscription, unsubscribe, unsubscribeToken } from '../news.ts';
import { formBodyLimit, readForm } from '../http/pages/form.ts';
import { renderPage } from '../http/pages/render.ts';
import { sameOrigin } from '../http/pages/same-origin.ts';

const FORM_LIMITS = { email: 320, humanCheckToken: 500, humanCheckAnswer: 20 };
const SENT =
  'Если адрес указан верно, на него придёт письмо. Откройте ссылку из письма, чтобы подтвердить подписку.';

const formView = (c: Context<AppEnv>, email = '', errors: Record<string, string> = {}) => ({
  email,
  errors,
  sent: null,
  alert: Object.keys(errors).length ? { message: 'Проверьте поля формы.', link: null } : null,
  humanCheck: humanCheckForPage(c),
});

const result = (
  c: Context<AppEnv>,
  status: 200 | 400,
  view: {
    title: string;
    message: string;
    ok: boolean;
    unsubscribeToken?: string | null;
    unsubscribeLabel?: string;
  },
) => renderPage(c, 'news-result', { unsubscribeToken: null, unsubscribeLabel: '', ...view }, status);

/**
 * GET/POST /news: the subscription form with the human check; GET /news/confirm?token= confirms;
 * GET /news/unsubscribe?token= asks, its form POSTs /news/unsubscribe (a link scanner opening the
 * GET does not unsubscribe anyone).
 */
export const newsPage = new Hono<AppEnv>()
  .get('/news', (c) => renderPage(c, 'news', formView(c)))
  .post('/news', sameOrigin, formBodyLimit, resolveActor, async (c) => {
    const form = await readForm(c, FORM_LIMITS);
    const email = normalizeEmail(form.email);
    try {
      await verifyHumanCheck(c, { token: form.humanCheckToken, answer: form.humanCheckAnswer });
    } catch (err) {
      if (!(err instanceof ApiError) || err.code !== 'human_check_failed') throw err;
      return renderPage(
        c,
        'news',
        formView(c, form.email, { humanCheck: 'Неверный ответ. Решите новый пример.' }),
        422,
      );
    }
    if (!email) {
      return renderPage(
        c,
        'news',
        formView(c, form.email, { email: 'Введите адрес электронной почты, например ivan@mail.ru.' }),
        422,
      );
    }
    await requestSubscription(c, email, c.var.actor?.kind === 'user' ? c.var.actor.userId : null);
    return renderPage(c, 'news', { ...formView(c, email), sent: SENT });
  })
  .get('/news/confirm', async (c) => {
    const email = await confirmSubscription(c, c.req.query('token') ?? '');
    if (!email) {
      return result(c, 400, {
        title: 'Ссылка недействительна',
        message: 'Ссылка устарела или уже использована. Подпишитесь ещё раз — придёт новое письмо.',
        ok: false,
      });
    }
    return result(c, 200, {
      title: 'Подписка подтверждена',
      message: `Готово: новости будут приходить на ${email}. Отписаться можно по ссылке в любом письме.`,
      ok: true,
      unsubscribeToken: unsubscribeToken(c.var.deps.env.KABINET_SECRET, email),
      unsubscribeLabel: 'Отписаться',
    });
  })
  .get('/news/unsubscribe', (c) => {
    const token = (c.req.query('token') ?? '').slice(0, 200);
    return result(c, 200, {
      title: 'Отписка от новостей',
      message: 'Нажмите кнопку, чтобы больше не получать новости.',
      ok: true,
      unsubscribeToken: token,
      unsubscribeLabel: 'Отписаться от новостей',
    });
  })
  .post('/news/unsubscribe', sameOrigin, formBodyLimit, async (c) => {
    const { token } = await readForm(c, { token: 200 });
    const email = await unsubscribe(c, token);
    if (!email) {
      return result(c, 400, {
        title: 'Ссылка недействительна',
        message: 'Ссылка для отписки неверна.',
        ok: false,
      });
    }
    return result(c, 200, {
      title: 'Вы отписались',
      message: `Новости больше не будут приходить на ${email}.`,
      ok: true,
    });
  });
