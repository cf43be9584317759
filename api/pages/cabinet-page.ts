import { Hono, type Context } from 'hono';
import { deleteCookie } from 'hono/cookie';
import { Session, User } from '../../db/entities/index.ts';
import type { AppEnv } from '../http/context.ts';
import { resolveActor, SESSION_COOKIE } from '../http/middleware/auth.ts';
import { externalLoginLink } from '../oidc.ts';
import { renderPage } from '../http/pages/render.ts';
import { sameOrigin } from '../http/pages/same-origin.ts';

/** The logged-in user's session, from the cookie (resolveActor ignores a cookie whose session ended). */
function sessionOf(c: Context<AppEnv>) {
  const actor = c.var.actor;
  return actor?.kind === 'user' ? actor : undefined;
}

/** GET /cabinet for a logged-in user, POST /logout to end the session; anonymous visitors go to /login. */
export const cabinetPage = new Hono<AppEnv>()
  .get('/cabinet', resolveActor, async (c) => {
    const session = sessionOf(c);
    const user = session && (await c.var.em.findOne(User, session.userId));
    if (!user) return c.redirect('/login', 303);
    return renderPage(c, 'cabinet', {
      login: user.login,
      externalLogin: externalLoginLink(c),
      linked: c.req.query('linked') === '1',
    });
  })
  .post('/logout', sameOrigin, resolveActor, async (c) => {
    // As POST /v1/auth/logout: the session ends on the server, not only in this browser.
    const session = sessionOf(c);
    if (session) await c.var.em.nativeUpdate(Session, { id: session.sessionId }, { revokedAt: new Date() });
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/login', 303);
  });
