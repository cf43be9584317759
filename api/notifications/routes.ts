import { serviceDeps } from '../http/context.ts';
import { resourceApp } from '../http/resource-app.ts';
import { routesOf } from '../http/route.ts';
import {
  bearerSecurity,
  errorResponses,
  jsonBody,
  jsonResponse,
  OrgIdParam,
  pageOf,
} from '../http/schemas.ts';
import { createMessageService } from './message-service.ts';
import { createNotificationService } from './service.ts';
import {
  MessageDetailSchema,
  messageDetailView,
  MessageListQuery,
  MessageParams,
  MessageSchema,
  messageView,
  NotificationSettingsInput,
  NotificationSettingsSchema,
  notificationSettingsView,
} from './views.ts';

const route = routesOf('Notifications');

/** Mounted at /v1/organizations/:orgId/notification-settings. */
export const notificationSettingsRoutes = resourceApp()
  .openapi(
    route({
      method: 'get',
      path: '/',
      operationId: 'getNotificationSettings',
      summary: 'Notification settings: send window, deferral, payslip reminders, managers (service admin)',
      security: bearerSecurity,
      request: { params: OrgIdParam },
      responses: { 200: jsonResponse('Settings', NotificationSettingsSchema), ...errorResponses(403, 404) },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const settings = await createNotificationService(serviceDeps(c)).settings(c.var.actor, orgId);
      return c.json(notificationSettingsView(settings), 200);
    },
  )
  .openapi(
    route({
      method: 'put',
      path: '/',
      operationId: 'changeNotificationSettings',
      summary: 'Change notification settings (service admin); they apply to messages not yet sent',
      security: bearerSecurity,
      request: { params: OrgIdParam, ...jsonBody(NotificationSettingsInput) },
      responses: { 200: jsonResponse('Settings', NotificationSettingsSchema), ...errorResponses(403, 404) },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const saved = await createNotificationService(serviceDeps(c)).change(
        c.var.actor,
        orgId,
        c.req.valid('json'),
      );
      return c.json(notificationSettingsView(saved), 200);
    },
  );

/** Mounted at /v1/organizations/:orgId/messages. */
export const messageRoutes = resourceApp()
  .openapi(
    route({
      method: 'get',
      path: '/',
      operationId: 'listMessages',
      summary: 'Outgoing SMS and e-mail, newest first, with why each waits or failed (service admin)',
      security: bearerSecurity,
      request: { params: OrgIdParam, query: MessageListQuery },
      responses: {
        200: jsonResponse('A page of messages', pageOf(MessageSchema)),
        ...errorResponses(403, 404),
      },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const page = await createMessageService(serviceDeps(c)).list(c.var.actor, orgId, c.req.valid('query'));
      return c.json({ items: page.items.map(messageView), nextCursor: page.nextCursor }, 200);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/{messageId}',
      operationId: 'getMessage',
      summary: "One message with its delivery process's live stage (service admin)",
      security: bearerSecurity,
      request: { params: MessageParams },
      responses: { 200: jsonResponse('The message', MessageDetailSchema), ...errorResponses(403, 404) },
    }),
    async (c) => {
      const { orgId, messageId } = c.req.valid('param');
      const { row, process } = await createMessageService(serviceDeps(c)).get(c.var.actor, orgId, messageId);
      return c.json(messageDetailView(row, process), 200);
    },
  );
