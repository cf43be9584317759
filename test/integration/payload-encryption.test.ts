import assert from 'node:assert/strict';
import { Client } from '@temporalio/client';
import { after, before, describe, it } from 'node:test';
import { eventually, setUpOrganization } from '../support/flow.ts';
import { startTestSystem, type TestSystem } from '../support/system.ts';

type RawPayload = { metadata?: Record<string, Uint8Array> | null; data?: Uint8Array | null };

/** Every payload in a history but search attributes: inputs, results, activity arguments, markers. */
function collectPayloads(node: unknown, found: RawPayload[] = []): RawPayload[] {
  if (Array.isArray(node)) for (const item of node) collectPayloads(item, found);
  else if (node && typeof node === 'object' && !(node instanceof Uint8Array)) {
    const record = node as Record<string, unknown>;
    if ('metadata' in record && record.data instanceof Uint8Array) found.push(record);
    else {
      for (const [key, value] of Object.entries(record)) {
        // Search attributes are indexed by the server, so they are never encoded (by design).
        if (key !== 'searchAttributes') collectPayloads(value, found);
      }
    }
  }
  return found;
}

describe('payload encryption (PAYLOAD_ENCRYPTION_KEY)', () => {
  let system: TestSystem;
  before(async () => {
    system = await startTestSystem({ payloadEncryptionKey: 'payload-key-for-this-test-run' });
  });
  after(async () => system?.close());

  it('keeps process payloads unreadable without the key, while the system works as usual', async () => {
    const { api, orgId, key, adminId } = await setUpOrganization(system);
    const connect = await api<{ workflowId: string }>('POST', `/v1/organizations/${orgId}/service/connect`, {
      token: key,
      body: { serviceName: 'Кабинет', slug: `enc-${orgId.slice(0, 8)}`, adminEmployeeId: adminId },
    });
    assert.equal(connect.status, 202);
    await eventually(async () => {
      const res = await api<{ status: string }>('GET', `/v1/organizations/${orgId}/service`, { token: key });
      return res.body.status === 'awaiting_admin' ? true : undefined;
    }, 'the onboarding process running on encrypted payloads');

    // A client without the codec sees only sealed payloads in the history.
    const plain = new Client({ connection: system.temporal.connection, namespace: 'default' });
    const history = await plain.workflow.getHandle(connect.body.workflowId).fetchHistory();
    // Ids stay visible where operators search by them (workflow id, search attributes); payloads do not.
    const payloads = collectPayloads(history);
    assert.ok(
      payloads.length >= 3,
      `inputs and activity arguments/results are payloads (${payloads.length})`,
    );
    for (const payload of payloads) {
      assert.equal(Buffer.from(payload.metadata?.encoding ?? []).toString(), 'binary/encrypted');
      assert.ok(!Buffer.from(payload.data ?? []).includes(Buffer.from(orgId)));
    }
    const input = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    assert.equal(Buffer.from(input?.metadata?.encoding ?? []).toString(), 'binary/encrypted');

    // The operator decodes it through the codec endpoint (what the Web UI and CLI call).
    const body = {
      payloads: [
        {
          metadata: Object.fromEntries(
            Object.entries(input!.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
          ),
          data: Buffer.from(input!.data!).toString('base64'),
        },
      ],
    };
    const anonymous = await api('POST', '/v1/operator/codec/decode', { body });
    assert.equal(anonymous.status, 401);
    const notOperator = await api('POST', '/v1/operator/codec/decode', { token: key, body });
    assert.equal(notOperator.status, 403);
    const decoded = await api<{ payloads: { metadata: Record<string, string>; data: string }[] }>(
      'POST',
      '/v1/operator/codec/decode',
      { token: system.operatorToken, body },
    );
    assert.equal(decoded.status, 200, JSON.stringify(decoded.body));
    const [first] = decoded.body.payloads;
    assert.equal(Buffer.from(first!.metadata.encoding!, 'base64').toString(), 'json/plain');
    assert.equal(
      (JSON.parse(Buffer.from(first!.data, 'base64').toString()) as { organizationId: string })
        .organizationId,
      orgId,
    );
  });
});
