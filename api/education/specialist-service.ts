import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Specialist } from '../../db/entities/index.ts';
import { normalizeSnils } from '../../domain/snils.ts';
import { requireSpecialist, requireUser } from '../http/access.ts';
import type { Actor, ServiceDeps } from '../http/context.ts';
import { decodeCursor, keysetId } from '../http/cursor.ts';
import { conflict, invalidField, notFound } from '../http/errors.ts';
import { keysetPage, type Page, type PageInput } from './paging.ts';
import type { CycleRow, NewSpecialist } from './specialist-views.ts';

const profileExists = () => conflict('specialist_exists', 'you already have a specialist profile');

/** A person's continuing-education profile and the five-year cycles their documents opened. */
export function createSpecialistService({ em, log }: ServiceDeps) {
  return {
    /** One profile per user, with a checked SNILS when one is given. */
    async createProfile(actor: Actor | undefined, input: NewSpecialist): Promise<Specialist> {
      const { userId } = requireUser(actor);
      let snils: string | null = null;
      if (input.snils !== undefined && input.snils.trim() !== '') {
        snils = normalizeSnils(input.snils);
        if (!snils)
          throw invalidField('snils', 'СНИЛС — 11 цифр с верным контрольным числом, например 112-233-445 95');
      }
      if (await em.findOne(Specialist, { userId })) throw profileExists();
      const specialist = em.create(Specialist, {
        id: randomUUID(),
        userId,
        fullName: input.fullName.replace(/\s+/g, ' '),
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
      log.info({ specialistId: specialist.id }, 'specialist profile created');
      return specialist;
    },

    async getProfile(actor: Actor | undefined): Promise<Specialist> {
      const { userId } = requireUser(actor);
      const specialist = await em.findOne(Specialist, { userId });
      if (!specialist) throw notFound('specialist profile');
      return specialist;
    },

    /** My cycles, newest first. */
    async listCycles(actor: Actor | undefined, page: PageInput): Promise<Page<CycleRow>> {
      const specialist = await requireSpecialist(em, actor);
      const after = keysetId(decodeCursor(page.cursor, 1));
      const rows = await em.execute<CycleRow[]>(
        `select c.id, c.document_id as "documentId", d.kind as "documentKind", c.specialty,
                c.starts_on::text as "startsOn", c.ends_on::text as "endsOn",
                d.register_status as "registerStatus", c.created_at as "createdAt"
         from cycles c join specialist_documents d on d.id = c.document_id
         where c.specialist_id = ?
           and (?::uuid is null or (c.created_at, c.id) < (select created_at, id from cycles where id = ?))
         order by c.created_at desc, c.id desc limit ?`,
        [specialist.id, after, after, page.limit + 1],
      );
      return keysetPage(rows, page.limit, (last) => [last.id]);
    },
  };
}
