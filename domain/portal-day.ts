/**
 * The continuing-education portal keeps Moscow time: document dates, cycle years and programme
 * dates are calendar days there.
 */
export const PORTAL_TIME_ZONE = 'Europe/Moscow';

/** The calendar day (YYYY-MM-DD) in the portal's time at `instant`. */
export const portalDay = (instant: Date): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: PORTAL_TIME_ZONE }).format(instant);
