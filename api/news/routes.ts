import { serviceDeps } from '../http/context.ts';
import { resourceApp } from '../http/resource-app.ts';
import { routesOf } from '../http/route.ts';
import { bearerSecurity, errorResponses, jsonBody, jsonResponse } from '../http/schemas.ts';
import { createNewsService } from './service.ts';
import {
  AcceptedSchema,
  MySubscriptionSchema,
  SetMySubscriptionBody,
  SubscribeBody,
  subscriptionAccepted,
  UnsubscribeBody,
  UnsubscribedSchema,
} from './views.ts';

const route = routesOf('News');

/** Mounted at /v1/news: the news subscription (double opt-in) for anyone; the pages are ./pages.ts. */
export const newsRoutes = resourceApp()
  .openapi(
    route({
      method: 'post',
      path: '/subscriptions',
      operationId: 'subscribeToNews',
      summary: 'Subscribe an e-mail to the news: a confirmation letter follows (always the same answer)',
      request: jsonBody(SubscribeBody),
      responses: { 202: jsonResponse('Accepted', AcceptedSchema) },
    }),
    async (c) => {
      await createNewsService(serviceDeps(c)).subscribe(c.var.actor, c.req.valid('json'));
      return c.json(subscriptionAccepted(), 202);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/unsubscribe',
      operationId: 'unsubscribeFromNews',
      summary: 'Unsubscribe with the token of a news letter link (repeating it is fine)',
      request: jsonBody(UnsubscribeBody),
      responses: { 200: jsonResponse('Unsubscribed', UnsubscribedSchema), ...errorResponses(404) },
    }),
    async (c) => {
      await createNewsService(serviceDeps(c)).unsubscribeOrFail(c.req.valid('json').token);
      return c.json({ status: 'unsubscribed' as const }, 200);
    },
  );

/** Mounted at /v1/me/news-subscription: the subscription of the logged-in user's own e-mail. */
export const myNewsSubscriptionRoutes = resourceApp()
  .openapi(
    route({
      method: 'get',
      path: '/',
      operationId: 'getMyNewsSubscription',
      summary: "The news subscription of my account's e-mail",
      security: bearerSecurity,
      responses: { 200: jsonResponse('The subscription', MySubscriptionSchema), ...errorResponses(404) },
    }),
    async (c) => c.json(await createNewsService(serviceDeps(c)).mySubscription(c.var.actor), 200),
  )
  .openapi(
    route({
      method: 'put',
      path: '/',
      operationId: 'setMyNewsSubscription',
      summary:
        'Subscribe or unsubscribe my e-mail; a confirmed account e-mail is active at once, otherwise a confirmation letter follows',
      security: bearerSecurity,
      request: jsonBody(SetMySubscriptionBody),
      responses: {
        200: jsonResponse('The subscription', MySubscriptionSchema),
        ...errorResponses(404, 409),
      },
    }),
    async (c) => {
      const { subscribed } = c.req.valid('json');
      return c.json(await createNewsService(serviceDeps(c)).setMySubscription(c.var.actor, subscribed), 200);
    },
  );
