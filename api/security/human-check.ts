import { z } from '@hono/zod-openapi';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from 'hono';
import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { AppEnv } from '../http/context.ts';
import { ApiError } from '../http/errors.ts';

/**
 * A simple human check for anonymous forms (registration, recovery, news subscription): an
 * arithmetic question in Russian. The token carries the challenge's id, its expiry and an HMAC of
 * the right answer, all signed with KABINET_SECRET, so nothing is stored until it is answered; the
 * answer (right or wrong) uses it up (table human_check_uses), so one token cannot be tried twice.
 */

export const HUMAN_CHECK_TTL_MS = 10 * 60_000;

export interface HumanCheckChallenge {
  token: string;
  question: string;
}

/** What a form sends back: the token and the answer as typed. */
export const HumanCheckAnswerSchema = z
  .object({ token: z.string().min(1).max(500), answer: z.union([z.string().max(20), z.number()]) })
  .openapi('HumanCheckAnswer');
export type HumanCheckAnswer = z.infer<typeof HumanCheckAnswerSchema>;

const mac = (secret: string, text: string): Buffer =>
  createHmac('sha256', secret).update(`human-check:${text}`, 'utf8').digest();

/** Pure: a fresh challenge; `pick` chooses numbers (tests pass a fixed one). */
export function createHumanCheck(
  secret: string,
  now: number = Date.now(),
  pick: (min: number, max: number) => number = randomInt,
): HumanCheckChallenge {
  const plus = pick(0, 2) === 0;
  let a = pick(2, 20);
  let b = pick(1, 10);
  if (!plus && b > a) [a, b] = [b, a];
  const answer = plus ? a + b : a - b;
  const id = randomBytes(12).toString('base64url');
  const expires = now + HUMAN_CHECK_TTL_MS;
  const answerMac = mac(secret, `${id}.${expires}.${answer}`).toString('base64url');
  const body = `${id}.${expires}.${answerMac}`;
  const signature = mac(secret, body).toString('base64url');
  return { token: `${body}.${signature}`, question: `Сколько будет ${a} ${plus ? 'плюс' : 'минус'} ${b}?` };
}

const equal = (a: string, b: Buffer): boolean => {
  const left = Buffer.from(a, 'base64url');
  return left.length === b.length && timingSafeEqual(left, b);
};

/** Pure: the token's id and expiry when it is genuine, unexpired and the answer is right; null otherwise. */
export function checkHumanAnswer(
  secret: string,
  token: string,
  answer: string | number,
  now: number = Date.now(),
): { id: string; expires: number } | null {
  const parts = token.split('.');
  if (parts.length !== 4) return null;
  const [id = '', expiresText = '', answerMac = '', signature = ''] = parts;
  if (!equal(signature, mac(secret, `${id}.${expiresText}.${answerMac}`))) return null;
  const expires = Number(expiresText);
  if (!Number.isSafeInteger(expires) || expires <= now) return null;
  const typed = String(answer).trim();
  if (!/^-?\d{1,4}$/.test(typed)) return null;
  if (!equal(answerMac, mac(secret, `${id}.${expires}.${Number(typed)}`))) return null;
  return { id, expires };
}

/** The token's id when the signature is genuine (used to burn a wrongly answered token too). */
function tokenId(secret: string, token: string): { id: string; expires: number } | null {
  const [id = '', expiresText = '', answerMac = '', signature = ''] = token.split('.');
  if (!equal(signature, mac(secret, `${id}.${expiresText}.${answerMac}`))) return null;
  const expires = Number(expiresText);
  return Number.isSafeInteger(expires) ? { id, expires } : null;
}

export const humanCheckFailed = () =>
  new ApiError(422, 'human_check_failed', 'Неверный ответ на проверочный вопрос. Попробуйте ещё раз.', {
    field: 'humanCheck',
  });

/** Marks the token used; false when it had been used already. */
async function useToken(em: EntityManager, id: string, expires: number): Promise<boolean> {
  const rows = await em.execute<{ id: string }[]>(
    `insert into human_check_uses (id, expires_at) values (?, ?) on conflict (id) do nothing returning id`,
    [id, new Date(expires)],
  );
  // Forget long-expired uses now and then; an expired token fails on its expiry anyway.
  if (Math.random() < 0.01)
    await em.execute(`delete from human_check_uses where expires_at < now() - interval '1 hour'`);
  return rows.length === 1;
}

/** Throws 422 `human_check_failed` (details.field = 'humanCheck') unless the answer is right and the token fresh. */
export async function verifyHumanCheck(
  c: Context<AppEnv>,
  input: { token: string; answer: string | number } | undefined | null,
): Promise<void> {
  await verifyHumanAnswer(c.var.em, c.var.deps.env.KABINET_SECRET, input);
}

/** verifyHumanCheck for a service: the request's EntityManager and KABINET_SECRET instead of a Context. */
export async function verifyHumanAnswer(
  em: EntityManager,
  secret: string,
  input: { token: string; answer: string | number } | undefined | null,
): Promise<void> {
  if (!input || typeof input.token !== 'string') throw humanCheckFailed();
  const genuine = tokenId(secret, input.token);
  if (!genuine) throw humanCheckFailed();
  // Used up whether the answer is right or not: otherwise the few possible answers could be tried in turn.
  const fresh = await useToken(em, genuine.id, genuine.expires);
  if (!fresh || !checkHumanAnswer(secret, input.token, input.answer)) throw humanCheckFailed();
}

/** A fresh challenge for a server-rendered form (hidden token field + the question as the label). */
export function humanCheckForPage(c: Context<AppEnv>): HumanCheckChallenge {
  return createHumanCheck(c.var.deps.env.KABINET_SECRET);
}
