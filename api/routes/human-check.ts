import { createRoute, z } from '@hono/zod-openapi';
import { createHumanCheck } from '../security/human-check.ts';
import { resourceApp } from '../http/resource-app.ts';
import { jsonResponse } from '../http/schemas.ts';

const ChallengeSchema = z
  .object({
    token: z
      .string()
      .describe('Send it back with the answer as `humanCheck: {token, answer}`; valid 10 minutes, once'),
    question: z.string().describe('An arithmetic question in Russian, e.g. «Сколько будет 7 плюс 5?»'),
  })
  .openapi('HumanCheck');

export const humanCheckRoutes = resourceApp().openapi(
  createRoute({
    method: 'get',
    path: '/v1/human-check',
    summary: 'A fresh human-check question for registration, recovery and subscription forms',
    responses: { 200: jsonResponse('The question and its token', ChallengeSchema) },
  }),
  (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json(createHumanCheck(c.var.deps.env.KABINET_SECRET), 200);
  },
);
