import { createRoute } from '@hono/zod-openapi';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';
import { keysetId } from '../http/cursor.ts';
import { requireActor, requireSpecialist } from '../http/middleware/auth.ts';
import { resourceApp } from '../http/resource-app.ts';
import { bearerSecurity, errorResponses, jsonResponse, pageOf, PageQuery } from '../http/schemas.ts';
import { CycleSchema, cycleView, type CycleRow } from '../specialist-views.ts';

const PATH = '/v1/me/cycles';

const listCycles = createRoute({
  method: 'get',
  path: PATH,
  summary: 'My five-year cycles, one per document (specialty), newest first, with the document’s ФРМР status',
  security: bearerSecurity,
  request: { query: PageQuery },
  responses: {
    200: jsonResponse('A page of cycles', pageOf(CycleSchema)),
    ...errorResponses(400, 401, 403, 422),
  },
});

const app = resourceApp();
app.use(PATH, requireActor);

export const specialistCycleRoutes = app.openapi(listCycles, async (c) => {
  const specialist = await requireSpecialist(c);
  const { limit, cursor } = c.req.valid('query');
  const after = keysetId(decodeCursor(cursor, 1));
  const rows = await c.var.em.execute<CycleRow[]>(
    `select c.id, c.document_id as "documentId", d.kind as "documentKind", c.specialty,
            c.starts_on::text as "startsOn", c.ends_on::text as "endsOn",
            d.register_status as "registerStatus", c.created_at as "createdAt"
     from cycles c join specialist_documents d on d.id = c.document_id
     where c.specialist_id = ?
       and (?::uuid is null or (c.created_at, c.id) < (select created_at, id from cycles where id = ?))
     order by c.created_at desc, c.id desc limit ?`,
    [specialist.id, after, after, limit + 1],
  );
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return c.json(
    { items: page.map(cycleView), nextCursor: rows.length > limit && last ? encodeCursor([last.id]) : null },
    200,
  );
});
