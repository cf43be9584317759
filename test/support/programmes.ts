import { randomUUID } from 'node:crypto';
import { CatalogElement, ProgrammeCycle } from '../../db/entities/index.ts';
import type { TestSystem } from './system.ts';

/** YYYY-MM-DD `days` from today (negative: in the past). */
export const daysFromToday = (days: number): string =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** A catalog element with one dated cycle, written straight to the database (the catalog API is another part's). */
export async function createProgrammeCycle(
  system: TestSystem,
  providerId: string,
  options: {
    title?: string;
    credits?: number;
    specialties?: string[];
    type?: 'programme' | 'event';
    startsOn?: string;
    endsOn?: string;
  } = {},
) {
  const em = system.db.orm.em.fork();
  const element = em.create(CatalogElement, {
    id: randomUUID(),
    type: options.type ?? 'programme',
    title: options.title ?? `Актуальные вопросы терапии ${randomUUID().slice(0, 8)}`,
    providerId,
    credits: options.credits ?? 36,
    specialties: options.specialties ?? ['Терапия'],
    createdAt: new Date(),
  });
  // No relation is declared between the two entities, so the element must be written first.
  await em.flush();
  const cycle = em.create(ProgrammeCycle, {
    id: randomUUID(),
    elementId: element.id,
    startsOn: options.startsOn ?? daysFromToday(30),
    endsOn: options.endsOn ?? daysFromToday(60),
    createdAt: new Date(),
  });
  await em.flush();
  return {
    elementId: element.id,
    programmeCycleId: cycle.id,
    title: element.title,
    credits: element.credits,
  };
}
