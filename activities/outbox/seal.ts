// Secret messages (codes, links) are stored sealed: AES-256-GCM under a key derived from
// KABINET_SECRET (HKDF-SHA256), so a database dump alone does not reveal them. Layout: 12-byte IV,
// 16-byte tag, ciphertext. The outbox id is the associated data: a sealed blob cannot be moved to
// another row.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

export interface SealedContent {
  subject?: string | null;
  text: string;
  html?: string | null;
}

const keys = new Map<string, Buffer>();
function keyFor(secret: string): Buffer {
  let key = keys.get(secret);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', secret, 'kabinet', 'outbox sealed content v1', 32));
    keys.set(secret, key);
  }
  return key;
}

export function sealContent(secret: string, messageId: string, content: SealedContent): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(secret), iv);
  cipher.setAAD(Buffer.from(messageId, 'utf8'));
  const encrypted = Buffer.concat([cipher.update(JSON.stringify(content), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), encrypted]);
}

/** Throws when the blob was tampered with, belongs to another row, or another secret sealed it. */
export function openSealed(secret: string, messageId: string, sealed: Uint8Array): SealedContent {
  const blob = Buffer.from(sealed);
  const decipher = createDecipheriv('aes-256-gcm', keyFor(secret), blob.subarray(0, 12));
  decipher.setAAD(Buffer.from(messageId, 'utf8'));
  decipher.setAuthTag(blob.subarray(12, 28));
  const text = Buffer.concat([decipher.update(blob.subarray(28)), decipher.final()]).toString('utf8');
  return JSON.parse(text) as SealedContent;
}
