import { randomUUID } from 'node:crypto';
import { hashPassword } from '../../api/security/passwords.ts';
import { uniquePhone } from './flow.ts';
import { httpClient } from './http.ts';
import type { TestSystem } from './system.ts';

export const DIRECT_PASSWORD = 'Прямой-пароль-42';

/**
 * A confirmed, active account written straight into the database (phone login, an e-mail), logged
 * in over the API: for tests of features that need "a user with this e-mail", not of registration.
 */
export async function createUserWithSession(system: TestSystem, email: string | null) {
  const id = randomUUID();
  const login = uniquePhone();
  await system.db.orm.em.fork().execute(
    `insert into users (id, login, password_hash, email, email_verified_at, status, portal, created_at, updated_at)
     values (?, ?, ?, ?, ?, 'active', 'its', now(), now())`,
    [id, login, await hashPassword(DIRECT_PASSWORD), email, email ? new Date() : null],
  );
  const api = httpClient(system.baseUrl);
  const session = await api<{ token: string }>('POST', '/v1/auth/login', {
    body: { login, password: DIRECT_PASSWORD },
  });
  if (session.status !== 200)
    throw new Error(`login of a direct user: ${session.status} ${JSON.stringify(session.body)}`);
  return { id, login, email, token: session.body.token };
}
