import type { DataConverter } from '@temporalio/common';
import type { Env } from '../../config/env.ts';
import { EncryptionCodec } from './encryption-codec.ts';

type CodecEnv = Partial<
  Pick<Env, 'PAYLOAD_ENCRYPTION_KEY' | 'PAYLOAD_ENCRYPTION_KEY_ID' | 'PAYLOAD_ENCRYPTION_PREVIOUS_KEYS'>
>;

/** "k0:secret,k00:other" → { k0: 'secret', k00: 'other' } (a key may itself contain colons). */
function parsePreviousKeys(list: string | undefined): Record<string, string> {
  const entries = (list ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      const colon = item.indexOf(':');
      if (colon <= 0) throw new Error('PAYLOAD_ENCRYPTION_PREVIOUS_KEYS: expected "id:key" items');
      return [item.slice(0, colon), item.slice(colon + 1)] as const;
    });
  return Object.fromEntries(entries);
}

/** The payload codec every client and worker of one deployment shares, or null when none is configured. */
export function payloadCodecFor(env: CodecEnv): EncryptionCodec | null {
  if (!env.PAYLOAD_ENCRYPTION_KEY) return null;
  return new EncryptionCodec({
    key: env.PAYLOAD_ENCRYPTION_KEY,
    keyId: env.PAYLOAD_ENCRYPTION_KEY_ID ?? 'k1',
    previousKeys: parsePreviousKeys(env.PAYLOAD_ENCRYPTION_PREVIOUS_KEYS),
  });
}

/** Client and worker options: `{ dataConverter }` with the codec, or nothing. */
export function dataConverterFor(env: CodecEnv): { dataConverter?: DataConverter } {
  const codec = payloadCodecFor(env);
  return codec ? { dataConverter: { payloadCodecs: [codec] } } : {};
}
