import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Cycle, SpecialistDocument } from '../../db/entities/index.ts';
import { cycleFor, isCalendarDate, parseDocumentNumber } from '../../domain/medical-documents.ts';
import { portalDay } from '../../domain/portal-day.ts';
import { startRegisterConfirmation } from '../../processes/register-confirmation.ts';
import {
  DEFAULT_ERROR_RETRY_INITIAL_MS,
  DEFAULT_RECHECK_DELAYS_MS,
} from '../../workflows/register-confirmation.ts';
import { requireSpecialist } from '../http/access.ts';
import { processClient, type Actor, type ServiceDeps } from '../http/context.ts';
import { decodeCursor, keysetId } from '../http/cursor.ts';
import { ApiError, conflict, invalidField } from '../http/errors.ts';
import { startTemporalOr503 } from '../http/temporal.ts';
import { keysetPage, type Page, type PageInput } from './paging.ts';
import type { DocumentRow, NewDocument } from './specialist-views.ts';

/** The columns of a DocumentRow, for SQL over specialist_documents aliased `d`. */
const DOCUMENT_COLUMNS = `d.id, d.kind, d.series, d.number, d.specialty, d.issued_on::text as "issuedOn",
  d.register_status as "registerStatus", d.register_reason as "registerReason",
  d.register_checked_at as "registerCheckedAt", d.created_at as "createdAt"`;

const duplicate = () =>
  conflict('document_exists', 'this document (the same kind, series and number) is already registered');

/** A specialist's certificates and accreditations: each opens a five-year cycle and is checked in ФРМР. */
export function createDocumentService(deps: ServiceDeps) {
  const { em, env, log } = deps;
  return {
    /** Adds the document and its cycle, then starts the document's ФРМР check. */
    async add(
      actor: Actor | undefined,
      input: NewDocument,
    ): Promise<{ document: SpecialistDocument; cycle: Cycle }> {
      const specialist = await requireSpecialist(em, actor);
      const parsed = parseDocumentNumber(input.kind, input);
      if (!parsed.ok) {
        const fields = parsed.errors;
        const message = fields.map((e) => `${e.field}: ${e.message}`).join('; ');
        throw new ApiError(422, 'invalid_document_number', message, { fields });
      }
      const issuedOn = input.issuedOn.trim();
      if (!isCalendarDate(issuedOn))
        throw invalidField('issuedOn', 'дата выдачи — календарная дата вида 2024-01-15');
      const today = portalDay(new Date());
      if (issuedOn > today) throw invalidField('issuedOn', 'дата выдачи не может быть позже сегодняшней');
      const { startsOn, endsOn } = cycleFor(issuedOn);
      if (endsOn < today) {
        throw invalidField('issuedOn', `документ выдан более пяти лет назад: его цикл закончился ${endsOn}`);
      }

      const { series, number } = parsed;
      if (await em.findOne(SpecialistDocument, { kind: input.kind, series, number })) throw duplicate();

      const documentId = randomUUID();
      const now = new Date();
      const specialty = input.specialty.replace(/\s+/g, ' ');
      let created: { document: SpecialistDocument; cycle: Cycle };
      try {
        created = await em.transactional(async (tx) => {
          const document = tx.create(SpecialistDocument, {
            id: documentId,
            specialistId: specialist.id,
            kind: input.kind,
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
      await startTemporalOr503(
        log,
        () =>
          startRegisterConfirmation(processClient(deps), document, {
            recheckDelaysMs: env.REGISTER_RETRY_DELAYS ?? DEFAULT_RECHECK_DELAYS_MS,
            errorRetryInitialMs: env.REGISTER_ERROR_RETRY_INTERVAL ?? DEFAULT_ERROR_RETRY_INITIAL_MS,
          }),
        () => em.fork().nativeDelete(SpecialistDocument, { id: documentId }),
      );
      log.info(
        { specialistId: specialist.id, documentId, cycleId: cycle.id, kind: input.kind },
        'document added',
      );
      return created;
    },

    /** My documents, newest first, with their ФРМР status. */
    async list(actor: Actor | undefined, page: PageInput): Promise<Page<DocumentRow>> {
      const specialist = await requireSpecialist(em, actor);
      const after = keysetId(decodeCursor(page.cursor, 1));
      const rows = await em.execute<DocumentRow[]>(
        `select ${DOCUMENT_COLUMNS} from specialist_documents d
         where d.specialist_id = ?
           and (?::uuid is null or (d.created_at, d.id) < (select created_at, id from specialist_documents where id = ?))
         order by d.created_at desc, d.id desc limit ?`,
        [specialist.id, after, after, page.limit + 1],
      );
      return keysetPage(rows, page.limit, (last) => [last.id]);
    },
  };
}
