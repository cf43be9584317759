import type { Payload, PayloadCodec } from '@temporalio/common';
import { METADATA_ENCODING_KEY } from '@temporalio/common';
import { createHash } from 'node:crypto';
import { openBytes, sealBytes } from '../crypto/aes-gcm.ts';

const ENCODING = 'binary/encrypted';
const KEY_ID_METADATA = 'encryption-key-id';

const text = new TextEncoder();
const fromText = new TextDecoder();

type JsonPayload = { metadata: Record<string, string>; data: string };

// The whole payload, metadata included, is sealed: the encoding says nothing about the contents.
const toJson = (payload: Payload): JsonPayload => ({
  metadata: Object.fromEntries(
    Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')]),
  ),
  data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64'),
});
const fromJson = (json: JsonPayload): Payload => ({
  metadata: Object.fromEntries(
    Object.entries(json.metadata).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))]),
  ),
  data: new Uint8Array(Buffer.from(json.data, 'base64')),
});

/** The 32-byte AES key: a base64 key of exactly 32 bytes is used as is, anything else is hashed. */
export function deriveKey(secret: string): Buffer {
  const decoded = Buffer.from(secret, 'base64');
  return decoded.length === 32 && decoded.toString('base64') === secret
    ? decoded
    : createHash('sha256').update(secret).digest();
}

export interface EncryptionCodecOptions {
  /** Encrypts new payloads. */
  key: string;
  keyId: string;
  /** Older keys, by id, still able to decrypt history written before a rotation. */
  previousKeys?: Record<string, string>;
}

/**
 * Encrypts every payload (workflow inputs, results, signals, activity arguments) with AES-256-GCM,
 * so the names, phones and e-mails a process carries are unreadable in Temporal's database and UI
 * without the key. The key id travels in the metadata, so keys can be rotated.
 */
export class EncryptionCodec implements PayloadCodec {
  readonly #keyId: string;
  readonly #keys: Map<string, Buffer>;

  constructor(options: EncryptionCodecOptions) {
    this.#keyId = options.keyId;
    this.#keys = new Map(Object.entries(options.previousKeys ?? {}).map(([id, key]) => [id, deriveKey(key)]));
    this.#keys.set(options.keyId, deriveKey(options.key));
  }

  encode(payloads: Payload[]): Promise<Payload[]> {
    const key = this.#keys.get(this.#keyId)!;
    return Promise.resolve().then(() =>
      payloads.map((payload) => {
        const sealed = sealBytes(key, text.encode(JSON.stringify(toJson(payload))));
        return {
          metadata: {
            [METADATA_ENCODING_KEY]: text.encode(ENCODING),
            [KEY_ID_METADATA]: text.encode(this.#keyId),
          },
          data: sealed,
        };
      }),
    );
  }

  decode(payloads: Payload[]): Promise<Payload[]> {
    // A bad payload rejects the promise rather than throwing at the caller.
    return Promise.resolve().then(() =>
      payloads.map((payload) => {
        const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
        if (!encoding || fromText.decode(encoding) !== ENCODING) return payload;
        const keyIdBytes = payload.metadata?.[KEY_ID_METADATA];
        const keyId = keyIdBytes ? fromText.decode(keyIdBytes) : '';
        const key = this.#keys.get(keyId);
        if (!key) throw new Error(`no payload key with id "${keyId}" is configured`);
        const plain = openBytes(key, payload.data ?? new Uint8Array());
        return fromJson(JSON.parse(fromText.decode(plain)) as JsonPayload);
      }),
    );
  }
}
