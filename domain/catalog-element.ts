/**
 * What makes a catalog element (ИОМ, educational event, ДПП ПК programme) well formed beyond its
 * shape: an event is held on dates; a programme is dated by its cycles, so its own dates are their
 * span; nothing ends before it starts. Pure: every problem is reported at once, naming its field.
 */
import { minutesForCredits } from './credits.ts';

export type CatalogElementType = 'iom' | 'event' | 'programme';

export interface DatedSpan {
  /** YYYY-MM-DD */
  startsOn: string;
  /** YYYY-MM-DD, the last day */
  endsOn: string;
}

/** An element as a provider or the operator describes it. */
export interface CatalogElementDraft {
  type: CatalogElementType;
  title: string;
  description?: string | null | undefined;
  credits: number;
  specialties: string[];
  startsOn?: string | undefined;
  endsOn?: string | undefined;
  minAttendanceMinutes?: number | undefined;
  cycles?: DatedSpan[] | undefined;
}

/** The element as it is stored, with the programme's cycles beside it. */
export interface ElementToCreate {
  type: CatalogElementType;
  title: string;
  description: string | null;
  credits: number;
  specialties: string[];
  startsOn: string | null;
  endsOn: string | null;
  minAttendanceMinutes: number | null;
  cycles: DatedSpan[];
}

export interface ElementProblem {
  field: string;
  message: string;
}

export type ElementCheck = { ok: true; element: ElementToCreate } | { ok: false; problems: ElementProblem[] };

export function checkCatalogElement(input: CatalogElementDraft): ElementCheck {
  const problems: ElementProblem[] = [];
  const wrong = (field: string, message: string) => problems.push({ field, message });
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
  if (problems.length) return { ok: false, problems };

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
    ok: true,
    element: {
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
    },
  };
}
