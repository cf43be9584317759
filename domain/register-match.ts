/**
 * Whether what a specialist says about a document agrees with the federal register (ФРМР). A document
 * found under another person's name confirms nothing; the reasons are in Russian, for the specialist.
 */

export interface DocumentClaim {
  fullName: string;
  specialty: string;
  /** YYYY-MM-DD */
  issuedOn: string;
}

export interface RegisterEntry {
  fullName: string;
  specialty: string;
  issuedOn?: string | undefined;
}

/** Case, ё/е and spacing differ between how people type a name and how the register prints it. */
export function normalizeForComparison(text: string): string {
  return text
    .toLocaleLowerCase('ru')
    .replace(/ё/g, 'е')
    .replace(/[\s\u00a0]+/g, ' ')
    .trim();
}

/** Undefined when the register agrees; otherwise why not. */
export function registerMismatch(claim: DocumentClaim, entry: RegisterEntry): string | undefined {
  // Another person's document: say nothing about its specialty or date.
  if (normalizeForComparison(claim.fullName) !== normalizeForComparison(entry.fullName)) {
    return 'Документ найден в ФРМР, но выдан на другие ФИО';
  }
  if (normalizeForComparison(claim.specialty) !== normalizeForComparison(entry.specialty)) {
    return `В ФРМР документ выдан по специальности «${entry.specialty}», а указана «${claim.specialty}»`;
  }
  if (entry.issuedOn !== undefined && entry.issuedOn !== claim.issuedOn) {
    return `В ФРМР дата выдачи документа ${entry.issuedOn}, а указана ${claim.issuedOn}`;
  }
  return undefined;
}
