import { createRoute, z } from '@hono/zod-openapi';
import { User } from '../../db/entities/index.ts';
import { normalizeEmail } from '../../domain/email.ts';
import { ApiError, invalidField, notFound } from '../http/errors.ts';
import { HumanCheckAnswerSchema, verifyHumanCheck } from '../security/human-check.ts';
import { requireUser } from '../http/middleware/auth.ts';
import { activateVerified, requestSubscription, subscriptionStatus, unsubscribe } from '../news.ts';
import { resourceApp } from '../http/resource-app.ts';
import { bearerSecurity, errorResponses, jsonBody, jsonResponse } from '../http/schemas.ts';

const ACCEPTED_MESSAGE =
  'Если адрес указан верно, на него придёт письмо. Откройте ссылку из письма, чтобы подтвердить подписку.';

const MySubscription = z
  .object({
    email: z.string().nullable(),
    status: z.enum(['none', 'pending', 'active', 'unsubscribed']),
  })
  .openapi('MyNewsSubscription');

/** The news subscription (double opt-in) over the API; the pages are api/pages/news-page.ts. */
export const newsRoutes = resourceApp()
  .openapi(
    createRoute({
      method: 'post',
      path: '/v1/news/subscriptions',
      summary: 'Subscribe an e-mail to the news: a confirmation letter follows (always the same answer)',
      request: jsonBody(z.object({ email: z.string().max(320), humanCheck: HumanCheckAnswerSchema })),
      responses: {
        202: jsonResponse('Accepted', z.object({ status: z.literal('accepted'), message: z.string() })),
        ...errorResponses(400, 422),
      },
    }),
    async (c) => {
      const { email, humanCheck } = c.req.valid('json');
      await verifyHumanCheck(c, humanCheck);
      const normalized = normalizeEmail(email);
      if (!normalized) throw invalidField('email', 'not a valid e-mail address');
      await requestSubscription(c, normalized, c.var.actor?.kind === 'user' ? c.var.actor.userId : null);
      return c.json({ status: 'accepted' as const, message: ACCEPTED_MESSAGE }, 202);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/v1/news/unsubscribe',
      summary: 'Unsubscribe with the token of a news letter link (repeating it is fine)',
      request: jsonBody(z.object({ token: z.string().min(1).max(200) })),
      responses: {
        200: jsonResponse('Unsubscribed', z.object({ status: z.literal('unsubscribed') })),
        ...errorResponses(400, 404, 422),
      },
    }),
    async (c) => {
      if (!(await unsubscribe(c, c.req.valid('json').token))) throw notFound('subscription');
      return c.json({ status: 'unsubscribed' as const }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/me/news-subscription',
      summary: "The news subscription of my account's e-mail",
      security: bearerSecurity,
      responses: { 200: jsonResponse('The subscription', MySubscription), ...errorResponses(401) },
    }),
    async (c) => {
      const actor = requireUser(c);
      const user = await c.var.em.findOne(User, actor.userId);
      if (!user) throw notFound('user');
      const status = user.email ? await subscriptionStatus(c, user.email) : 'none';
      return c.json({ email: user.email ?? null, status }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/v1/me/news-subscription',
      summary:
        'Subscribe or unsubscribe my e-mail; a confirmed account e-mail is active at once, otherwise a confirmation letter follows',
      security: bearerSecurity,
      request: jsonBody(z.object({ subscribed: z.boolean() })),
      responses: { 200: jsonResponse('The subscription', MySubscription), ...errorResponses(401, 409, 422) },
    }),
    async (c) => {
      const actor = requireUser(c);
      const { subscribed } = c.req.valid('json');
      const user = await c.var.em.findOne(User, actor.userId);
      if (!user) throw notFound('user');
      if (!user.email)
        throw new ApiError(409, 'no_email', 'the account has no e-mail address; add one first');
      const current = await subscriptionStatus(c, user.email);
      if (subscribed && current !== 'active') {
        if (user.emailVerifiedAt) await activateVerified(c, user.email, user.id);
        else await requestSubscription(c, user.email, user.id);
      } else if (!subscribed && current !== 'none' && current !== 'unsubscribed') {
        await c.var.em.execute(
          `update news_subscriptions set status = 'unsubscribed', confirm_token_hash = null,
             confirm_expires_at = null, unsubscribed_at = now() where email = ?`,
          [user.email],
        );
      }
      return c.json({ email: user.email, status: await subscriptionStatus(c, user.email) }, 200);
    },
  );
