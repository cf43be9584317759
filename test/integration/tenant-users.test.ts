// Tenant users (issue 4, scloud.ru): the rights matrix × every tenant endpoint as one table, deletion
// with a confirmation code, an admin ending sessions, tenant isolation, and editing credentials.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  ACCESS_LEVELS,
  levelRights,
  type AccessLevel,
  type AccessRight,
} from '../../domain/access-rights.ts';
import { readCodeFromSms, uniquePhone } from '../support/flow.ts';
import { httpClient, type HttpCall } from '../support/http.ts';
import { codeInLetter } from '../support/mail.ts';
import { startTestSystem, type TestSystem } from '../support/system.ts';

type Json = Record<string, unknown>;
type ErrorBody = { error: { code: string; message: string; details?: Json } };
type TenantUser = {
  id: string;
  login: string;
  email: string | null;
  phone: string | null;
  accessLevel: AccessLevel;
  isOwner: boolean;
  rights: string[];
  grantedRights: string[];
  databases: { id: string; name: string }[];
};

const PASSWORD = 'Надёжный-пароль-1';
const unique = () => randomBytes(4).toString('hex');

let system: TestSystem;
let api: HttpCall;

async function logIn(login: string, password = PASSWORD): Promise<string> {
  const res = await api<{ token: string }>('POST', '/v1/auth/login', { body: { login, password } });
  assert.equal(res.status, 200, `login ${login}: ${JSON.stringify(res.body)}`);
  return res.body.token;
}

async function newOrganization(name: string) {
  const org = await api<{ id: string }>('POST', '/v1/organizations', {
    token: system.operatorToken,
    body: { name, inn: '7707083893' },
  });
  assert.equal(org.status, 201, JSON.stringify(org.body));
  const key = await api<{ key: string }>('POST', `/v1/organizations/${org.body.id}/api-keys`, {
    token: system.operatorToken,
  });
  assert.equal(key.status, 201);
  const ownerLogin = `owner-${unique()}`;
  const ownerPhone = uniquePhone();
  const owner = await api<TenantUser>('PUT', `/v1/organizations/${org.body.id}/owner`, {
    token: key.body.key,
    body: { login: ownerLogin, password: PASSWORD, fullName: 'Владелец Иван', phone: ownerPhone },
  });
  assert.equal(owner.status, 201, JSON.stringify(owner.body));
  assert.equal(owner.body.isOwner, true);
  return { orgId: org.body.id, key: key.body.key, ownerId: owner.body.id, ownerLogin, ownerPhone };
}

/** A member created through the API, with a phone (deletion codes go there) unless told otherwise. */
async function addUser(
  orgId: string,
  token: string,
  accessLevel: AccessLevel,
  extra: Json = {},
): Promise<TenantUser> {
  const phone = 'phone' in extra ? (extra.phone as string | null) : uniquePhone();
  const res = await api<TenantUser>('POST', `/v1/organizations/${orgId}/users`, {
    token,
    body: {
      login: `${accessLevel}-${unique()}`,
      password: PASSWORD,
      fullName: `Сотрудник ${accessLevel}`,
      accessLevel,
      ...extra,
      phone,
    },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

function expectError(res: { status: number; body: unknown }, status: number, code: string): ErrorBody {
  assert.equal(res.status, status, JSON.stringify(res.body));
  const body = res.body as ErrorBody;
  assert.equal(body.error.code, code, JSON.stringify(body));
  return body;
}

/** The id of the session a token belongs to, as its owner sees it. */
async function sessionIdOf(token: string): Promise<string> {
  const res = await api<{ items: { id: string; current: boolean }[] }>('GET', '/v1/me/sessions', { token });
  assert.equal(res.status, 200);
  const current = res.body.items.find((s) => s.current);
  assert.ok(current);
  return current.id;
}

const meStatus = async (token: string) => (await api('GET', '/v1/me', { token })).status;

describe('tenant users, access levels and rights', () => {
  before(async () => {
    system = await startTestSystem();
    api = httpClient(system.baseUrl);
  });
  after(async () => system?.close());

  it('every tenant endpoint × every access level, the owner, the org key and another org answers as the matrix says', async () => {
    const a = await newOrganization('ООО «Матрица»');
    const b = await newOrganization('ООО «Чужие»');

    type ActorName = AccessLevel | 'owner' | 'orgKey' | 'otherOrgAdmin';
    const members = new Map<AccessLevel, TenantUser>();
    for (const level of ACCESS_LEVELS) members.set(level, await addUser(a.orgId, a.key, level));
    const otherAdmin = await addUser(b.orgId, b.key, 'administrator');
    const victim = await addUser(a.orgId, a.key, 'user');

    const tokens = new Map<ActorName, string>();
    const relogin = async () => {
      for (const level of ACCESS_LEVELS) tokens.set(level, await logIn(members.get(level)!.login));
      tokens.set('owner', await logIn(a.ownerLogin));
      tokens.set('otherOrgAdmin', await logIn(otherAdmin.login));
      tokens.set('orgKey', a.key);
    };
    await relogin();

    /** Whether an actor may use a right in organization A, straight from the matrix module. */
    const allowed = (actor: ActorName, right: AccessRight | 'member'): boolean => {
      if (actor === 'owner' || actor === 'orgKey') return true;
      if (actor === 'otherOrgAdmin') return false;
      return right === 'member' || levelRights(actor).includes(right);
    };

    // Pinned by hand, so a matrix that drifts from the decisions fails here as well as in the table.
    assert.equal(allowed('accountant', 'organization_details'), true);
    assert.equal(allowed('accountant', 'users_and_sessions'), false);
    assert.equal(allowed('support', 'database_management'), true);
    assert.equal(allowed('support', 'organization_details'), false);
    assert.equal(allowed('user', 'main_user_info'), false);
    assert.equal(allowed('administrator', 'users_and_sessions'), true);

    const org = `/v1/organizations/${a.orgId}`;
    const freshDatabase = async () => {
      const res = await api<{ id: string }>('POST', `${org}/databases`, {
        token: a.key,
        body: { name: `db-${unique()}` },
      });
      assert.equal(res.status, 201);
      return res.body.id;
    };
    const freshUser = async () => (await addUser(a.orgId, a.key, 'user')).id;

    type Row = {
      name: string;
      right: AccessRight | 'member';
      call: (token: string, actor: ActorName) => Promise<{ status: number; body: unknown }>;
      /** The success status; 'deleted' runs the whole code flow. */
      ok: number;
      /** Ends sessions of others: log everyone in again afterwards. */
      endsSessions?: boolean;
    };
    const rows: Row[] = [
      {
        name: 'GET users',
        right: 'users_and_sessions',
        ok: 200,
        call: (t) => api('GET', `${org}/users`, { token: t }),
      },
      {
        name: 'POST users',
        right: 'users_and_sessions',
        ok: 201,
        call: (t) =>
          api('POST', `${org}/users`, {
            token: t,
            body: { login: `new-${unique()}`, password: PASSWORD, fullName: 'Новый', accessLevel: 'user' },
          }),
      },
      {
        name: 'GET user',
        right: 'users_and_sessions',
        ok: 200,
        call: (t) => api('GET', `${org}/users/${victim.id}`, { token: t }),
      },
      {
        name: 'PATCH user',
        right: 'users_and_sessions',
        ok: 200,
        call: async (t) =>
          api('PATCH', `${org}/users/${await freshUser()}`, { token: t, body: { fullName: 'Изменён' } }),
      },
      {
        name: 'POST deletion-code + DELETE user',
        right: 'users_and_sessions',
        ok: 204,
        call: async (t, actor) => {
          const target = await freshUser();
          // The key's code goes to the owner's phone, a member's to their own.
          const phone =
            actor === 'orgKey' || actor === 'owner' ? a.ownerPhone : members.get(actor as AccessLevel)?.phone;
          const before = phone ? system.smsc.outbox.list({ phone }).length : 0;
          const sent = await api('POST', `${org}/users/${target}/deletion-code`, { token: t });
          if (sent.status !== 202) return sent;
          assert.ok(phone, `${actor} got a code`);
          const code = await readCodeFromSms(system, phone, before);
          return api('DELETE', `${org}/users/${target}`, { token: t, body: { confirmationCode: code } });
        },
      },
      {
        name: 'GET sessions',
        right: 'users_and_sessions',
        ok: 200,
        call: (t) => api('GET', `${org}/sessions`, { token: t }),
      },
      {
        name: 'DELETE session',
        right: 'users_and_sessions',
        ok: 204,
        call: async (t) =>
          api('DELETE', `${org}/sessions/${await sessionIdOf(await logIn(victim.login))}`, { token: t }),
      },
      {
        name: 'DELETE user sessions',
        right: 'users_and_sessions',
        ok: 200,
        call: (t) => api('DELETE', `${org}/users/${victim.id}/sessions`, { token: t }),
      },
      {
        name: 'DELETE all sessions',
        right: 'users_and_sessions',
        ok: 200,
        endsSessions: true,
        call: (t) => api('DELETE', `${org}/sessions`, { token: t }),
      },
      {
        name: 'GET connection-history',
        right: 'users_and_sessions',
        ok: 200,
        call: (t) => api('GET', `${org}/connection-history`, { token: t }),
      },
      {
        name: 'GET databases',
        right: 'database_management',
        ok: 200,
        call: (t) => api('GET', `${org}/databases`, { token: t }),
      },
      {
        name: 'POST databases',
        right: 'database_management',
        ok: 201,
        call: (t) => api('POST', `${org}/databases`, { token: t, body: { name: `db-${unique()}` } }),
      },
      {
        name: 'DELETE database',
        right: 'database_management',
        ok: 204,
        call: async (t) => api('DELETE', `${org}/databases/${await freshDatabase()}`, { token: t }),
      },
      {
        name: 'GET details',
        right: 'organization_details',
        ok: 200,
        call: (t) => api('GET', `${org}/details`, { token: t }),
      },
      {
        name: 'PATCH details',
        right: 'organization_details',
        ok: 200,
        call: (t) =>
          api('PATCH', `${org}/details`, { token: t, body: { address: `Москва, ул. ${unique()}` } }),
      },
      {
        name: 'GET owner',
        right: 'main_user_info',
        ok: 200,
        call: (t) => api('GET', `${org}/owner`, { token: t }),
      },
      {
        name: 'GET me/rights',
        right: 'member',
        ok: 200,
        call: (t) => api('GET', `${org}/me/rights`, { token: t }),
      },
    ];

    const actors: ActorName[] = [...ACCESS_LEVELS, 'owner', 'orgKey', 'otherOrgAdmin'];
    const outcomes: string[] = [];
    for (const row of rows) {
      for (const actor of actors) {
        const res = await row.call(tokens.get(actor)!, actor);
        const expected = allowed(actor, row.right) ? row.ok : 403;
        outcomes.push(`${row.name} × ${actor}: ${res.status}`);
        assert.equal(res.status, expected, `${row.name} × ${actor}: ${JSON.stringify(res.body)}`);
        if (expected === 403 && row.right !== 'member' && actor !== 'otherOrgAdmin') {
          // The refusal names the right that is missing.
          assert.equal((res.body as ErrorBody).error.details?.right, row.right, `${row.name} × ${actor}`);
        }
        if (row.endsSessions && res.status < 300) await relogin();
      }
    }
    assert.equal(outcomes.length, rows.length * actors.length);

    // The users list is a keyset page by login.
    const seenLogins: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const page: { status: number; body: { items: TenantUser[]; nextCursor: string | null } } = await api(
        'GET',
        `${org}/users?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        { token: a.key },
      );
      assert.equal(page.status, 200);
      seenLogins.push(...page.body.items.map((u) => u.login));
      cursor = page.body.nextCursor;
      if (!cursor) break;
    }
    assert.deepEqual(seenLogins, [...seenLogins].sort(), 'ordered by login');
    assert.equal(new Set(seenLogins).size, seenLogins.length, 'no login twice');
    assert.ok(seenLogins.includes(a.ownerLogin) && seenLogins.includes(victim.login));
    assert.ok(seenLogins.length > 6);

    // me/rights tells each level exactly its row of the matrix.
    for (const level of ACCESS_LEVELS) {
      const me = await api<{ accessLevel: string; isOwner: boolean; rights: string[] }>(
        'GET',
        `${org}/me/rights`,
        {
          token: tokens.get(level)!,
        },
      );
      assert.equal(me.body.accessLevel, level);
      assert.equal(me.body.isOwner, false);
      assert.deepEqual(me.body.rights, levelRights(level));
    }

    // Only the operator and the organization key set the owner; not even the owner.
    const setOwner = (token: string) =>
      api('PUT', `${org}/owner`, {
        token,
        body: { login: a.ownerLogin, password: PASSWORD, fullName: 'Владелец Иван' },
      });
    expectError(await setOwner(tokens.get('owner')!), 403, 'forbidden');
    expectError(await setOwner(tokens.get('administrator')!), 403, 'forbidden');
    expectError(await setOwner(b.key), 403, 'forbidden');
    assert.equal((await setOwner(a.key)).status, 200);
    assert.equal((await setOwner(system.operatorToken)).status, 200);
  });

  it('deletion needs the code sent to the deleter; the owner can never be deleted; the deleted session is refused', async () => {
    const a = await newOrganization('ООО «Удаление»');
    const admin = await addUser(a.orgId, a.key, 'administrator');
    const adminToken = await logIn(admin.login);
    const org = `/v1/organizations/${a.orgId}`;

    // The owner: 409 whoever asks, with or without a code.
    for (const token of [adminToken, a.key, await logIn(a.ownerLogin)]) {
      expectError(
        await api('POST', `${org}/users/${a.ownerId}/deletion-code`, { token }),
        409,
        'owner_cannot_be_deleted',
      );
      expectError(
        await api('DELETE', `${org}/users/${a.ownerId}`, { token, body: { confirmationCode: '123456' } }),
        409,
        'owner_cannot_be_deleted',
      );
    }

    const target = await addUser(a.orgId, adminToken, 'accountant');
    const targetToken = await logIn(target.login);
    assert.equal(await meStatus(targetToken), 200);

    // Without a code, and with a code never asked for.
    expectError(
      await api('DELETE', `${org}/users/${target.id}`, { token: adminToken }),
      422,
      'confirmation_required',
    );
    expectError(
      await api('DELETE', `${org}/users/${target.id}`, { token: adminToken, body: {} }),
      422,
      'confirmation_required',
    );
    expectError(
      await api('DELETE', `${org}/users/${target.id}`, {
        token: adminToken,
        body: { confirmationCode: '123456' },
      }),
      403,
      'invalid_code',
    );

    const smsBefore = system.smsc.outbox.list({ phone: admin.phone! }).length;
    const sent = await api<{ channel: string; to: string; expiresAt: string }>(
      'POST',
      `${org}/users/${target.id}/deletion-code`,
      { token: adminToken },
    );
    assert.equal(sent.status, 202, JSON.stringify(sent.body));
    assert.equal(sent.body.channel, 'sms');
    assert.ok(!sent.body.to.includes(admin.phone!.slice(5, 8)), 'the phone is masked');
    const code = await readCodeFromSms(system, admin.phone!, smsBefore);
    assert.ok(!JSON.stringify(sent.body).includes(code), 'the code is never in the answer');
    // Asking again at once is refused (one SMS per cooldown).
    const again = await api('POST', `${org}/users/${target.id}/deletion-code`, { token: adminToken });
    expectError(again, 429, 'too_many_requests');

    // Another admin cannot use this admin's code.
    const otherAdminToken = await logIn((await addUser(a.orgId, a.key, 'administrator')).login);
    expectError(
      await api('DELETE', `${org}/users/${target.id}`, {
        token: otherAdminToken,
        body: { confirmationCode: code },
      }),
      403,
      'invalid_code',
    );

    const wrong = code === '000000' ? '111111' : '000000';
    const miss = expectError(
      await api('DELETE', `${org}/users/${target.id}`, {
        token: adminToken,
        body: { confirmationCode: wrong },
      }),
      403,
      'invalid_code',
    );
    assert.equal(miss.error.details?.attemptsLeft, 4);
    assert.equal(await meStatus(targetToken), 200, 'a wrong code deletes nothing');

    const done = await api('DELETE', `${org}/users/${target.id}`, {
      token: adminToken,
      body: { confirmationCode: code },
    });
    assert.equal(done.status, 204, JSON.stringify(done.body));
    assert.equal(await meStatus(targetToken), 401, "the deleted user's session is refused");
    assert.equal((await api('GET', `${org}/users/${target.id}`, { token: adminToken })).status, 404);
    const relogin = await api('POST', '/v1/auth/login', {
      body: { login: target.login, password: PASSWORD },
    });
    assert.equal(relogin.status, 401, 'the account is gone');
    // The code is single use.
    expectError(
      await api('DELETE', `${org}/users/${target.id}`, {
        token: adminToken,
        body: { confirmationCode: code },
      }),
      404,
      'not_found',
    );

    // Five wrong codes void the code, right or not afterwards.
    const second = await addUser(a.orgId, a.key, 'user');
    const before2 = system.smsc.outbox.list({ phone: admin.phone! }).length;
    assert.equal(
      (await api('POST', `${org}/users/${second.id}/deletion-code`, { token: adminToken })).status,
      202,
    );
    const code2 = await readCodeFromSms(system, admin.phone!, before2);
    const wrong2 = code2 === '000000' ? '111111' : '000000';
    // Eight wrong guesses at once: exactly five are counted, the rest find the code used up.
    const guesses = await Promise.all(
      Array.from({ length: 8 }, () =>
        api<ErrorBody>('DELETE', `${org}/users/${second.id}`, {
          token: adminToken,
          body: { confirmationCode: wrong2 },
        }),
      ),
    );
    const left = guesses
      .filter((g) => g.status === 403)
      .map((g) => g.body.error.details?.attemptsLeft)
      .sort();
    assert.deepEqual(left, [0, 1, 2, 3, 4], JSON.stringify(guesses.map((g) => g.body)));
    assert.deepEqual(
      guesses.filter((g) => g.status !== 403).map((g) => `${g.status} ${g.body.error.code}`),
      ['410 too_many_attempts', '410 too_many_attempts', '410 too_many_attempts'],
    );
    expectError(
      await api('DELETE', `${org}/users/${second.id}`, {
        token: adminToken,
        body: { confirmationCode: code2 },
      }),
      410,
      'too_many_attempts',
    );

    // An expired code is refused even when right (time moved on by ageing the row).
    const fifth = await addUser(a.orgId, a.key, 'user');
    const before5 = system.smsc.outbox.list({ phone: admin.phone! }).length;
    assert.equal(
      (await api('POST', `${org}/users/${fifth.id}/deletion-code`, { token: adminToken })).status,
      202,
    );
    const code5 = await readCodeFromSms(system, admin.phone!, before5);
    await system.db.orm.em
      .fork()
      .execute(
        `update deletion_codes set expires_at = now() - interval '1 second' where target_user_id = ?`,
        [fifth.id],
      );
    expectError(
      await api('DELETE', `${org}/users/${fifth.id}`, {
        token: adminToken,
        body: { confirmationCode: code5 },
      }),
      410,
      'code_expired',
    );
    assert.equal((await api('GET', `${org}/users/${fifth.id}`, { token: adminToken })).status, 200);

    // The organization key's code goes to the owner's phone.
    const third = await addUser(a.orgId, a.key, 'support');
    const ownerBefore = system.smsc.outbox.list({ phone: a.ownerPhone }).length;
    assert.equal((await api('POST', `${org}/users/${third.id}/deletion-code`, { token: a.key })).status, 202);
    const ownerCode = await readCodeFromSms(system, a.ownerPhone, ownerBefore);
    assert.equal(
      (
        await api('DELETE', `${org}/users/${third.id}`, {
          token: a.key,
          body: { confirmationCode: ownerCode },
        })
      ).status,
      204,
    );

    // A deleter without a phone gets the code by e-mail.
    const mailAdmin = await addUser(a.orgId, a.key, 'administrator', {
      phone: null,
      email: `adm-${unique()}@example.ru`,
    });
    const mailToken = await logIn(mailAdmin.login);
    const fourth = await addUser(a.orgId, a.key, 'user');
    const byMail = await api<{ channel: string }>('POST', `${org}/users/${fourth.id}/deletion-code`, {
      token: mailToken,
    });
    assert.equal(byMail.status, 202, JSON.stringify(byMail.body));
    assert.equal(byMail.body.channel, 'email');
    const letter = await system.mail.waitForLetter(mailAdmin.email!);
    assert.match(letter.text, new RegExp(fourth.login));
    const mailCode = codeInLetter(letter);
    assert.ok(mailCode);
    // The code travels only inside the sealed content: never in a column anyone can read.
    const rows = await system.db.orm.em.fork().getConnection().execute<Record<string, unknown>[]>(
      `select * from outbox_messages where kind = 'deletion_code' and email = ?`,
      [mailAdmin.email],
    );
    assert.equal(rows.length, 1);
    assert.ok(!JSON.stringify(rows[0]).includes(mailCode), 'the code is not stored readable');
    assert.equal(
      (
        await api('DELETE', `${org}/users/${fourth.id}`, {
          token: mailToken,
          body: { confirmationCode: mailCode },
        })
      ).status,
      204,
    );
  });

  it('an admin ends one session, all of a user, or everyone’s; those tokens get 401', async () => {
    const a = await newOrganization('ООО «Сеансы»');
    const admin = await addUser(a.orgId, a.key, 'administrator');
    const adminToken = await logIn(admin.login);
    const org = `/v1/organizations/${a.orgId}`;
    const worker = await addUser(a.orgId, a.key, 'user');
    const [w1, w2, w3] = [await logIn(worker.login), await logIn(worker.login), await logIn(worker.login)];

    const list = await api<{
      items: { id: string; userId: string; ip: string | null; lastSeenAt: string; current: boolean }[];
    }>('GET', `${org}/sessions`, { token: adminToken });
    assert.equal(list.status, 200);
    const mine = list.body.items.filter((s) => s.userId === worker.id);
    assert.equal(mine.length, 3);
    assert.ok(mine.every((s) => s.ip && s.lastSeenAt && !s.current));
    assert.equal(list.body.items.filter((s) => s.current).length, 1, "the admin's own session is marked");

    // One session.
    const w1Session = await sessionIdOf(w1);
    assert.equal((await api('DELETE', `${org}/sessions/${w1Session}`, { token: adminToken })).status, 204);
    assert.equal(await meStatus(w1), 401);
    assert.equal(await meStatus(w2), 200);
    assert.equal((await api('DELETE', `${org}/sessions/${w1Session}`, { token: adminToken })).status, 404);

    // All of a user.
    const ended = await api<{ ended: number }>('DELETE', `${org}/users/${worker.id}/sessions`, {
      token: adminToken,
    });
    assert.equal(ended.status, 200);
    assert.equal(ended.body.ended, 2);
    assert.equal(await meStatus(w2), 401);
    assert.equal(await meStatus(w3), 401);

    // Everyone's, except the caller's own current session.
    const others = [await logIn(worker.login), await logIn(a.ownerLogin), await logIn(admin.login)];
    const all = await api<{ ended: number }>('DELETE', `${org}/sessions`, { token: adminToken });
    assert.equal(all.status, 200);
    assert.ok(all.body.ended >= 3);
    for (const token of others) assert.equal(await meStatus(token), 401);
    assert.equal(await meStatus(adminToken), 200);
  });

  it('every tenant endpoint is in the OpenAPI document and refuses anonymous callers', async () => {
    const doc = await api<{ paths: Record<string, Record<string, unknown>> }>('GET', '/openapi.json');
    const expected: Record<string, string[]> = {
      '/v1/organizations/{orgId}/users': ['get', 'post'],
      '/v1/organizations/{orgId}/users/{userId}': ['get', 'patch', 'delete'],
      '/v1/organizations/{orgId}/users/{userId}/deletion-code': ['post'],
      '/v1/organizations/{orgId}/users/{userId}/sessions': ['delete'],
      '/v1/organizations/{orgId}/sessions': ['get', 'delete'],
      '/v1/organizations/{orgId}/sessions/{sessionId}': ['delete'],
      '/v1/organizations/{orgId}/connection-history': ['get'],
      '/v1/organizations/{orgId}/databases': ['get', 'post'],
      '/v1/organizations/{orgId}/databases/{databaseId}': ['delete'],
      '/v1/organizations/{orgId}/details': ['get', 'patch'],
      '/v1/organizations/{orgId}/owner': ['get', 'put'],
      '/v1/organizations/{orgId}/me/rights': ['get'],
    };
    const id = '00000000-0000-4000-8000-000000000000';
    for (const [path, methods] of Object.entries(expected)) {
      for (const method of methods) {
        assert.ok(doc.body.paths[path]?.[method], `${method} ${path} in /openapi.json`);
        const concrete = path.replace(/\{\w+\}/g, id);
        const res = await api(method.toUpperCase(), concrete, method === 'get' ? {} : { body: {} });
        expectError(res, 401, 'unauthorized');
      }
    }
  });

  it('tenant isolation: another organization’s administrator gets 403 or 404, never data', async () => {
    const a = await newOrganization('ООО «Альфа»');
    const b = await newOrganization('ООО «Бета»');
    const aUser = await addUser(a.orgId, a.key, 'user');
    const aToken = await logIn(aUser.login);
    const aSession = await sessionIdOf(aToken);
    const aDb = await api<{ id: string }>('POST', `/v1/organizations/${a.orgId}/databases`, {
      token: a.key,
      body: { name: 'Бухгалтерия' },
    });
    const bAdmin = await addUser(b.orgId, b.key, 'administrator');
    const bToken = await logIn(bAdmin.login);
    const secrets = [aUser.id, aUser.login, aSession, aDb.body.id, a.ownerLogin];
    const seen: string[] = [];
    const check = async (method: string, path: string, status: number, body?: Json, token = bToken) => {
      const res = await api(method, path, { token, body });
      seen.push(JSON.stringify(res.body));
      assert.equal(res.status, status, `${method} ${path}: ${JSON.stringify(res.body)}`);
    };

    // A's paths with B's credentials: 403 before anything is read.
    for (const token of [bToken, b.key]) {
      await check('GET', `/v1/organizations/${a.orgId}/users`, 403, undefined, token);
      await check('GET', `/v1/organizations/${a.orgId}/users/${aUser.id}`, 403, undefined, token);
      await check('GET', `/v1/organizations/${a.orgId}/sessions`, 403, undefined, token);
      await check('DELETE', `/v1/organizations/${a.orgId}/sessions`, 403, undefined, token);
      await check('GET', `/v1/organizations/${a.orgId}/owner`, 403, undefined, token);
      await check('GET', `/v1/organizations/${a.orgId}/details`, 403, undefined, token);
      await check('GET', `/v1/organizations/${a.orgId}/me/rights`, 403, undefined, token);
    }
    // A's ids under B's own path: not found.
    const bOrg = `/v1/organizations/${b.orgId}`;
    await check('GET', `${bOrg}/users/${aUser.id}`, 404);
    await check('PATCH', `${bOrg}/users/${aUser.id}`, 404, { password: 'Чужой-пароль-42' });
    await check('POST', `${bOrg}/users/${aUser.id}/deletion-code`, 404);
    await check('DELETE', `${bOrg}/users/${aUser.id}`, 404, { confirmationCode: '123456' });
    await check('DELETE', `${bOrg}/users/${aUser.id}/sessions`, 404);
    await check('DELETE', `${bOrg}/sessions/${aSession}`, 404);
    await check('DELETE', `${bOrg}/databases/${aDb.body.id}`, 404);
    await check('PATCH', `${bOrg}/users/${bAdmin.id}`, 422, { databases: [aDb.body.id] });
    await check('GET', `${bOrg}/sessions`, 200);
    await check('GET', `${bOrg}/users`, 200);
    await check('GET', `${bOrg}/connection-history`, 200);
    await check('GET', `${bOrg}/databases`, 200);
    for (const text of seen)
      for (const secret of secrets) assert.ok(!text.includes(secret), `${secret} leaked: ${text}`);
    assert.equal(await meStatus(aToken), 200, "A's user was not touched");
  });

  it('editing login and password: the new password logs in, the old one does not; rights cannot be escalated', async () => {
    const a = await newOrganization('ООО «Правка»');
    const org = `/v1/organizations/${a.orgId}`;
    const support = await addUser(a.orgId, a.key, 'support');
    const supportToken = await logIn(support.login);
    const person = await addUser(a.orgId, supportToken, 'user');
    const personToken = await logIn(person.login);

    const newLogin = `renamed-${unique()}`;
    const db = await api<{ id: string }>('POST', `${org}/databases`, {
      token: supportToken,
      body: { name: 'Зарплата' },
    });
    const edited = await api<TenantUser & { fullName: string }>('PATCH', `${org}/users/${person.id}`, {
      token: supportToken,
      body: {
        login: newLogin.toUpperCase(),
        password: 'Совсем-новый-пароль-7',
        fullName: 'Петров Пётр',
        databases: [db.body.id],
      },
    });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    assert.equal(edited.body.login, newLogin);
    assert.equal(edited.body.fullName, 'Петров Пётр');
    assert.deepEqual(edited.body.databases, [{ id: db.body.id, name: 'Зарплата' }]);
    assert.equal(await meStatus(personToken), 401, 'a new password ends the sessions');
    assert.equal(
      (await api('POST', '/v1/auth/login', { body: { login: person.login, password: PASSWORD } })).status,
      401,
    );
    assert.equal(
      (await api('POST', '/v1/auth/login', { body: { login: newLogin, password: PASSWORD } })).status,
      401,
    );
    await logIn(newLogin, 'Совсем-новый-пароль-7');

    // Weak password and a taken login are refused, naming the field.
    const weak = expectError(
      await api('PATCH', `${org}/users/${person.id}`, {
        token: supportToken,
        body: { password: '12345678' },
      }),
      422,
      'weak_password',
    );
    assert.ok(JSON.stringify(weak).includes('password'));
    expectError(
      await api('PATCH', `${org}/users/${person.id}`, {
        token: supportToken,
        body: { login: support.login },
      }),
      409,
      'login_taken',
    );

    // Support holds no money rights: it cannot make an administrator, grant invoices, or edit an administrator.
    expectError(
      await api('PATCH', `${org}/users/${person.id}`, {
        token: supportToken,
        body: { accessLevel: 'administrator' },
      }),
      403,
      'cannot_grant_rights',
    );
    expectError(
      await api('PATCH', `${org}/users/${person.id}`, {
        token: supportToken,
        body: { grantedRights: ['invoices_and_acts'] },
      }),
      403,
      'cannot_grant_rights',
    );
    const admin = await addUser(a.orgId, a.key, 'administrator');
    expectError(
      await api('PATCH', `${org}/users/${admin.id}`, { token: supportToken, body: { fullName: 'Взлом' } }),
      403,
      'cannot_manage_member',
    );
    expectError(
      await api('PATCH', `${org}/users/${a.ownerId}`, {
        token: await logIn(admin.login),
        body: { password: 'Захват-владельца-1' },
      }),
      403,
      'cannot_manage_member',
    );

    // A right granted on top of the level opens its endpoint.
    const granted = await api<TenantUser>('PATCH', `${org}/users/${person.id}`, {
      token: a.key,
      body: { grantedRights: ['organization_details'] },
    });
    assert.equal(granted.status, 200);
    assert.ok(granted.body.rights.includes('organization_details'));
    const personNow = await logIn(newLogin, 'Совсем-новый-пароль-7');
    assert.equal((await api('GET', `${org}/details`, { token: personNow })).status, 200);
    assert.equal((await api('GET', `${org}/databases`, { token: personNow })).status, 403);

    // Ownership passes to an existing account only with its password; the old owner stays an administrator.
    const heir = await addUser(a.orgId, a.key, 'accountant');
    const wrongOwner = await api('PUT', `${org}/owner`, {
      token: a.key,
      body: { login: heir.login, password: 'Не-тот-пароль-9', fullName: 'Наследник' },
    });
    expectError(wrongOwner, 409, 'login_taken');
    const passed = await api<TenantUser>('PUT', `${org}/owner`, {
      token: a.key,
      body: { login: heir.login, password: PASSWORD, fullName: 'Наследник' },
    });
    assert.equal(passed.status, 200, JSON.stringify(passed.body));
    assert.equal(passed.body.isOwner, true);
    const previous = await api<TenantUser>('GET', `${org}/users/${a.ownerId}`, { token: a.key });
    assert.equal(previous.body.isOwner, false);
    assert.equal(previous.body.accessLevel, 'administrator');
    const owner = await api<{ userId: string }>('GET', `${org}/owner`, { token: a.key });
    assert.equal(owner.body.userId, heir.id);

    // Guessing an account's password through PUT owner locks that login like failed logins do.
    const target = await addUser(a.orgId, a.key, 'user');
    const guesses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await api('PUT', `${org}/owner`, {
        token: a.key,
        body: { login: target.login, password: `Догадка-номер-${i}`, fullName: 'Угадайка' },
      });
      guesses.push(res.status);
    }
    assert.deepEqual(guesses, [409, 409, 409, 409, 429, 429]);
    const locked = await api('POST', '/v1/auth/login', { body: { login: target.login, password: PASSWORD } });
    expectError(locked, 429, 'account_locked');

    // The connection history shows the tenant's logins, failures included.
    const history = await api<{ items: { userId: string; result: string }[] }>(
      'GET',
      `${org}/connection-history`,
      {
        token: a.key,
      },
    );
    assert.equal(history.status, 200);
    const results = history.body.items.filter((e) => e.userId === person.id).map((e) => e.result);
    assert.ok(results.includes('success'), JSON.stringify(results));
    assert.ok(results.includes('invalid_credentials'), JSON.stringify(results));
  });
});
