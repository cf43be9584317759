import { User } from '../../db/entities/index.ts';
import { normalizeEmail } from '../../domain/email.ts';
import { sha256 } from '../../integrations/crypto/tokens.ts';
import { requireUser } from '../http/access.ts';
import type { Actor, RequestOrigin, ServiceDeps } from '../http/context.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { openSession, type OpenedSession, recordLoginEvent } from './login-service.ts';
import {
  authorizationRequest,
  describe,
  exchangeCode,
  oidcSettings,
  type OidcSettings,
  type ProviderAccount,
  providerConfiguration,
  requireOidc,
  seal,
  unseal,
} from './oidc-provider.ts';

/**
 * External login (PRODUCT.md §4): the OIDC authorization-code flow with PKCE. `start` stores the
 * request (state hash, sealed PKCE verifier, nonce, mode) in oidc_states; the page binds it to the
 * browser with a short cookie. `finish` consumes it once, exchanges the code and signs in the user of
 * the identity, or of the provider's VERIFIED e-mail (linking it), or links the identity to the
 * logged-in user.
 */

export const OIDC_STATE_TTL_MS = 10 * 60_000;

export type OidcMode = 'login' | 'link';

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
  | { kind: 'logged_in'; userId: string; linkedNow: boolean; session: OpenedSession }
  | { kind: 'linked'; userId: string };

interface StateRow {
  code_verifier_sealed: string;
  nonce: string;
  mode: OidcMode;
  user_id: string | null;
  expired: boolean;
}

const staleRequest = () =>
  new OidcRefusal(
    400,
    'invalid_state',
    'Ссылка для входа устарела или уже использована. Начните вход заново.',
  );

const otherAccountLinked = (settings: OidcSettings) =>
  new OidcRefusal(
    409,
    'identity_conflict',
    `К этой учётной записи уже привязан другой вход через ${settings.providerName}. Отвяжите его в профиле.`,
  );

export function createExternalLoginService(deps: ServiceDeps) {
  const { em, env, log } = deps;

  async function identityOwner(provider: string, subject: string): Promise<string | null> {
    const [row] = await em.execute<{ user_id: string }[]>(
      `select user_id from user_identities where provider = ? and subject = ?`,
      [provider, subject],
    );
    return row?.user_id ?? null;
  }

  /** Inserts the identity; false when the user already has another account of this provider. */
  async function insertIdentity(settings: OidcSettings, account: ProviderAccount, userId: string) {
    const rows = await em.execute<{ user_id: string }[]>(
      `insert into user_identities (provider, subject, user_id, issuer, email) values (?, ?, ?, ?, ?)
       on conflict do nothing returning user_id`,
      [settings.providerId, account.subject, userId, settings.issuer, account.email?.slice(0, 320) ?? null],
    );
    if (rows.length === 1) return true;
    return (await identityOwner(settings.providerId, account.subject)) === userId;
  }

  async function logInWithIdentity(
    settings: OidcSettings,
    account: ProviderAccount,
    origin: RequestOrigin,
  ): Promise<OidcOutcome> {
    let userId = await identityOwner(settings.providerId, account.subject);
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
        ? await em.execute<{ id: string }[]>(`select id from users where email = ?`, [email])
        : [];
      if (!user) {
        throw new OidcRefusal(
          404,
          'no_account',
          'Учётной записи с этим адресом электронной почты нет. Сначала зарегистрируйтесь, затем войдите через внешний сервис.',
        );
      }
      if (!(await insertIdentity(settings, account, user.id))) throw otherAccountLinked(settings);
      userId = user.id;
      linkedNow = true;
      log.info({ userId, provider: settings.providerId }, 'identity linked by verified e-mail');
    }
    const user = await em.findOne(User, userId);
    const record = (result: 'success' | 'email_not_confirmed' | 'disabled') =>
      recordLoginEvent(em, origin, { userId, loginHash: null, result });
    // As a password login: an unconfirmed or disabled account is not let in (the history says why).
    if (!user || user.status === 'pending_confirmation') {
      await record('email_not_confirmed');
      throw new OidcRefusal(
        403,
        'email_not_confirmed',
        'Подтвердите адрес электронной почты: откройте ссылку из письма, которое мы отправили при регистрации.',
      );
    }
    if (user.status !== 'active') {
      await record('disabled');
      throw new OidcRefusal(
        403,
        'account_disabled',
        'Учётная запись отключена. Обратитесь к администратору.',
      );
    }
    await record('success');
    const session = await openSession(deps, user, origin);
    log.info({ userId, provider: settings.providerId }, 'logged in with an external identity');
    return { kind: 'logged_in', userId, linkedNow, session };
  }

  async function linkIdentity(
    actor: Actor | undefined,
    settings: OidcSettings,
    account: ProviderAccount,
    userId: string | null,
  ): Promise<OidcOutcome> {
    // The session that started linking must still be the one finishing it.
    if (!userId || actor?.kind !== 'user' || actor.userId !== userId) {
      throw new OidcRefusal(
        403,
        'session_changed',
        'Сеанс завершён или сменился. Войдите и начните привязку заново.',
      );
    }
    const owner = await identityOwner(settings.providerId, account.subject);
    if (owner && owner !== userId) {
      throw new OidcRefusal(
        409,
        'identity_linked_elsewhere',
        `Этот вход через ${settings.providerName} уже привязан к другой учётной записи.`,
      );
    }
    if (!owner && !(await insertIdentity(settings, account, userId))) throw otherAccountLinked(settings);
    log.info({ userId, provider: settings.providerId }, 'identity linked');
    return { kind: 'linked', userId };
  }

  return {
    /**
     * Stores a new authorization request; answers where to send the browser and the state the
     * browser must bring back. Linking needs a logged-in user (401).
     */
    async start(actor: Actor | undefined, mode: OidcMode): Promise<{ url: string; state: string }> {
      const settings = requireOidc(env);
      let userId: string | null = null;
      if (mode === 'link') {
        if (actor?.kind !== 'user')
          throw new ApiError(401, 'unauthorized', 'log in first to link an account');
        userId = actor.userId;
      }
      const request = await authorizationRequest(settings);
      await em.execute(
        `insert into oidc_states (state_hash, code_verifier_sealed, nonce, mode, user_id, expires_at)
         values (?, ?, ?, ?, ?, ?)`,
        [
          sha256(request.state),
          seal(env.KABINET_SECRET, request.verifier),
          request.nonce,
          mode,
          userId,
          new Date(Date.now() + OIDC_STATE_TTL_MS),
        ],
      );
      // Requests never finished are cleared now and then.
      if (Math.random() < 0.05) await em.execute(`delete from oidc_states where expires_at < now()`);
      log.info({ mode, userId, provider: settings.providerId }, 'oidc login started');
      return { url: request.url, state: request.state };
    },

    /**
     * Consumes the request named by the callback's `state` (once; it must be the state this browser
     * was given) and completes the login (returning the new session) or the linking.
     */
    async finish(
      actor: Actor | undefined,
      callback: { url: URL; browserState: string | undefined },
      origin: RequestOrigin,
    ): Promise<OidcOutcome> {
      const settings = requireOidc(env);
      const state = callback.url.searchParams.get('state');
      if (!state || state.length > 200) throw staleRequest();
      const [row] = await em.execute<StateRow[]>(
        `delete from oidc_states where state_hash = ?
         returning code_verifier_sealed, nonce, mode, user_id, expires_at <= now() as expired`,
        [sha256(state)],
      );
      if (!row || row.expired || callback.browserState !== state) throw staleRequest();
      if (callback.url.searchParams.has('error')) {
        log.info({ error: callback.url.searchParams.get('error')?.slice(0, 100) }, 'oidc provider refused');
        throw new OidcRefusal(
          400,
          'oidc_refused',
          `Вход через ${settings.providerName} отменён или не выполнен.`,
        );
      }
      const configuration = await providerConfiguration(settings);
      let account: ProviderAccount;
      try {
        account = await exchangeCode(configuration, settings, callback.url, {
          state,
          nonce: row.nonce,
          verifier: unseal(env.KABINET_SECRET, row.code_verifier_sealed),
        });
      } catch (err) {
        log.warn({ error: describe(err), provider: settings.providerId }, 'oidc code exchange failed');
        throw new OidcRefusal(
          400,
          'oidc_failed',
          `Не удалось подтвердить вход через ${settings.providerName}. Начните вход заново.`,
        );
      }
      if (row.mode === 'link') return linkIdentity(actor, settings, account, row.user_id);
      return logInWithIdentity(settings, account, origin);
    },

    /** My linked identities, and the provider they belong to (null when external login is off). */
    async listIdentities(actor: Actor | undefined) {
      const user = requireUser(actor);
      const rows = await em.execute<{ provider: string; email: string | null; linked_at: Date }[]>(
        `select provider, email, linked_at from user_identities where user_id = ? order by linked_at, provider`,
        [user.userId],
      );
      return { identities: rows, settings: oidcSettings(env) };
    },

    async unlinkIdentity(actor: Actor | undefined, provider: string): Promise<void> {
      const user = requireUser(actor);
      const deleted = await em.execute<{ subject: string }[]>(
        `delete from user_identities where user_id = ? and provider = ? returning subject`,
        [user.userId, provider],
      );
      if (deleted.length === 0) throw notFound('identity');
      log.info({ userId: user.userId, provider }, 'identity unlinked');
    },
  };
}
