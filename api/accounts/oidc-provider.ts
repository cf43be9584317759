import * as oidc from 'openid-client';
import type { Env } from '../../config/env.ts';
import { keyFromSecret, openBytes, sealBytes } from '../../integrations/crypto/aes-gcm.ts';
import { ApiError } from '../http/errors.ts';

/**
 * The external-login provider (OIDC, authorization code with PKCE, through openid-client): its
 * settings, its discovery document and the code exchange. What the answers mean for accounts is
 * external-login-service.ts.
 */

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
export function oidcSettings(env: Env): OidcSettings | null {
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

export const oidcNotConfigured = () =>
  new ApiError(404, 'oidc_not_configured', 'external login is not configured');

export function requireOidc(env: Env): OidcSettings {
  const settings = oidcSettings(env);
  if (!settings) throw oidcNotConfigured();
  return settings;
}

/** The login page's "Войти через …" link, or null when external login is off. */
export function externalLoginLink(env: Env): { name: string } | null {
  const settings = oidcSettings(env);
  return settings ? { name: settings.providerName } : null;
}

/** Plain http is allowed for a provider on this machine only (tests, the local stack). */
const isLoopbackHttp = (url: URL) =>
  url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);

// One discovery per provider and client for the process; a failed one is forgotten and tried again.
const configurations = new Map<string, Promise<oidc.Configuration>>();

export async function providerConfiguration(settings: OidcSettings): Promise<oidc.Configuration> {
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

export const describe = (err: unknown): string =>
  err instanceof Error ? `${err.name}${'code' in err ? ` ${String(err.code)}` : ''}` : 'error';

// The PKCE verifier is a secret until it is sent to the token endpoint: sealed at rest.
const PKCE_PURPOSE = 'kabinet oidc pkce verifier';

export const seal = (secret: string, plain: string): string =>
  sealBytes(keyFromSecret(secret, PKCE_PURPOSE), Buffer.from(plain, 'utf8')).toString('base64url');

export const unseal = (secret: string, sealed: string): string =>
  openBytes(keyFromSecret(secret, PKCE_PURPOSE), Buffer.from(sealed, 'base64url')).toString('utf8');

/** A new authorization request: what to store and where to send the browser. */
export async function authorizationRequest(settings: OidcSettings) {
  const configuration = await providerConfiguration(settings);
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const verifier = oidc.randomPKCECodeVerifier();
  const challenge = await oidc.calculatePKCECodeChallenge(verifier);
  const url = oidc.buildAuthorizationUrl(configuration, {
    redirect_uri: settings.redirectUri,
    scope: settings.scopes,
    response_type: 'code',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
    nonce,
  }).href;
  return { state, nonce, verifier, url };
}

/** Who the provider says signed in. */
export interface ProviderAccount {
  subject: string;
  email: string | null;
  emailVerified: boolean;
}

/**
 * Exchanges the callback's code (PKCE, state and nonce checked) for the ID token's subject and
 * e-mail (from userinfo when the token has none). Throws whatever openid-client throws.
 */
export async function exchangeCode(
  configuration: oidc.Configuration,
  settings: OidcSettings,
  callbackUrl: URL,
  expected: { state: string; nonce: string; verifier: string },
): Promise<ProviderAccount> {
  // The provider answered at the configured address; behind a proxy the request URL is another one.
  const currentUrl = new URL(settings.redirectUri);
  currentUrl.search = callbackUrl.search;
  const tokens = await oidc.authorizationCodeGrant(configuration, currentUrl, {
    pkceCodeVerifier: expected.verifier,
    expectedState: expected.state,
    expectedNonce: expected.nonce,
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
}
