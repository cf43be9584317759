/**
 * The documents that admit a medical specialist to practice (PRODUCT.md §7) and the five-year
 * continuing-education cycle each of them opens.
 *
 * - сертификат специалиста: 13 digits, series = the first 6, number = the last 7;
 * - свидетельство об аккредитации специалиста: 12 digits, series = the first 4, number = the last 8.
 */

export type MedicalDocumentKind = 'specialist_certificate' | 'accreditation';

interface DocumentFormat {
  seriesDigits: number;
  numberDigits: number;
  /** How the document is called in messages: "серия <name>". */
  genitive: string;
}

export const DOCUMENT_FORMATS: Readonly<Record<MedicalDocumentKind, DocumentFormat>> = {
  specialist_certificate: { seriesDigits: 6, numberDigits: 7, genitive: 'сертификата специалиста' },
  accreditation: { seriesDigits: 4, numberDigits: 8, genitive: 'свидетельства об аккредитации' },
};

export interface DocumentNumberInput {
  series?: string | undefined;
  number?: string | undefined;
  /** Series and number written together, as printed: "0177 18012345". */
  fullNumber?: string | undefined;
}

export type DocumentNumberField = 'series' | 'number' | 'fullNumber';
export interface DocumentNumberError {
  field: DocumentNumberField;
  message: string;
}

export type DocumentNumber = { series: string; number: string; fullNumber: string };
export type DocumentNumberResult =
  ({ ok: true } & DocumentNumber) | { ok: false; errors: DocumentNumberError[] };

/** Spaces (also non-breaking) and hyphens people type between groups of digits. */
const SEPARATORS = /[\s\u00a0-]/g;

const present = (value: string | undefined): value is string => value !== undefined && value.trim() !== '';

/**
 * Reads a document's series and number from either the full number or the two parts; every error
 * names the field it is about and says, in Russian, what is wrong.
 */
export function parseDocumentNumber(
  kind: MedicalDocumentKind,
  input: DocumentNumberInput,
): DocumentNumberResult {
  const format = DOCUMENT_FORMATS[kind];
  const totalDigits = format.seriesDigits + format.numberDigits;
  const hasParts = present(input.series) || present(input.number);

  if (present(input.fullNumber)) {
    if (hasParts) {
      return fail(
        'fullNumber',
        'укажите либо полный номер, либо серию и номер по отдельности, но не всё сразу',
      );
    }
    const digits = digitsOf(input.fullNumber);
    if (digits === undefined)
      return fail('fullNumber', 'номер может содержать только цифры, пробелы и дефисы');
    if (digits.length !== totalDigits) {
      return fail(
        'fullNumber',
        `номер ${format.genitive} — ${totalDigits} цифр (${format.seriesDigits} цифр серии и ` +
          `${format.numberDigits} цифр номера), а указано ${digits.length}`,
      );
    }
    return ok(digits.slice(0, format.seriesDigits), digits.slice(format.seriesDigits));
  }

  const errors: DocumentNumberError[] = [];
  const series = part('series', input.series, format.seriesDigits, `серия ${format.genitive}`, errors);
  const number = part('number', input.number, format.numberDigits, `номер ${format.genitive}`, errors);
  if (errors.length > 0 || series === undefined || number === undefined) return { ok: false, errors };
  return ok(series, number);
}

function part(
  field: 'series' | 'number',
  value: string | undefined,
  expected: number,
  what: string,
  errors: DocumentNumberError[],
): string | undefined {
  if (!present(value)) {
    errors.push({ field, message: `укажите: ${what} — ${expected} цифр (или полный номер в fullNumber)` });
    return undefined;
  }
  const digits = digitsOf(value);
  if (digits === undefined) {
    errors.push({ field, message: `${what} может содержать только цифры, пробелы и дефисы` });
    return undefined;
  }
  if (digits.length !== expected) {
    errors.push({ field, message: `${what} — ${expected} цифр, а указано ${digits.length}` });
    return undefined;
  }
  return digits;
}

function digitsOf(value: string): string | undefined {
  const stripped = value.replace(SEPARATORS, '');
  return /^\d+$/.test(stripped) ? stripped : undefined;
}

const ok = (series: string, number: string): DocumentNumberResult => ({
  ok: true,
  series,
  number,
  fullNumber: series + number,
});

const fail = (field: DocumentNumberField, message: string): DocumentNumberResult => ({
  ok: false,
  errors: [{ field, message }],
});

// ---- Five-year cycles ----

const CYCLE_YEARS = 5;

/** True for a real calendar date written YYYY-MM-DD (no 2023-02-29, no 2024-13-01). */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * The cycle a document opens: it starts on the document's date and lasts five whole years, so it
 * ends on the day before the fifth anniversary (2024-01-15 → 2029-01-14). A document of 29 February
 * has no anniversary in the (never leap) fifth year; the anniversary is then 1 March and the cycle
 * ends on 28 February (2024-02-29 → 2029-02-28): five full years, no day lost or added.
 */
export function cycleFor(issuedOn: string): { startsOn: string; endsOn: string } {
  if (!isCalendarDate(issuedOn)) throw new RangeError(`not a calendar date: ${issuedOn}`);
  const [year, month, day] = issuedOn.split('-').map(Number) as [number, number, number];
  // Date.UTC rolls 29 February of a common year over to 1 March, which is the anniversary we want.
  const anniversary = Date.UTC(year + CYCLE_YEARS, month - 1, day);
  const lastDay = new Date(anniversary - 24 * 3600_000);
  return { startsOn: issuedOn, endsOn: lastDay.toISOString().slice(0, 10) };
}
