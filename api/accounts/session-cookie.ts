import { deleteCookie, setCookie } from 'hono/cookie';
import type { AppContext } from '../http/context.ts';
import { SESSION_COOKIE } from '../http/middleware/auth.ts';
import type { OpenedSession } from './login-service.ts';

/** The browser's copy of a session the service opened (routes and pages set it; services never do). */
export function setSessionCookie(c: AppContext, session: OpenedSession): void {
  setCookie(c, SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure: c.var.deps.env.PUBLIC_URL.startsWith('https:'),
    expires: session.expiresAt,
  });
}

export function clearSessionCookie(c: AppContext): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}
