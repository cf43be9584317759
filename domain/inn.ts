/**
 * ИНН, the Russian taxpayer number (PRODUCT.md §6, §8): 10 digits for a company, 12 for a person
 * (including sole proprietors). Only the bare digits are accepted, trimmed: INNs are not written with
 * separators, so anything else is more likely a different number pasted by mistake.
 * Beyond the checksums: the first two digits are a region code (01–99), so "00…" is rejected.
 */

export type InnKind = 'company' | 'person';

export type InnErrorCode = 'format' | 'region' | 'checksum';

export type InnCheck =
  { ok: true; inn: string; kind: InnKind } | { ok: false; code: InnErrorCode; reason: string };

const WEIGHTS_10 = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const WEIGHTS_11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const WEIGHTS_12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

/** (Σ weight·digit mod 11) mod 10 over the leading digits, as many as there are weights. */
function checkDigit(digits: string, weights: readonly number[]): number {
  let sum = 0;
  weights.forEach((weight, i) => (sum += weight * Number(digits[i])));
  return (sum % 11) % 10;
}

function checksumMatches(inn: string): boolean {
  if (inn.length === 10) return checkDigit(inn, WEIGHTS_10) === Number(inn[9]);
  return checkDigit(inn, WEIGHTS_11) === Number(inn[10]) && checkDigit(inn, WEIGHTS_12) === Number(inn[11]);
}

export function checkInn(input: string): InnCheck {
  const inn = input.trim();
  if (!/^(?:\d{10}|\d{12})$/.test(inn)) {
    return {
      ok: false,
      code: 'format',
      reason: 'ИНН должен состоять из 10 цифр (организация) или 12 цифр (физическое лицо).',
    };
  }
  if (inn.startsWith('00')) return { ok: false, code: 'region', reason: 'ИНН не может начинаться с 00.' };
  if (!checksumMatches(inn)) {
    return { ok: false, code: 'checksum', reason: 'Неверный ИНН: контрольное число не совпадает.' };
  }
  return { ok: true, inn, kind: inn.length === 10 ? 'company' : 'person' };
}

/** The kind of a valid INN, or null: truthy exactly when the INN is valid. */
export function isValidInn(input: string): InnKind | null {
  const check = checkInn(input);
  return check.ok ? check.kind : null;
}
