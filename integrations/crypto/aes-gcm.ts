// AES-256-GCM sealing shared by everything kabinet keeps encrypted: outbox secrets, OIDC PKCE
// verifiers, Temporal payloads. Layout: 12-byte IV, 16-byte tag, ciphertext. Optional associated
// data binds a blob to its place (e.g. an outbox id), so it cannot be moved elsewhere.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;

export function sealBytes(key: Buffer, plain: Uint8Array, associatedData?: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  if (associatedData !== undefined) cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const encrypted = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), encrypted]);
}

/** Throws when the blob was tampered with, is bound to other data, or another key sealed it. */
export function openBytes(key: Buffer, sealed: Uint8Array, associatedData?: string): Buffer {
  const blob = Buffer.from(sealed);
  const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(0, IV_BYTES));
  if (associatedData !== undefined) decipher.setAAD(Buffer.from(associatedData, 'utf8'));
  decipher.setAuthTag(blob.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(blob.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
}

const derived = new Map<string, Buffer>();
/** A 32-byte key for one purpose, derived from KABINET_SECRET (HKDF-SHA256), computed once. */
export function keyFromSecret(secret: string, purpose: string): Buffer {
  const cacheKey = `${purpose}\0${secret}`;
  let key = derived.get(cacheKey);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', secret, 'kabinet', purpose, 32));
    derived.set(cacheKey, key);
  }
  return key;
}
