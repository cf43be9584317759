/**
 * The years of a five-year continuing-education cycle (PRODUCT.md §7), counted from its start:
 * year k runs from the (k−1)-th anniversary of the start up to the day before the k-th; the fifth
 * year runs to the cycle's end. Dates are calendar dates, `YYYY-MM-DD`.
 */

export const CYCLE_YEARS = 5;

export interface CycleSpan {
  startsOn: string;
  endsOn: string;
}

export interface CycleYear {
  year: number;
  startsOn: string;
  endsOn: string;
}

const toDate = (iso: string): Date => new Date(`${iso}T00:00:00Z`);
const toIso = (date: Date): string => date.toISOString().slice(0, 10);

/**
 * The same day `years` later. A 29 February start has its anniversary on 28 February in common
 * years: a term in years ends on the last day of the month when the day does not exist (ГК РФ ст. 192).
 */
export function addYears(iso: string, years: number): string {
  const date = toDate(iso);
  const year = date.getUTCFullYear() + years;
  const month = date.getUTCMonth();
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return toIso(new Date(Date.UTC(year, month, Math.min(date.getUTCDate(), lastDay))));
}

const dayBefore = (iso: string): string => toIso(new Date(toDate(iso).getTime() - 86_400_000));

/** The five years of a cycle with their first and last days. */
export function cycleYears(cycle: CycleSpan): CycleYear[] {
  return Array.from({ length: CYCLE_YEARS }, (_, i) => ({
    year: i + 1,
    startsOn: addYears(cycle.startsOn, i),
    endsOn: i + 1 < CYCLE_YEARS ? dayBefore(addYears(cycle.startsOn, i + 1)) : cycle.endsOn,
  }));
}

/**
 * The cycle year (1..5) a date falls in. Credits recorded before the start count in year 1 and
 * those recorded after the end (a late accrual for training done inside the cycle) in year 5:
 * a credit entry belongs to its cycle whatever its date.
 */
export function cycleYearOf(cycle: CycleSpan, iso: string): number {
  let year = 1;
  for (let k = 1; k < CYCLE_YEARS; k++) if (iso >= addYears(cycle.startsOn, k)) year = k + 1;
  return year;
}

/** The cycle year `today` is in, or null before the start and after the end. */
export function currentCycleYear(cycle: CycleSpan, today: string): number | null {
  if (today < cycle.startsOn || today > cycle.endsOn) return null;
  return cycleYearOf(cycle, today);
}
