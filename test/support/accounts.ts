import { randomBytes, randomUUID } from 'node:crypto';
import { hashPassword } from '../../api/security/passwords.ts';
import { User } from '../../db/entities/index.ts';
import type { Letter } from './mail.ts';
import type { TestSystem } from './system.ts';

export const ACCOUNT_PASSWORD = 'Надёжный-пароль-1';

/** A unique e-mail address for one test. */
export const uniqueEmail = (name = 'user'): string => `${name}-${randomBytes(4).toString('hex')}@example.ru`;

/** An active account created straight in the database (login = e-mail unless given). */
export async function createAccount(
  system: TestSystem,
  fields: {
    email?: string;
    login?: string;
    snils?: string | null;
    fullName?: string;
    password?: string;
  } = {},
): Promise<{ id: string; login: string; email: string; password: string }> {
  const em = system.db.orm.em.fork();
  const email = fields.email ?? uniqueEmail();
  const password = fields.password ?? ACCOUNT_PASSWORD;
  const user = em.create(User, {
    id: randomUUID(),
    login: fields.login ?? email,
    passwordHash: await hashPassword(password),
    email,
    emailVerifiedAt: new Date(),
    fullName: fields.fullName ?? 'Иванова Анна Сергеевна',
    snils: fields.snils ?? null,
    portal: 'education',
    status: 'active',
    profile: {},
  });
  await em.flush();
  return { id: user.id, login: user.login, email, password };
}

/** The link of a letter that starts with `${PUBLIC_URL}${path}?token=`. */
export function linkInLetter(letter: Letter, path: string): URL {
  const match = new RegExp(`https?://[^\\s"<>]+${path.replace(/\//g, '\\/')}\\?token=[A-Za-z0-9_-]+`).exec(
    letter.text,
  );
  if (!match) throw new Error(`no ${path} link in the letter: ${letter.text}`);
  return new URL(match[0]);
}
