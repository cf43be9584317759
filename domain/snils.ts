/**
 * СНИЛС, the Russian individual insurance account number (PRODUCT.md §8): 9 digits of number and 2
 * check digits, usually written "112-233-445 95".
 */

/** Numbers up to 001-001-998 were issued before the check number was introduced. */
const LAST_UNCHECKED_NUMBER = 1_001_998;

/** Digits with the separators people actually type (spaces, non-breaking spaces, hyphens); nothing else. */
const SPELLING = /^[\d\s\u00a0-]+$/;

/** The check number of the first nine digits: Σ d[i]·(9−i) mod 101 mod 100 (so sums 100 and 101 give 00). */
export function snilsCheckNumber(nineDigits: string): number {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(nineDigits[i]) * (9 - i);
  return (sum % 101) % 100;
}

/** Returns the 11 bare digits of a valid SNILS in any common spelling, or null. */
export function normalizeSnils(input: string): string | null {
  if (!SPELLING.test(input)) return null;
  const digits = input.replace(/\D/g, '');
  if (digits.length !== 11) return null;

  const number = digits.slice(0, 9);
  if (Number(number) <= LAST_UNCHECKED_NUMBER) return digits;
  return snilsCheckNumber(number) === Number(digits.slice(9)) ? digits : null;
}

export function isValidSnils(input: string): boolean {
  return normalizeSnils(input) !== null;
}

/** '11223344595' → '112-233-445 95', the way it is printed on the card. */
export function formatSnils(digits: string): string {
  return `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6, 9)} ${digits.slice(9, 11)}`;
}
