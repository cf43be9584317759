/**
 * Russian mobile phone numbers (PRODUCT.md §8): every common spelling of one number maps to a single
 * stored form, +79XXXXXXXXX, so lookups by phone and de-duplication work whatever the HR system sent.
 */

const STORED_MOBILE = /^\+79\d{9}$/;

/**
 * Strips everything but digits; 11 digits starting with 7 or 8 become 7…, 10 digits starting with 9 get
 * a leading 7; only ^79\d{9}$ is accepted. Returns "+79XXXXXXXXX" or null.
 *
 * One addition to §8: an explicit international prefix must be +7. "+8 916 …" is not a number anyone
 * can dial (8 is the domestic trunk prefix, never a country code), so it is rejected rather than guessed.
 */
export function normalizeMobilePhone(input: string): string | null {
  const trimmed = input.trim();
  let digits = trimmed.replace(/\D/g, '');
  if (trimmed.startsWith('+') && !digits.startsWith('7')) return null;

  if (digits.length === 11 && (digits.startsWith('7') || digits.startsWith('8'))) {
    digits = `7${digits.slice(1)}`;
  } else if (digits.length === 10 && digits.startsWith('9')) {
    digits = `7${digits}`;
  }
  return /^79\d{9}$/.test(digits) ? `+${digits}` : null;
}

export function isStoredMobilePhone(value: string): boolean {
  return STORED_MOBILE.test(value);
}

/**
 * Hides the middle of a number for logs and pages: '+79161234567' → '+7916***4567'. Anything that is
 * not a valid mobile number is masked completely, so a typo'd number never leaks either.
 */
export function maskPhone(phone: string): string {
  const normalized = normalizeMobilePhone(phone);
  if (normalized === null) return '***';
  return `${normalized.slice(0, 5)}***${normalized.slice(-4)}`;
}
