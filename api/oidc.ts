import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { keyFromSecret, openBytes, sealBytes } from '../integrations/crypto/aes-gcm.ts';
import * as oidc from 'openid-client';
import { User } from '../db/entities/index.ts';
import { normalizeEmail } from '../domain/email.ts';
import type { ApiDeps, AppEnv } from './http/context.ts';
import { ApiError } from './http/errors.ts';
import { openSession, recordLoginEvent } from './login.ts';
import { sha256 } from '../integrations/crypto/tokens.ts';

/**
 * External login (PRODUCT.md §4): the OIDC authorization-code flow with PKCE (openid-client).
 * `/auth/oidc/start` stores the request (state hash, sealed PKCE verifier, nonce, mode) in
 * oidc_states and binds it to the browser with a short cookie; `/auth/oidc/callback` consumes it
 * once, exchanges the code and signs in the user of the identity, or of the provider's VERIFIED
 * e-mail (linking it), or links the identity to the logged-in user.
 */

export const OIDC_STATE_TTL_MS = 10 * 60_000;
const STATE_COOKIE = 'kabinet_oidc';
const STATE_COOKIE_PATH = '/auth/oidc';

export type OidcMode = 'login' | 'link';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string | undefined;
  providerId: string;
  providerName: string;
  scopes: string;
  redirectUri: string;
}

/** The provider's settings, or null when OIDC_ISSUER is not set (the feature is off). */
export function oidcSettings(env: ApiDeps['env']): OidcSettings | null {
  if (!env.OIDC_ISSUER || !env.OIDC_CLIENT_ID) return null;
  return {
    issuer: env.OIDC_ISSUER,
    clientId: env.OIDC_CLIENT_ID,
    clientSecret: env.OIDC_CLIENT_SECRET || undefined,
    providerId: env.OIDC_PROVIDER_ID ?? 'esia',
    providerName: env.OIDC_PROVIDER_NAME ?? 'Госуслуги',
    scopes: env.OIDC_SCOPES ?? 'openid email',
    redirectUri: env.OIDC_REDIRECT_URI ?? new URL('/auth/oidc/callback', env.PUBLIC_URL).href,
  };
}

export function requireOidc(c: Context<AppEnv>): OidcSettings {
  const settings = oidcSettings(c.var.deps.env);
  if (!settings) throw new ApiError(404, 'oidc_not_configured', 'external login is not configured');
  return settings;
}

/** The login page's "Войти через …" link, or null when external login is off. */
export function externalLoginLink(c: Context<AppEnv>): { name: string } | null {
  const settings = oidcSettings(c.var.deps.env);
  return settings ? { name: settings.providerName } : null;
}

/** Plain http is allowed for a provider on this machine only (tests, the local stack). */
const isLoopbackHttp = (url: URL) =>
  url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);

// One discovery per provider and client for the process; a failed one is forgotten and tried again.
const configurations = new Map<string, Promise<oidc.Configuration>>();

async function providerConfiguration(settings: OidcSettings): Promise<oidc.Configuration> {
  const key = `${settings.issuer}\n${settings.clientId}`;
  let configuration = configurations.get(key);
  if (!configuration) {
    const issuer = new URL(settings.issuer);
    configuration = oidc.discovery(
      issuer,
      settings.clientId,
      undefined,
      settings.clientSecret ? oidc.ClientSecretBasic(settings.clientSecret) : oidc.None(),
      isLoopbackHttp(issuer) ? { execute: [oidc.allowInsecureRequests], timeout: 10 } : { timeout: 10 },
    );
    configurations.set(key, configuration);
    configuration.catch(() => configurations.delete(key));
  }
  try {
    return await configuration;
  } catch (err) {
    throw new ApiError(503, 'oidc_unavailable', `the identity provider cannot be reached: ${describe(err)}`);
  }
}

const describe = (err: unknown): string =>
  err instanceof Error ? `${err.name}${'code' in err ? ` ${String(err.code)}` : ''}` : 'error';

// The PKCE verifier is a secret until it is sent to the token endpoint: sealed at rest.
const PKCE_PURPOSE = 'kabinet oidc pkce verifier';

export const seal = (secret: string, plain: string): string =>
  sealBytes(keyFromSecret(secret, PKCE_PURPOSE), Buffer.from(plain, 'utf8')).toString('base64url');

export const unseal = (secret: string, sealed: string): string =>
  openBytes(keyFromSecret(secret, PKCE_PURPOSE), Buffer.from(sealed, 'base64url')).toString('utf8');

/** Stores a new authorization request and answers where to send the browser. */
export async function startOidc(c: Context<AppEnv>, mode: OidcMode): Promise<string> {
  const settings = requireOidc(c);
  const { em, deps } = c.var;
  const actor = c.var.actor;
  let userId: string | null = null;
  if (mode === 'link') {
    if (actor?.kind !== 'user') throw new ApiError(401, 'unauthorized', 'log in first to link an account');
    userId = actor.userId;
  }
  const configuration = await providerConfiguration(settings);
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const verifier = oidc.randomPKCECodeVerifier();
  const challenge = await oidc.calculatePKCECodeChallenge(verifier);
  const expiresAt = new Date(Date.now() + OIDC_STATE_TTL_MS);
  await em.execute(
    `insert into oidc_states (state_hash, code_verifier_sealed, nonce, mode, user_id, expires_at)
     values (?, ?, ?, ?, ?, ?)`,
    [sha256(state), seal(deps.env.KABINET_SECRET, verifier), nonce, mode, userId, expiresAt],
  );
  // Requests never finished are cleared now and then.
  if (Math.random() < 0.05) await em.execute(`delete from oidc_states where expires_at < now()`);
  // Binds the request to this browser: a callback URL handed to someone else logs nobody in.
  setCookie(c, STATE_COOKIE, state, {
    httpOnly: true,
    sameSite: 'Lax',
    path: STATE_COOKIE_PATH,
    secure: deps.env.PUBLIC_URL.startsWith('https:'),
    maxAge: OIDC_STATE_TTL_MS / 1000,
  });
  c.var.log.info({ mode, userId, provider: settings.providerId }, 'oidc login started');
  return oidc.buildAuthorizationUrl(configuration, {
    redirect_uri: settings.redirectUri,
    scope: settings.scopes,
    response_type: 'code',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
    nonce,
  }).href;
}

/** Why a callback did not sign anyone in; `reason` is the code, `message` the Russian page text. */
export class OidcRefusal extends Error {
  readonly status: 400 | 403 | 404 | 409 | 503;
  readonly reason: string;
  constructor(status: OidcRefusal['status'], reason: string, message: string) {
    super(message);
    this.status = status;
    this.reason = reason;
  }
}

export type OidcOutcome =
  { kind: 'logged_in'; userId: string; linkedNow: boolean } | { kind: 'linked'; userId: string };

interface StateRow {
  code_verifier_sealed: string;
  nonce: string;
  mode: OidcMode;
  user_id: string | null;
  expired: boolean;
}

interface ProviderAccount {
  subject: string;
  email: string | null;
  emailVerified: boolean;
}

const staleRequest = () =>
  new OidcRefusal(
    400,
    'invalid_state',
    'Ссылка для входа устарела или уже использована. Начните вход заново.',
  );

/** Consumes the request named by `state` (once) and completes the login or the linking. */
export async function finishOidc(c: Context<AppEnv>): Promise<OidcOutcome> {
  const settings = requireOidc(c);
  const { em } = c.var;
  const callbackUrl = new URL(c.req.url);
  const state = callbackUrl.searchParams.get('state');
  const browserState = getCookie(c, STATE_COOKIE);
  deleteCookie(c, STATE_COOKIE, { path: STATE_COOKIE_PATH });
  if (!state || state.length > 200) throw staleRequest();
  const [row] = await em.execute<StateRow[]>(
    `delete from oidc_states where state_hash = ?
     returning code_verifier_sealed, nonce, mode, user_id, expires_at <= now() as expired`,
    [sha256(state)],
  );
  if (!row || row.expired || browserState !== state) throw staleRequest();
  if (callbackUrl.searchParams.has('error')) {
    c.var.log.info({ error: callbackUrl.searchParams.get('error')?.slice(0, 100) }, 'oidc provider refused');
    throw new OidcRefusal(
      400,
      'oidc_refused',
      `Вход через ${settings.providerName} отменён или не выполнен.`,
    );
  }
  const account = await exchangeCode(c, settings, callbackUrl, state, row);
  if (row.mode === 'link') return linkIdentity(c, settings, account, row.user_id);
  return logInWithIdentity(c, settings, account);
}

async function exchangeCode(
  c: Context<AppEnv>,
  settings: OidcSettings,
  callbackUrl: URL,
  state: string,
  row: StateRow,
): Promise<ProviderAccount> {
  const configuration = await providerConfiguration(settings);
  // The provider answered at the configured address; behind a proxy the request URL is another one.
  const currentUrl = new URL(settings.redirectUri);
  currentUrl.search = callbackUrl.search;
  try {
    const tokens = await oidc.authorizationCodeGrant(configuration, currentUrl, {
      pkceCodeVerifier: unseal(c.var.deps.env.KABINET_SECRET, row.code_verifier_sealed),
      expectedState: state,
      expectedNonce: row.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) throw new Error('no ID token');
    let email: unknown = claims.email;
    let verified: unknown = claims.email_verified;
    if (email === undefined && configuration.serverMetadata().userinfo_endpoint) {
      const info = await oidc.fetchUserInfo(configuration, tokens.access_token, claims.sub);
      email = info.email;
      verified = info.email_verified;
    }
    return {
      subject: claims.sub,
      email: typeof email === 'string' ? email : null,
      emailVerified: verified === true || verified === 'true',
    };
  } catch (err) {
    c.var.log.warn({ error: describe(err), provider: settings.providerId }, 'oidc code exchange failed');
    throw new OidcRefusal(
      400,
      'oidc_failed',
      `Не удалось подтвердить вход через ${settings.providerName}. Начните вход заново.`,
    );
  }
}

async function identityOwner(c: Context<AppEnv>, provider: string, subject: string): Promise<string | null> {
  const [row] = await c.var.em.execute<{ user_id: string }[]>(
    `select user_id from user_identities where provider = ? and subject = ?`,
    [provider, subject],
  );
  return row?.user_id ?? null;
}

/** Inserts the identity; false when the user already has another account of this provider. */
async function insertIdentity(
  c: Context<AppEnv>,
  settings: OidcSettings,
  account: ProviderAccount,
  userId: string,
): Promise<boolean> {
  const rows = await c.var.em.execute<{ user_id: string }[]>(
    `insert into user_identities (provider, subject, user_id, issuer, email) values (?, ?, ?, ?, ?)
     on conflict do nothing returning user_id`,
    [settings.providerId, account.subject, userId, settings.issuer, account.email?.slice(0, 320) ?? null],
  );
  if (rows.length === 1) return true;
  return (await identityOwner(c, settings.providerId, account.subject)) === userId;
}

const otherAccountLinked = (settings: OidcSettings) =>
  new OidcRefusal(
    409,
    'identity_conflict',
    `К этой учётной записи уже привязан другой вход через ${settings.providerName}. Отвяжите его в профиле.`,
  );

async function logInWithIdentity(
  c: Context<AppEnv>,
  settings: OidcSettings,
  account: ProviderAccount,
): Promise<OidcOutcome> {
  let userId = await identityOwner(c, settings.providerId, account.subject);
  let linkedNow = false;
  if (!userId) {
    if (!account.email || !account.emailVerified) {
      throw new OidcRefusal(
        403,
        'email_not_verified',
        `${settings.providerName} не подтвердил адрес электронной почты. Войдите по логину и паролю и привяжите вход в профиле.`,
      );
    }
    const email = normalizeEmail(account.email);
    const [user] = email
      ? await c.var.em.execute<{ id: string }[]>(`select id from users where email = ?`, [email])
      : [];
    if (!user) {
      throw new OidcRefusal(
        404,
        'no_account',
        'Учётной записи с этим адресом электронной почты нет. Сначала зарегистрируйтесь, затем войдите через внешний сервис.',
      );
    }
    if (!(await insertIdentity(c, settings, account, user.id))) throw otherAccountLinked(settings);
    userId = user.id;
    linkedNow = true;
    c.var.log.info({ userId, provider: settings.providerId }, 'identity linked by verified e-mail');
  }
  const user = await c.var.em.findOne(User, userId);
  // As a password login: an unconfirmed or disabled account is not let in (the history says why).
  if (!user || user.status === 'pending_confirmation') {
    await recordLoginEvent(c, { userId, loginHash: null, result: 'email_not_confirmed' });
    throw new OidcRefusal(
      403,
      'email_not_confirmed',
      'Подтвердите адрес электронной почты: откройте ссылку из письма, которое мы отправили при регистрации.',
    );
  }
  if (user.status !== 'active') {
    await recordLoginEvent(c, { userId, loginHash: null, result: 'disabled' });
    throw new OidcRefusal(403, 'account_disabled', 'Учётная запись отключена. Обратитесь к администратору.');
  }
  await recordLoginEvent(c, { userId, loginHash: null, result: 'success' });
  await openSession(c, user);
  c.var.log.info({ userId, provider: settings.providerId }, 'logged in with an external identity');
  return { kind: 'logged_in', userId, linkedNow };
}

async function linkIdentity(
  c: Context<AppEnv>,
  settings: OidcSettings,
  account: ProviderAccount,
  userId: string | null,
): Promise<OidcOutcome> {
  const actor = c.var.actor;
  // The session that started linking must still be the one finishing it.
  if (!userId || actor?.kind !== 'user' || actor.userId !== userId) {
    throw new OidcRefusal(
      403,
      'session_changed',
      'Сеанс завершён или сменился. Войдите и начните привязку заново.',
    );
  }
  const owner = await identityOwner(c, settings.providerId, account.subject);
  if (owner && owner !== userId) {
    throw new OidcRefusal(
      409,
      'identity_linked_elsewhere',
      `Этот вход через ${settings.providerName} уже привязан к другой учётной записи.`,
    );
  }
  if (!owner && !(await insertIdentity(c, settings, account, userId))) throw otherAccountLinked(settings);
  c.var.log.info({ userId, provider: settings.providerId }, 'identity linked');
  return { kind: 'linked', userId };
}
