import { createRoute, z } from '@hono/zod-openapi';
import { activateCabinet, activationContext } from '../activation.ts';
import { resourceApp } from '../http/resource-app.ts';
import { errorResponses, jsonBody, jsonResponse } from '../http/schemas.ts';

const activationRoute = createRoute({
  method: 'post',
  path: '/v1/activation',
  summary: 'Activate a cabinet with the SMS code and set the password (the invitation workflow decides)',
  request: jsonBody(
    z.object({
      phone: z.string().max(40).openapi({ example: '8 916 123-45-67' }),
      code: z.string().max(20).openapi({ example: '123456' }),
      password: z.string().max(1000),
    }),
  ),
  responses: {
    200: jsonResponse('Activated', z.object({ userId: z.uuid(), login: z.string() })),
    ...errorResponses(400, 409, 410, 422, 429, 503),
  },
});

export const activationRoutes = resourceApp().openapi(activationRoute, async (c) => {
  const account = await activateCabinet(activationContext(c), c.req.valid('json'));
  return c.json(account, 200);
});
