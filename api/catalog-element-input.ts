import { z } from '@hono/zod-openapi';
import { ELEMENT_TYPES, type ElementType } from '../db/entities/catalog-element.ts';
import { minutesForCredits } from '../domain/credits.ts';
import { ApiError } from './http/errors.ts';

const day = z.iso.date().openapi({ example: '2026-03-16' });

export const CatalogElementInput = z
  .object({
    type: z.enum(ELEMENT_TYPES),
    title: z.string().trim().min(1).max(500),
    description: z.string().trim().max(20_000).nullish(),
    credits: z.number().int().min(1).max(500).openapi({ description: 'ЗЕТ (1 ЗЕТ = 1 academic hour)' }),
    specialties: z.array(z.string().trim().min(1).max(200)).min(1).max(100),
    startsOn: day.optional(),
    endsOn: day.optional(),
    minAttendanceMinutes: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .optional()
      .openapi({ description: 'events only; default: 45 minutes per ЗЕТ' }),
    cycles: z
      .array(z.object({ startsOn: day, endsOn: day }))
      .max(200)
      .optional()
      .openapi({ description: 'programmes only: their dated cycles' }),
    providerId: z
      .uuid()
      .optional()
      .openapi({ description: 'operator: required; a provider key: itself or omitted' }),
  })
  .openapi('CatalogElementInput');
export type CatalogElementInput = z.infer<typeof CatalogElementInput>;

export interface ElementToCreate {
  type: ElementType;
  title: string;
  description: string | null;
  credits: number;
  specialties: string[];
  startsOn: string | null;
  endsOn: string | null;
  minAttendanceMinutes: number | null;
  cycles: { startsOn: string; endsOn: string }[];
}

/**
 * The rules the shape cannot say, all reported at once (422 naming each field): an event is held on
 * dates; a programme is dated by its cycles, so its own dates are their span; nothing ends before it
 * starts.
 */
export function checkElementInput(input: CatalogElementInput): ElementToCreate {
  const fields: { field: string; message: string }[] = [];
  const wrong = (field: string, message: string) => fields.push({ field, message });
  const { type } = input;

  if (input.endsOn && !input.startsOn) wrong('startsOn', 'required when endsOn is given');
  if (input.startsOn && input.endsOn && input.endsOn < input.startsOn)
    wrong('endsOn', 'must not be before startsOn');
  if (type === 'event' && !input.startsOn) wrong('startsOn', 'an event needs the day it starts');
  if (type !== 'event' && input.minAttendanceMinutes !== undefined) {
    wrong('minAttendanceMinutes', 'only events have a minimum attendance');
  }
  if (type !== 'programme' && input.cycles !== undefined) wrong('cycles', 'only programmes have cycles');
  if (type === 'programme') {
    if (input.startsOn) wrong('startsOn', 'a programme is dated by its cycles');
    if (input.endsOn) wrong('endsOn', 'a programme is dated by its cycles');
  }
  const cycles = type === 'programme' ? (input.cycles ?? []) : [];
  cycles.forEach((cycle, i) => {
    if (cycle.endsOn < cycle.startsOn) wrong(`cycles.${i}.endsOn`, 'must not be before startsOn');
  });
  if (fields.length) {
    throw new ApiError(422, 'validation_failed', `${fields[0]!.field}: ${fields[0]!.message}`, { fields });
  }

  const span = cycles.length
    ? {
        startsOn: cycles.map((c) => c.startsOn).sort()[0]!,
        endsOn: cycles
          .map((c) => c.endsOn)
          .sort()
          .at(-1)!,
      }
    : { startsOn: null, endsOn: null };
  return {
    type,
    title: input.title,
    description: input.description || null,
    credits: input.credits,
    specialties: [...new Set(input.specialties)],
    startsOn: type === 'programme' ? span.startsOn : (input.startsOn ?? null),
    // A one-day event need not repeat its date.
    endsOn:
      type === 'programme' ? span.endsOn : (input.endsOn ?? (type === 'event' ? input.startsOn! : null)),
    minAttendanceMinutes:
      type === 'event' ? (input.minAttendanceMinutes ?? minutesForCredits(input.credits)) : null,
    cycles,
  };
}
