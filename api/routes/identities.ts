import { createRoute, z } from '@hono/zod-openapi';
import { notFound } from '../http/errors.ts';
import { requireUser } from '../http/middleware/auth.ts';
import { oidcSettings } from '../oidc.ts';
import { resourceApp } from '../http/resource-app.ts';
import { bearerSecurity, errorResponses, jsonResponse } from '../http/schemas.ts';

const IdentitySchema = z
  .object({
    provider: z.string().openapi({ example: 'esia' }),
    providerName: z.string().openapi({ example: 'Госуслуги' }),
    email: z.string().nullable(),
    linkedAt: z.string(),
  })
  .openapi('LinkedIdentity');

const ProviderParam = z.object({
  provider: z
    .string()
    .regex(/^[a-z0-9-]{1,32}$/)
    .openapi({ param: { name: 'provider', in: 'path' }, example: 'esia' }),
});

/** External-login identities of the logged-in user (linked by `GET /auth/oidc/start?mode=link`). */
export const identityRoutes = resourceApp()
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/me/identities',
      summary: 'My linked external-login identities (OIDC)',
      security: bearerSecurity,
      responses: {
        200: jsonResponse(
          'Linked identities',
          z.object({
            items: z.array(IdentitySchema),
            linkUrl: z
              .string()
              .nullable()
              .openapi({ description: 'where a browser starts linking; null when not configured' }),
          }),
        ),
        ...errorResponses(401),
      },
    }),
    async (c) => {
      const actor = requireUser(c);
      const settings = oidcSettings(c.var.deps.env);
      const rows = await c.var.em.execute<{ provider: string; email: string | null; linked_at: Date }[]>(
        `select provider, email, linked_at from user_identities where user_id = ? order by linked_at, provider`,
        [actor.userId],
      );
      return c.json(
        {
          items: rows.map((r) => ({
            provider: r.provider,
            providerName: r.provider === settings?.providerId ? settings.providerName : r.provider,
            email: r.email,
            linkedAt: new Date(r.linked_at).toISOString(),
          })),
          linkUrl: settings ? '/auth/oidc/start?mode=link' : null,
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/v1/me/identities/{provider}',
      summary: 'Unlink my identity of this provider',
      security: bearerSecurity,
      request: { params: ProviderParam },
      responses: { 204: { description: 'Unlinked' }, ...errorResponses(401, 404, 422) },
    }),
    async (c) => {
      const actor = requireUser(c);
      const { provider } = c.req.valid('param');
      const deleted = await c.var.em.execute<{ subject: string }[]>(
        `delete from user_identities where user_id = ? and provider = ? returning subject`,
        [actor.userId, provider],
      );
      if (deleted.length === 0) throw notFound('identity');
      c.var.log.info({ userId: actor.userId, provider }, 'identity unlinked');
      return c.body(null, 204);
    },
  );
