import { type AppContext, serviceDeps } from '../http/context.ts';
import { ApiError } from '../http/errors.ts';
import { resolveActor } from '../http/middleware/auth.ts';
import { formBodyLimit, readForm } from '../http/pages/form.ts';
import { pageApp } from '../http/pages/page-app.ts';
import { renderPage } from '../http/pages/render.ts';
import { sameOrigin } from '../http/pages/same-origin.ts';
import { humanCheckForPage } from '../security/human-check.ts';
import { createNewsService } from './service.ts';

const FORM_LIMITS = { email: 320, humanCheckToken: 500, humanCheckAnswer: 20 };
const SENT =
  'Если адрес указан верно, на него придёт письмо. Откройте ссылку из письма, чтобы подтвердить подписку.';

const formView = (c: AppContext, email = '', errors: Record<string, string> = {}) => ({
  email,
  errors,
  sent: null,
  alert: Object.keys(errors).length ? { message: 'Проверьте поля формы.', link: null } : null,
  humanCheck: humanCheckForPage(c),
});

/** The service's 422 on the address (as opposed to the human check). */
const isAboutEmail = (err: ApiError): boolean =>
  Array.isArray(err.details?.fields) &&
  (err.details.fields as { field: string }[]).some((f) => f.field === 'email');

const result = (
  c: AppContext,
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
export const newsPages = pageApp()
  .get('/news', (c) => renderPage(c, 'news', formView(c)))
  .post('/news', sameOrigin, formBodyLimit, resolveActor, async (c) => {
    const form = await readForm(c, FORM_LIMITS);
    try {
      const { email } = await createNewsService(serviceDeps(c)).subscribe(c.var.actor, {
        email: form.email,
        humanCheck: { token: form.humanCheckToken, answer: form.humanCheckAnswer },
      });
      return renderPage(c, 'news', { ...formView(c, email), sent: SENT });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.code === 'human_check_failed') {
        return renderPage(
          c,
          'news',
          formView(c, form.email, { humanCheck: 'Неверный ответ. Решите новый пример.' }),
          422,
        );
      }
      if (isAboutEmail(err)) {
        return renderPage(
          c,
          'news',
          formView(c, form.email, { email: 'Введите адрес электронной почты, например ivan@mail.ru.' }),
          422,
        );
      }
      throw err;
    }
  })
  .get('/news/confirm', async (c) => {
    const confirmed = await createNewsService(serviceDeps(c)).confirm(c.req.query('token') ?? '');
    if (!confirmed) {
      return result(c, 400, {
        title: 'Ссылка недействительна',
        message: 'Ссылка устарела или уже использована. Подпишитесь ещё раз — придёт новое письмо.',
        ok: false,
      });
    }
    return result(c, 200, {
      title: 'Подписка подтверждена',
      message: `Готово: новости будут приходить на ${confirmed.email}. Отписаться можно по ссылке в любом письме.`,
      ok: true,
      unsubscribeToken: confirmed.unsubscribeToken,
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
    const email = await createNewsService(serviceDeps(c)).unsubscribe(token);
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
