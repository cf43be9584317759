import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from 'hono';
import { setCookie } from 'hono/cookie';
import { randomUUID } from 'node:crypto';
import { Employee, Session, User } from '../db/entities/index.ts';
import { normalizeEmail } from '../domain/email.ts';
import { normalizeMobilePhone } from '../domain/phone.ts';
import { clientIp } from './client-ip.ts';
import type { AppEnv } from './context.ts';
import { ApiError } from './errors.ts';
import { SESSION_COOKIE } from './middleware/auth.ts';
import { decoyPasswordHash, verifyPassword } from './passwords.ts';
import { newSessionToken, sha256 } from './secrets.ts';

const invalidCredentials = () => new ApiError(401, 'invalid_credentials', 'Неправильный логин или пароль');

/** A login is the phone in any spelling; an e-mail finds the account of the employee with that e-mail. */
async function findUserByLogin(em: EntityManager, login: string): Promise<User | null> {
  const phone = normalizeMobilePhone(login);
  if (phone) return em.findOne(User, { login: phone });
  const email = normalizeEmail(login);
  if (!email) return null;
  const employee = await em.findOne(Employee, { email, userId: { $ne: null } });
  return employee?.userId ? em.findOne(User, employee.userId) : null;
}

async function loginUser(em: EntityManager, login: string, password: string) {
  const user = await findUserByLogin(em, login);
  // Unknown logins verify against a decoy so the answer takes as long as for a wrong password.
  const ok = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), password);
  return ok ? user : null;
}

/**
 * Logs a person in (the API and the login page both come here): opens a session, sets its cookie
 * and returns the bearer token. Wrong login or password: one `invalid_credentials` either way.
 */
export async function logIn(c: Context<AppEnv>, login: string, password: string) {
  const { em, deps } = c.var;
  const user = await loginUser(em, login, password);
  if (!user) throw invalidCredentials();
  const token = newSessionToken();
  const now = new Date();
  const session = em.create(Session, {
    id: randomUUID(),
    userId: user.id,
    tokenHash: sha256(token),
    ip: clientIp(c),
    userAgent: c.req.header('user-agent')?.slice(0, 500) ?? null,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + deps.env.SESSION_TTL),
  });
  await em.flush();
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure: deps.env.PUBLIC_URL.startsWith('https:'),
    expires: session.expiresAt,
  });
  c.var.log.info({ userId: user.id, sessionId: session.id }, 'logged in');
  return { token, user: { id: user.id, login: user.login } };
}
