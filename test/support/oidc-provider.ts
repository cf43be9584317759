import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration } from 'oidc-provider';

export interface TestAccount {
  email?: string;
  emailVerified?: boolean;
}

export interface RunningOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Adds (or replaces) an account at the provider. */
  addAccount(subject: string, account: TestAccount): void;
  /** The subject the next login at the provider signs in as (a new browser has no provider session). */
  loginAs(subject: string): void;
  close(): Promise<void>;
}

/**
 * A real OIDC provider (`oidc-provider`) on 127.0.0.1 for tests: one confidential client whose
 * redirect URI is given, PKCE required, claims {sub, email, email_verified} from `addAccount`, and an
 * interaction that logs in as the `loginAs` subject and consents at once (no pages, no dev
 * interactions). A subject nobody set with `loginAs` is refused with `access_denied`.
 */
export async function startOidcProvider(options: { redirectUri: string }): Promise<RunningOidcProvider> {
  const accounts = new Map<string, TestAccount>();
  let subject: string | undefined;
  // Made once the port (and so the issuer) is known; until then requests get 503.
  const running: { provider?: Provider } = {};

  const server = createServer((req, res) => {
    const provider = running.provider;
    if (!provider) {
      res.writeHead(503).end();
      return;
    }
    if (req.url?.startsWith('/interaction/')) {
      interact(provider, req, res).catch((err: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err));
      });
      return;
    }
    void provider.callback()(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'kabinet-test';
  const clientSecret = randomBytes(24).toString('hex');
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });

  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [{ ...signingKey, kid: 'test', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    features: { devInteractions: { enabled: false } },
    ttl: {
      AuthorizationCode: 60,
      AccessToken: 600,
      IdToken: 600,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
    pkce: { required: () => true },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, id) => {
      const account = accounts.get(id);
      if (!account) return undefined;
      return {
        accountId: id,
        claims: () => ({
          sub: id,
          ...(account.email === undefined ? {} : { email: account.email }),
          ...(account.emailVerified === undefined ? {} : { email_verified: account.emailVerified }),
        }),
      };
    },
  };
  running.provider = new Provider(issuer, configuration);

  async function interact(p: Provider, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const details = await p.interactionDetails(req, res);
    if (details.prompt.name === 'login') {
      if (!subject || !accounts.has(subject)) {
        await p.interactionFinished(req, res, {
          error: 'access_denied',
          error_description: 'no test subject',
        });
        return;
      }
      await p.interactionFinished(
        req,
        res,
        { login: { accountId: subject } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    const accountId = details.session?.accountId;
    if (!accountId) throw new Error('consent without a session');
    const grant = details.grantId
      ? ((await p.Grant.find(details.grantId)) ??
        new p.Grant({ accountId, clientId: String(details.params.client_id) }))
      : new p.Grant({ accountId, clientId: String(details.params.client_id) });
    const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    const grantId = await grant.save();
    await p.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  return {
    issuer,
    clientId,
    clientSecret,
    addAccount: (sub, account) => void accounts.set(sub, account),
    loginAs: (sub) => void (subject = sub),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A minimal browser for redirect chains: a cookie jar per host:port and manual redirects.
 * `rewrite` maps an address the server advertises (PUBLIC_URL) to where it really listens.
 */
export function testBrowser(rewrite: { from: string; to: string }) {
  const jar = new Map<string, Map<string, string>>();

  function remember(url: URL, response: Response): void {
    const cookies = jar.get(url.host) ?? new Map<string, string>();
    jar.set(url.host, cookies);
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => {
        const [key = '', val = ''] = a.trim().split('=');
        if (key.toLowerCase() === 'max-age') return Number(val) <= 0;
        if (key.toLowerCase() === 'expires') return new Date(val).getTime() <= Date.now();
        return false;
      });
      if (expired || value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
  }

  const cookieHeader = (url: URL): string =>
    [...(jar.get(url.host) ?? new Map<string, string>())].map(([k, v]) => `${k}=${v}`).join('; ');

  const resolve = (href: string): URL =>
    new URL(href.startsWith(rewrite.from) ? rewrite.to + href.slice(rewrite.from.length) : href);

  return {
    cookie(url: string, name: string): string | undefined {
      return jar.get(resolve(url).host)?.get(name);
    },
    setCookie(url: string, name: string, value: string): void {
      const host = resolve(url).host;
      const cookies = jar.get(host) ?? new Map<string, string>();
      jar.set(host, cookies);
      cookies.set(name, value);
    },
    /**
     * GETs `href` and follows redirects (until `stopAt` matches an address, not opening it); answers
     * the last response, its body, where it pointed next and every address opened.
     */
    async open(
      href: string,
      options: { stopAt?: (url: URL) => boolean; maxRedirects?: number } = {},
    ): Promise<{ status: number; url: URL; body: string; location: URL | null; visited: URL[] }> {
      let url = resolve(href);
      const visited: URL[] = [];
      for (let i = 0; ; i++) {
        visited.push(url);
        const response = await fetch(url, { redirect: 'manual', headers: { cookie: cookieHeader(url) } });
        remember(url, response);
        const header = response.headers.get('location');
        const location = header ? resolve(new URL(header, url).href) : null;
        if (response.status >= 300 && response.status < 400 && location) {
          if (i >= (options.maxRedirects ?? 20)) throw new Error(`too many redirects from ${href}`);
          if (!options.stopAt?.(location)) {
            await response.body?.cancel();
            url = location;
            continue;
          }
        }
        return { status: response.status, url, body: await response.text(), location, visited };
      }
    },
  };
}

export type TestBrowser = ReturnType<typeof testBrowser>;
