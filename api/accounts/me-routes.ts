import { serviceDeps } from '../http/context.ts';
import { resourceApp } from '../http/resource-app.ts';
import { routesOf } from '../http/route.ts';
import {
  bearerSecurity,
  errorResponses,
  jsonBody,
  jsonResponse,
  pageOf,
  PageQuery,
} from '../http/schemas.ts';
import { createExternalLoginService } from './external-login-service.ts';
import { createProfileService } from './profile-service.ts';
import {
  ChangePasswordBody,
  ConnectionSchema,
  connectionView,
  IdentityListSchema,
  identityListView,
  PasswordChangedSchema,
  ProfileSchema,
  profileView,
  ProviderParam,
  SessionIdParam,
  SessionListSchema,
  SessionsEndedSchema,
  sessionView,
} from './views.ts';

const route = routesOf('Accounts');

/** Mounted at /v1/me: the logged-in user's profile, password, sessions, history and linked identities. */
export const meRoutes = resourceApp()
  .openapi(
    route({
      method: 'get',
      path: '/',
      operationId: 'getMyProfile',
      summary: 'The logged-in user and their profile',
      security: bearerSecurity,
      responses: { 200: jsonResponse('The user', ProfileSchema), ...errorResponses(404) },
    }),
    async (c) => c.json(profileView(await createProfileService(serviceDeps(c)).profile(c.var.actor)), 200),
  )
  .openapi(
    route({
      method: 'post',
      path: '/password',
      operationId: 'changeMyPassword',
      summary: 'Change my password (ends my other sessions)',
      description:
        'A wrong current password is 422 on `currentPassword` and counts toward the login lockout ' +
        '(429 `account_locked` once locked). With PASSWORD_CHANGE_ENDS_SESSIONS (default) every other ' +
        'session of the account ends.',
      security: bearerSecurity,
      request: jsonBody(ChangePasswordBody),
      responses: {
        200: jsonResponse('Changed', PasswordChangedSchema),
        ...errorResponses(404, 429),
      },
    }),
    async (c) => {
      const result = await createProfileService(serviceDeps(c)).changePassword(
        c.var.actor,
        c.req.valid('json'),
      );
      return c.json(result, 200);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/sessions',
      operationId: 'listMySessions',
      summary: "The user's live sessions (not ended, not expired, not idle too long)",
      security: bearerSecurity,
      responses: { 200: jsonResponse('Sessions', SessionListSchema) },
    }),
    async (c) => {
      const { sessions, currentSessionId } = await createProfileService(serviceDeps(c)).listSessions(
        c.var.actor,
      );
      return c.json({ items: sessions.map((s) => sessionView(s, currentSessionId)), nextCursor: null }, 200);
    },
  )
  .openapi(
    route({
      method: 'delete',
      path: '/sessions/{id}',
      operationId: 'endMySession',
      summary: 'End one of my sessions',
      security: bearerSecurity,
      request: { params: SessionIdParam },
      responses: { 204: { description: 'Ended' }, ...errorResponses(404) },
    }),
    async (c) => {
      await createProfileService(serviceDeps(c)).endSession(c.var.actor, c.req.valid('param').id);
      return c.body(null, 204);
    },
  )
  .openapi(
    route({
      method: 'delete',
      path: '/sessions',
      operationId: 'endMyOtherSessions',
      summary: 'End all my other sessions',
      security: bearerSecurity,
      responses: { 200: jsonResponse('Ended', SessionsEndedSchema) },
    }),
    async (c) =>
      c.json({ ended: await createProfileService(serviceDeps(c)).endOtherSessions(c.var.actor) }, 200),
  )
  .openapi(
    route({
      method: 'get',
      path: '/connection-history',
      operationId: 'listMyConnectionHistory',
      summary: 'My login attempts, newest first: time, IP, user agent, result',
      security: bearerSecurity,
      request: { query: PageQuery },
      responses: { 200: jsonResponse('A page of attempts', pageOf(ConnectionSchema)) },
    }),
    async (c) => {
      const { events, nextCursor } = await createProfileService(serviceDeps(c)).connectionHistory(
        c.var.actor,
        c.req.valid('query'),
      );
      return c.json({ items: events.map(connectionView), nextCursor }, 200);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/identities',
      operationId: 'listMyIdentities',
      summary: 'My linked external-login identities (OIDC)',
      description: 'A browser links one by opening `GET /auth/oidc/start?mode=link` (the `linkUrl`).',
      security: bearerSecurity,
      responses: { 200: jsonResponse('Linked identities', IdentityListSchema) },
    }),
    async (c) =>
      c.json(
        identityListView(await createExternalLoginService(serviceDeps(c)).listIdentities(c.var.actor)),
        200,
      ),
  )
  .openapi(
    route({
      method: 'delete',
      path: '/identities/{provider}',
      operationId: 'unlinkMyIdentity',
      summary: 'Unlink my identity of this provider',
      security: bearerSecurity,
      request: { params: ProviderParam },
      responses: { 204: { description: 'Unlinked' }, ...errorResponses(404) },
    }),
    async (c) => {
      await createExternalLoginService(serviceDeps(c)).unlinkIdentity(
        c.var.actor,
        c.req.valid('param').provider,
      );
      return c.body(null, 204);
    },
  );
