/**
 * Credits (ЗЕТ) of continuing education (PRODUCT.md §7): 1 ЗЕТ = 1 academic hour; the targets are
 * 50 a year and 250 a five-year cycle. Credits above 250 at the end of a cycle are not carried
 * over: each cycle counts only its own entries, so a new cycle starts at 0 whatever the old one had.
 * Pure functions over lists of credit entries.
 */
import { currentCycleYear, cycleYearOf, cycleYears, type CycleSpan } from './cycle-years.ts';

export const CREDIT_SOURCES = ['iom', 'event', 'programme'] as const;
export type CreditSource = (typeof CREDIT_SOURCES)[number];

export const CREDITS_PER_ACADEMIC_HOUR = 1;
/** An academic hour is 45 minutes. */
export const ACADEMIC_HOUR_MINUTES = 45;
export const YEAR_TARGET = 50;
export const CYCLE_TARGET = 250;

export interface CreditLine {
  source: CreditSource;
  credits: number;
  /** YYYY-MM-DD */
  creditedOn: string;
}

export interface YearProgress {
  year: number;
  startsOn: string;
  endsOn: string;
  total: number;
  target: number;
  remaining: number;
  met: boolean;
}

export interface CycleProgress {
  targets: { perYear: number; perCycle: number };
  /** Everything credited to the cycle. */
  total: number;
  /** What counts toward the cycle: at most 250. */
  counted: number;
  /** What is above 250: lost at the end of the cycle, never carried over. */
  excess: number;
  remaining: number;
  met: boolean;
  byType: Record<CreditSource, number>;
  years: YearProgress[];
  /** 1..5 while the cycle runs, null before and after. */
  currentYear: number | null;
}

/** 1 ЗЕТ per academic hour; only whole hours earn credits. */
export function creditsForAcademicHours(hours: number): number {
  if (!Number.isFinite(hours) || hours < 0) throw new RangeError(`not a number of hours: ${hours}`);
  return Math.floor(hours) * CREDITS_PER_ACADEMIC_HOUR;
}

/** The minutes of attendance worth `credits` ЗЕТ. */
export const minutesForCredits = (credits: number): number =>
  (credits / CREDITS_PER_ACADEMIC_HOUR) * ACADEMIC_HOUR_MINUTES;

export const sumCredits = (entries: readonly Pick<CreditLine, 'credits'>[]): number =>
  entries.reduce((sum, entry) => sum + entry.credits, 0);

/** The cycle cap: what counts and what is above it. */
export function capToCycle(total: number): { counted: number; excess: number } {
  return { counted: Math.min(total, CYCLE_TARGET), excess: Math.max(0, total - CYCLE_TARGET) };
}

export function totalsByType(entries: readonly CreditLine[]): Record<CreditSource, number> {
  const totals: Record<CreditSource, number> = { iom: 0, event: 0, programme: 0 };
  for (const entry of entries) totals[entry.source] += entry.credits;
  return totals;
}

/** Totals of cycle years 1..5 (index 0 is year 1). */
export function totalsByYear(cycle: CycleSpan, entries: readonly CreditLine[]): number[] {
  const totals = cycleYears(cycle).map(() => 0);
  for (const entry of entries) totals[cycleYearOf(cycle, entry.creditedOn) - 1]! += entry.credits;
  return totals;
}

/** A cycle's progress from its own credit entries, as of `today` (YYYY-MM-DD). */
export function cycleProgress(
  cycle: CycleSpan,
  entries: readonly CreditLine[],
  today: string,
): CycleProgress {
  const total = sumCredits(entries);
  const { counted, excess } = capToCycle(total);
  const byYear = totalsByYear(cycle, entries);
  return {
    targets: { perYear: YEAR_TARGET, perCycle: CYCLE_TARGET },
    total,
    counted,
    excess,
    remaining: CYCLE_TARGET - counted,
    met: counted >= CYCLE_TARGET,
    byType: totalsByType(entries),
    years: cycleYears(cycle).map((span, i) => {
      const yearTotal = byYear[i] ?? 0;
      return {
        ...span,
        total: yearTotal,
        target: YEAR_TARGET,
        remaining: Math.max(0, YEAR_TARGET - yearTotal),
        met: yearTotal >= YEAR_TARGET,
      };
    }),
    currentYear: currentCycleYear(cycle, today),
  };
}

/**
 * Progress of several cycles from one list of entries: each cycle sees only the entries credited
 * to it, which is exactly "no carry-over".
 */
export function progressByCycle<C extends CycleSpan & { id: string }>(
  cycles: readonly C[],
  entries: readonly (CreditLine & { cycleId: string })[],
  today: string,
): Map<string, CycleProgress> {
  return new Map(
    cycles.map((cycle) => [
      cycle.id,
      cycleProgress(
        cycle,
        entries.filter((entry) => entry.cycleId === cycle.id),
        today,
      ),
    ]),
  );
}
