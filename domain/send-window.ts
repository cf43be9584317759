/**
 * The send window (PRODUCT §3): deferred messages go out only between `start` and `end`, wall-clock
 * time in `timeZone`. Start is inclusive, end exclusive; a window whose start is after its end runs
 * overnight (21:00–09:00); start == end means always open.
 */
export interface SendWindow {
  /** 'HH:MM' */
  start: string;
  /** 'HH:MM' */
  end: string;
  /** IANA name, e.g. Europe/Moscow. */
  timeZone: string;
}

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DAY_MS = 24 * 3600_000;

export function isWindowTime(value: string): boolean {
  return HH_MM.test(value);
}

export function isTimeZone(name: string): boolean {
  if (!name || !/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function minutesOf(value: string): number {
  const match = HH_MM.exec(value);
  if (!match) throw new RangeError(`not a time like 09:00: ${value}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock in timeZone at an instant. */
function localParts(instant: Date, timeZone: string) {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    /** Milliseconds since local midnight. */
    msOfDay:
      ((parts.hour! % 24) * 60 + parts.minute!) * 60_000 +
      parts.second! * 1000 +
      instant.getUTCMilliseconds(),
  };
}

/** The zone's offset from UTC at an instant, in ms (Moscow: +3 h). */
function offsetAt(instant: number, timeZone: string): number {
  const p = localParts(new Date(instant), timeZone);
  return Date.UTC(p.year, p.month - 1, p.day) + p.msOfDay - instant;
}

/** The instant when the wall clock in timeZone shows that date and minute. */
function instantOf(year: number, month: number, day: number, minutes: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day) + minutes * 60_000;
  let guess = wall - offsetAt(wall, timeZone);
  // Once more in case the offset changes between the two (a DST switch).
  guess = wall - offsetAt(guess, timeZone);
  return new Date(guess);
}

export function isInsideWindow(now: Date, window: SendWindow): boolean {
  const start = minutesOf(window.start) * 60_000;
  const end = minutesOf(window.end) * 60_000;
  if (start === end) return true;
  const t = localParts(now, window.timeZone).msOfDay;
  return start < end ? t >= start && t < end : t >= start || t < end;
}

/** `now` when inside the window, else the window's next opening. */
export function nextSendTime(now: Date, window: SendWindow): Date {
  if (isInsideWindow(now, window)) return now;
  const startMinutes = minutesOf(window.start);
  const local = localParts(now, window.timeZone);
  // Outside: before today's opening, or (a daytime window) after today's closing → tomorrow's.
  const today = local.msOfDay < startMinutes * 60_000;
  const date = new Date(Date.UTC(local.year, local.month - 1, local.day) + (today ? 0 : DAY_MS));
  return instantOf(
    date.getUTCFullYear(),
    date.getUTCMonth() + 1,
    date.getUTCDate(),
    startMinutes,
    window.timeZone,
  );
}

/** '09:00–21:00 Europe/Moscow' */
export function describeWindow(window: SendWindow): string {
  return `${window.start}–${window.end} ${window.timeZone}`;
}

/** '30.11.2026 09:00' in timeZone, for people. */
export function formatLocal(instant: Date, timeZone: string): string {
  const p = localParts(instant, timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  const minutes = Math.floor(p.msOfDay / 60_000);
  return `${two(p.day)}.${two(p.month)}.${p.year} ${two(Math.floor(minutes / 60))}:${two(minutes % 60)}`;
}
