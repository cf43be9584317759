import { createRoute, z } from '@hono/zod-openapi';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Cycle, SpecialistDocument } from '../../db/entities/index.ts';
import { DOCUMENT_KINDS } from '../../db/entities/specialist-document.ts';
import { cycleFor, isCalendarDate, parseDocumentNumber } from '../../domain/medical-documents.ts';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';
import { ApiError, conflict, invalidField } from '../http/errors.ts';
import { keysetId } from '../http/cursor.ts';
import { requireActor, requireSpecialist } from '../http/middleware/auth.ts';
import { resourceApp } from '../http/resource-app.ts';
import { DEFAULT_ERROR_RETRY_INITIAL_MS, DEFAULT_RECHECK_DELAYS_MS } from '../../workflows/register-confirmation.ts';
import { startRegisterConfirmation } from '../../processes/register-confirmation.ts';
import { bearerSecurity, errorResponses, jsonBody, jsonResponse, pageOf, PageQuery } from '../http/schemas.ts';
import {
  CycleSchema,
  cycleView,
  DOCUMENT_COLUMNS,
  DocumentSchema,
  documentView,
  type DocumentRow,
} from '../specialist-views.ts';
import { startTemporalOr503 } from '../http/temporal.ts';

const PATH = '/v1/me/documents';

/** "Today" for document dates is the calendar day in Moscow, the portal's time. */
const todayInMoscow = (): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow' }).format(new Date());

const AddDocumentBody = z
  .object({
    kind: z.enum(DOCUMENT_KINDS),
    series: z.string().max(40).optional().openapi({ example: '7724' }),
    number: z.string().max(40).optional().openapi({ example: '12345678' }),
    fullNumber: z
      .string()
      .max(60)
      .optional()
      .openapi({ description: 'series and number together, instead of the two', example: '7724 12345678' }),
    specialty: z.string().trim().min(2).max(200).openapi({ example: 'Терапия' }),
    issuedOn: z
      .string()
      .openapi({ description: 'the date of the document (YYYY-MM-DD); its cycle starts then' }),
  })
  .openapi({
    description:
      'Specialist certificate: 13 digits (series 6 + number 7); accreditation: 12 digits (series 4 + number 8).',
  });

const addDocument = createRoute({
  method: 'post',
  path: PATH,
  summary: 'Add a certificate or accreditation: it opens a five-year cycle, and its ФРМР check starts',
  security: bearerSecurity,
  request: { ...jsonBody(AddDocumentBody) },
  responses: {
    201: jsonResponse(
      'Added; registerStatus is unconfirmed until the register answers',
      z.object({
        document: DocumentSchema,
        cycle: CycleSchema,
      }),
    ),
    ...errorResponses(400, 401, 403, 409, 422),
  },
});

const listDocuments = createRoute({
  method: 'get',
  path: PATH,
  summary: 'My documents, newest first, with their ФРМР status and the reason when not confirmed',
  security: bearerSecurity,
  request: { query: PageQuery },
  responses: {
    200: jsonResponse('A page of documents', pageOf(DocumentSchema)),
    ...errorResponses(400, 401, 403, 422),
  },
});

const app = resourceApp();
// Anonymous callers get 401 before their body is validated.
app.use(PATH, requireActor);

export const specialistDocumentRoutes = app
  .openapi(addDocument, async (c) => {
    const specialist = await requireSpecialist(c);
    const body = c.req.valid('json');
    const parsed = parseDocumentNumber(body.kind, body);
    if (!parsed.ok) {
      const fields = parsed.errors;
      const message = fields.map((e) => `${e.field}: ${e.message}`).join('; ');
      throw new ApiError(422, 'invalid_document_number', message, { fields });
    }
    const issuedOn = body.issuedOn.trim();
    if (!isCalendarDate(issuedOn))
      throw invalidField('issuedOn', 'дата выдачи — календарная дата вида 2024-01-15');
    const today = todayInMoscow();
    if (issuedOn > today) throw invalidField('issuedOn', 'дата выдачи не может быть позже сегодняшней');
    const { startsOn, endsOn } = cycleFor(issuedOn);
    if (endsOn < today) {
      throw invalidField('issuedOn', `документ выдан более пяти лет назад: его цикл закончился ${endsOn}`);
    }

    const em = c.var.em;
    const { series, number } = parsed;
    const duplicate = () =>
      conflict('document_exists', 'this document (the same kind, series and number) is already registered');
    if (await em.findOne(SpecialistDocument, { kind: body.kind, series, number })) throw duplicate();

    const documentId = randomUUID();
    const now = new Date();
    const specialty = body.specialty.replace(/\s+/g, ' ');
    let created: { document: SpecialistDocument; cycle: Cycle } | undefined;
    try {
      created = await em.transactional(async (tx) => {
        const document = tx.create(SpecialistDocument, {
          id: documentId,
          specialistId: specialist.id,
          kind: body.kind,
          series,
          number,
          specialty,
          issuedOn,
          registerStatus: 'unconfirmed',
          createdAt: now,
        });
        // The entities carry no relation, so the unit of work cannot order the inserts: the document first.
        await tx.flush();
        // An additional specialty is another document, and so another cycle.
        const cycle = tx.create(Cycle, {
          id: randomUUID(),
          specialistId: specialist.id,
          documentId,
          specialty,
          startsOn,
          endsOn,
          createdAt: now,
        });
        await tx.flush();
        return { document, cycle };
      });
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) throw duplicate();
      throw err;
    }
    const { document, cycle } = created;
    await startTemporalOr503(c.var.log,
      () =>
        startRegisterConfirmation(
          { temporal: c.var.deps.temporal, taskQueue: c.var.deps.env.TEMPORAL_TASK_QUEUE },
          document,
          {
            recheckDelaysMs: c.var.deps.env.REGISTER_RETRY_DELAYS ?? DEFAULT_RECHECK_DELAYS_MS,
            errorRetryInitialMs: c.var.deps.env.REGISTER_ERROR_RETRY_INTERVAL ?? DEFAULT_ERROR_RETRY_INITIAL_MS,
          },
        ),
      () => em.fork().nativeDelete(SpecialistDocument, { id: documentId }),
    );
    c.var.log.info(
      { specialistId: specialist.id, documentId, cycleId: cycle.id, kind: body.kind },
      'document added',
    );
    return c.json(
      {
        document: documentView(document),
        cycle: cycleView({ ...cycle, documentKind: document.kind, registerStatus: document.registerStatus }),
      },
      201,
    );
  })
  .openapi(listDocuments, async (c) => {
    const specialist = await requireSpecialist(c);
    const { limit, cursor } = c.req.valid('query');
    const after = keysetId(decodeCursor(cursor, 1));
    const rows = await c.var.em.execute<DocumentRow[]>(
      `select ${DOCUMENT_COLUMNS} from specialist_documents d
       where d.specialist_id = ?
         and (?::uuid is null or (d.created_at, d.id) < (select created_at, id from specialist_documents where id = ?))
       order by d.created_at desc, d.id desc limit ?`,
      [specialist.id, after, after, limit + 1],
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return c.json(
      {
        items: page.map(documentView),
        nextCursor: rows.length > limit && last ? encodeCursor([last.id]) : null,
      },
      200,
    );
  });
