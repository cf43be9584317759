// The OpenAPI document is the contract: every operation is named, tagged by its area, and documents
// its errors in the one error shape; the idempotent POSTs say so.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createApp } from '../../api/app.ts';
import { API_TAGS } from '../../api/http/openapi-document.ts';
import { envWith } from '../../config/env.ts';
import { createLogger } from '../../config/logger.ts';

type Operation = {
  operationId?: string;
  tags?: string[];
  security?: unknown[];
  parameters?: { name: string; in: string }[];
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
};

async function document() {
  const env = envWith({
    DATABASE_URL: 'postgres://unused@127.0.0.1/unused',
    KABINET_OPERATOR_TOKEN: 'o'.repeat(24),
    KABINET_SECRET: 's'.repeat(24),
  });
  // The document needs no database or Temporal: the request context forks an EntityManager only.
  const orm = { em: { fork: () => ({}) } } as unknown as Parameters<typeof createApp>[0]['orm'];
  const app = createApp({ orm, temporal: {} as never, logger: createLogger('silent'), env });
  const response = await app.request('/openapi.json');
  assert.equal(response.status, 200);
  return (await response.json()) as {
    info: { version: string; description: string };
    tags: { name: string }[];
    paths: Record<string, Record<string, Operation>>;
    components: { securitySchemes: Record<string, unknown> };
  };
}

const operations = (doc: Awaited<ReturnType<typeof document>>) =>
  Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, method, op })),
  );

/** Component names given with `.openapi('Name')` in the API's source, with where each stands. */
function componentNames(): Map<string, string[]> {
  const names = new Map<string, string[]>();
  const root = new URL('../../api/', import.meta.url).pathname;
  for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))) {
    for (const match of readFileSync(join(root, file), 'utf8').matchAll(/\.openapi\(\s*'([A-Z]\w*)'/g)) {
      names.set(match[1]!, [...(names.get(match[1]!) ?? []), file]);
    }
  }
  return names;
}

describe('the OpenAPI document', () => {
  it('gives every component schema a name of its own (the generator keeps one of two with the same name)', () => {
    const shared = [...componentNames()].filter(([, files]) => files.length > 1);
    assert.deepEqual(shared, []);
  });

  it('names every operation once and tags it with one known area', async () => {
    const doc = await document();
    const known = new Set(API_TAGS.map((t) => t.name));
    assert.deepEqual(doc.tags.map((t) => t.name), [...known]);
    const ids = new Map<string, string>();
    const all = operations(doc);
    assert.ok(all.length > 90, `${all.length} operations`);
    for (const { name, op } of all) {
      assert.match(op.operationId ?? '', /^[a-z][A-Za-z0-9]+$/, `${name} has a camelCase operationId`);
      assert.ok(!ids.has(op.operationId!), `${name} and ${ids.get(op.operationId!)} share ${op.operationId}`);
      ids.set(op.operationId!, name);
      assert.equal(op.tags?.length, 1, `${name} has one tag`);
      assert.ok(known.has(op.tags[0]!), `${name}: unknown tag ${op.tags[0]}`);
    }
  });

  it('documents every error status with the error schema, and the plumbing’s own statuses everywhere', async () => {
    for (const { name, op } of operations(await document())) {
      for (const status of ['400', '422', '503']) assert.ok(op.responses[status], `${name} documents ${status}`);
      if (op.security?.length) assert.ok(op.responses['401'], `${name} documents 401`);
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) < 400) continue;
        const schema = response.content?.['application/json']?.schema;
        assert.equal(schema?.$ref, '#/components/schemas/Error', `${name} ${status} uses the error schema`);
      }
    }
  });

  it('documents Idempotency-Key on the POSTs that start processes, and the bearer tokens', async () => {
    const doc = await document();
    const idempotent = operations(doc)
      .filter(({ op }) => op.parameters?.some((p) => p.in === 'header' && p.name === 'idempotency-key'))
      .map(({ name }) => name)
      .sort();
    assert.deepEqual(idempotent, [
      'POST /v1/me/applications',
      'POST /v1/me/documents',
      'POST /v1/operator/verification-runs',
      'POST /v1/organizations',
      'POST /v1/organizations/{orgId}/invitations',
      'POST /v1/organizations/{orgId}/payslips/publications',
      'POST /v1/organizations/{orgId}/service/connect',
    ]);
    assert.ok(doc.components.securitySchemes['bearer']);
    assert.match(doc.info.description, /Idempotency-Key/);
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    assert.equal(doc.info.version, pkg.version);
  });
});
