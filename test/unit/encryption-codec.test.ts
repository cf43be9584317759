import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultPayloadConverter } from '@temporalio/common';
import { EncryptionCodec } from '../../integrations/temporal/encryption-codec.ts';

const person = { fullName: 'Петрова Анна Сергеевна', phone: '+79161234567' };
const payload = () => defaultPayloadConverter.toPayload(person);
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');

describe('payload encryption codec', () => {
  const codec = new EncryptionCodec({ key: 'a-long-enough-secret-for-tests', keyId: 'k1' });

  it('round-trips a payload and hides its contents and encoding', async () => {
    const [sealed] = await codec.encode([payload()]);
    assert.equal(text(sealed!.metadata!.encoding), 'binary/encrypted');
    assert.equal(text(sealed!.metadata!['encryption-key-id']), 'k1');
    assert.ok(!text(sealed!.data).includes('+79161234567'));
    assert.ok(!Buffer.from(sealed!.data!).includes(Buffer.from('Петрова')));
    const [opened] = await codec.decode([sealed!]);
    assert.deepEqual(defaultPayloadConverter.fromPayload(opened!), person);
  });

  it('seals the same payload differently each time (a fresh IV)', async () => {
    const [a, b] = await codec.encode([payload(), payload()]);
    assert.notDeepEqual(Buffer.from(a!.data!), Buffer.from(b!.data!));
  });

  it('refuses a tampered payload', async () => {
    const [sealed] = await codec.encode([payload()]);
    const data = Buffer.from(sealed!.data!);
    data[20] = data[20]! ^ 0xff;
    await assert.rejects(codec.decode([{ ...sealed!, data }]));
  });

  it('passes plain payloads through, so histories from before encryption stay readable', async () => {
    const plain = payload();
    assert.deepEqual(await codec.decode([plain]), [plain]);
  });

  it('reads history sealed under a retired key after a rotation, and says which key is missing', async () => {
    const [old] = await codec.encode([payload()]);
    const rotated = new EncryptionCodec({
      key: 'the-next-secret-of-this-deployment',
      keyId: 'k2',
      previousKeys: { k1: 'a-long-enough-secret-for-tests' },
    });
    const [opened] = await rotated.decode([old!]);
    assert.deepEqual(defaultPayloadConverter.fromPayload(opened!), person);
    const [fresh] = await rotated.encode([payload()]);
    assert.equal(text(fresh!.metadata!['encryption-key-id']), 'k2');
    await assert.rejects(codec.decode([fresh!]), /no payload key with id "k2"/);
  });
});
