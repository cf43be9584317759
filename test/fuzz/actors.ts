// The callers the fuzz run plays: the operator, an organization's HR system (its API key), a person
// who is logged in (the organization's service administrator, also a specialist), and a provider.
import assert from 'node:assert/strict';
import { createProvider } from '../support/education.ts';
import { PASSWORD, setUpActiveService } from '../support/invitations.ts';
import type { TestSystem } from '../support/system.ts';

export interface Actor {
  name: string;
  token: string;
  pathParameters: Record<string, string>;
  /** Operations left out for this caller: those that would end its own session mid-run. */
  excludeOperationIds?: string[];
}

export async function setUpActors(system: TestSystem): Promise<Actor[]> {
  const org = await setUpActiveService(system, `fuzz-${Date.now().toString(36)}`);
  const login = await org.api<{ token: string }>('POST', '/v1/auth/login', {
    body: { login: org.adminPhone, password: PASSWORD },
  });
  assert.equal(login.status, 200, JSON.stringify(login.body));
  const specialist = await org.api('POST', '/v1/me/specialist', {
    token: login.body.token,
    body: { fullName: 'Петрова Анна Сергеевна' },
  });
  assert.ok([200, 201].includes(specialist.status), JSON.stringify(specialist.body));
  const provider = await createProvider(system);
  const inOrganization = { orgId: org.orgId };
  // In this order: each caller can only harm those fuzzed before it (the operator rotates provider
  // keys, an organization key ends its members' sessions), never one still to come.
  return [
    { name: 'provider', token: provider.key, pathParameters: {} },
    { name: 'person', token: login.body.token, pathParameters: inOrganization, excludeOperationIds: ['logOut', 'endMySession'] },
    { name: 'organization-key', token: org.key, pathParameters: inOrganization },
    { name: 'operator', token: system.operatorToken, pathParameters: inOrganization },
  ];
}
