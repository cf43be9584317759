/** The signed application's scan: a PDF, JPEG or PNG of at most this size. */
export const MAX_SCAN_BYTES = 10 * 1024 * 1024;

export type ScanContentType = 'application/pdf' | 'image/jpeg' | 'image/png';

const SIGNATURES: ReadonlyArray<[ScanContentType, number[]]> = [
  ['application/pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]], // %PDF-
  ['image/jpeg', [0xff, 0xd8, 0xff]],
  ['image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
];

/**
 * What the file really is, from its first bytes (the declared type and the name are the sender's
 * claim, not a fact); null for anything that is not a PDF, JPEG or PNG.
 */
export function detectScanType(bytes: Uint8Array): ScanContentType | null {
  for (const [type, magic] of SIGNATURES) {
    if (bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b)) return type;
  }
  return null;
}
