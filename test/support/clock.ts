// Controllable clocks for tests of the send window. The time of day is fixed, the date is the real
// one: workflows measure timers (a code's lifetime, a trial) against real time, so an activities'
// clock days away from it would make a fresh code already expired, depending on who runs first.

/** Today's date (UTC, from the real clock) at hh:mm UTC, `days` later. */
export function todayAtUtc(hours: number, minutes = 0, days = 0): Date {
  const at = new Date();
  at.setUTCHours(hours, minutes, 0, 0);
  at.setUTCDate(at.getUTCDate() + days);
  return at;
}

const MOSCOW = new Intl.DateTimeFormat('ru-RU', {
  timeZone: 'Europe/Moscow',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** "30.11.2026 09:00": how operators read a time in Moscow. */
export const moscowDateTime = (at: Date): string => MOSCOW.format(at).replace(',', '');
