import { createRoute, z } from '@hono/zod-openapi';
import { requireUser } from '../http/middleware/auth.ts';
import { resourceApp } from '../http/resource-app.ts';
import { bearerSecurity, errorResponses, jsonResponse } from '../http/schemas.ts';
import { teamUnread } from '../team-unread.ts';

const TeamUnreadSchema = z
  .object({
    publication: z
      .object({
        id: z.uuid(),
        period: z.string(),
        periodLabel: z.string(),
        title: z.string(),
        createdAt: z.string(),
      })
      .nullable()
      .openapi({ description: 'null when the organization has published nothing yet' }),
    teamTotal: z
      .number()
      .int()
      .openapi({ description: 'my direct reports with a payslip in the publication' }),
    items: z.array(
      z.object({
        employeeId: z.uuid(),
        externalId: z.string(),
        fullName: z.string(),
        position: z.string().nullable(),
        department: z.string().nullable(),
        payslipId: z.uuid(),
        openedAt: z.string().nullable().openapi({ description: 'opened but not acknowledged, when set' }),
        remindersSent: z.number().int(),
      }),
    ),
  })
  .openapi('TeamUnreadPayslips');

const unreadRoute = createRoute({
  method: 'get',
  path: '/v1/me/team/unread-payslips',
  summary:
    'My direct reports who have not acknowledged their payslip of a publication (the newest by default); only when the organization enables it',
  security: bearerSecurity,
  request: { query: z.object({ publicationId: z.uuid().optional() }) },
  responses: { 200: jsonResponse('Unread', TeamUnreadSchema), ...errorResponses(401, 403, 404, 422) },
});

export const teamPayslipRoutes = resourceApp().openapi(unreadRoute, async (c) => {
  const actor = requireUser(c);
  const result = await teamUnread(c.var.em, actor.userId, c.req.valid('query').publicationId);
  return c.json(result ?? { publication: null, teamTotal: 0, items: [] }, 200);
});
