import { createRoute, z } from '@hono/zod-openapi';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Specialist } from '../../db/entities/index.ts';
import { normalizeSnils } from '../../domain/snils.ts';
import { conflict, invalidField, notFound } from '../http/errors.ts';
import { requireActor, requireUser } from '../http/middleware/auth.ts';
import { resourceApp } from '../http/resource-app.ts';
import { bearerSecurity, errorResponses, jsonBody, jsonResponse } from '../http/schemas.ts';
import { SpecialistSchema, specialistView } from '../specialist-views.ts';

const PATH = '/v1/me/specialist';

const createProfile = createRoute({
  method: 'post',
  path: PATH,
  summary: 'Become a specialist of the continuing-education portal (one profile per user)',
  security: bearerSecurity,
  request: {
    ...jsonBody(
      z.object({
        fullName: z.string().trim().min(3).max(300).openapi({ example: 'Иванова Мария Сергеевна' }),
        snils: z.string().max(40).optional().openapi({ example: '112-233-445 95' }),
      }),
    ),
  },
  responses: { 201: jsonResponse('Created', SpecialistSchema), ...errorResponses(400, 401, 409, 422) },
});

const getProfile = createRoute({
  method: 'get',
  path: PATH,
  summary: 'My specialist profile',
  security: bearerSecurity,
  responses: { 200: jsonResponse('The profile', SpecialistSchema), ...errorResponses(401, 404) },
});

const app = resourceApp();
// Anonymous callers get 401 before their body is validated.
app.use(PATH, requireActor);

export const specialistRoutes = app
  .openapi(createProfile, async (c) => {
    const { userId } = requireUser(c);
    const body = c.req.valid('json');
    let snils: string | null = null;
    if (body.snils !== undefined && body.snils.trim() !== '') {
      snils = normalizeSnils(body.snils);
      if (!snils)
        throw invalidField('snils', 'СНИЛС — 11 цифр с верным контрольным числом, например 112-233-445 95');
    }
    const em = c.var.em;
    if (await em.findOne(Specialist, { userId })) throw profileExists();
    const specialist = em.create(Specialist, {
      id: randomUUID(),
      userId,
      fullName: body.fullName.replace(/\s+/g, ' '),
      snils,
      createdAt: new Date(),
    });
    try {
      await em.flush();
    } catch (err) {
      // Two requests at once: user_id is unique.
      if (err instanceof UniqueConstraintViolationException) throw profileExists();
      throw err;
    }
    c.var.log.info({ specialistId: specialist.id }, 'specialist profile created');
    return c.json(specialistView(specialist), 201);
  })
  .openapi(getProfile, async (c) => {
    const { userId } = requireUser(c);
    const specialist = await c.var.em.findOne(Specialist, { userId });
    if (!specialist) throw notFound('specialist profile');
    return c.json(specialistView(specialist), 200);
  });

const profileExists = () => conflict('specialist_exists', 'you already have a specialist profile');
