// Secret messages (codes, links) are stored sealed: AES-256-GCM under a key derived from
// KABINET_SECRET (HKDF-SHA256), so a database dump alone does not reveal them. Layout: 12-byte IV,
// 16-byte tag, ciphertext. The outbox id is the associated data: a sealed blob cannot be moved to
// another row.
import { keyFromSecret, openBytes, sealBytes } from '../../integrations/crypto/aes-gcm.ts';

export interface SealedContent {
  subject?: string | null;
  text: string;
  html?: string | null;
}

const PURPOSE = 'outbox sealed content v1';

export function sealContent(secret: string, messageId: string, content: SealedContent): Buffer {
  return sealBytes(keyFromSecret(secret, PURPOSE), Buffer.from(JSON.stringify(content), 'utf8'), messageId);
}

/** Throws when the blob was tampered with, belongs to another row, or another secret sealed it. */
export function openSealed(secret: string, messageId: string, sealed: Uint8Array): SealedContent {
  return JSON.parse(
    openBytes(keyFromSecret(secret, PURPOSE), sealed, messageId).toString('utf8'),
  ) as SealedContent;
}
