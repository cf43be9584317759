import type { EntityManager } from '@mikro-orm/postgresql';
import { formatSnils, normalizeSnils } from '../domain/snils.ts';

/** Everything the application document shows, read in one query. */
export interface ApplicationDocumentRow {
  id: string;
  status: string;
  form: Record<string, unknown>;
  fullName: string;
  snils: string | null;
  documentKind: 'specialist_certificate' | 'accreditation';
  series: string;
  number: string;
  issuedOn: string;
  specialty: string;
  programmeTitle: string;
  credits: number;
  startsOn: string;
  endsOn: string;
  providerName: string;
}

export async function loadApplicationDocumentRow(
  em: EntityManager,
  applicationId: string,
): Promise<ApplicationDocumentRow | undefined> {
  const [row] = await em.execute<ApplicationDocumentRow[]>(
    `select a.id, a.status, a.form, s.full_name as "fullName", s.snils,
            d.kind as "documentKind", d.series, d.number, d.issued_on::text as "issuedOn", c.specialty,
            e.title as "programmeTitle", e.credits, pc.starts_on::text as "startsOn",
            pc.ends_on::text as "endsOn", p.name as "providerName"
     from training_applications a
     join specialists s on s.id = a.specialist_id
     join cycles c on c.id = a.cycle_id
     join specialist_documents d on d.id = c.document_id
     join programme_cycles pc on pc.id = a.programme_cycle_id
     join catalog_elements e on e.id = pc.element_id
     join providers p on p.id = e.provider_id
     where a.id = ?`,
    [applicationId],
  );
  return row;
}

const DOCUMENT_KINDS = {
  specialist_certificate: 'Сертификат специалиста',
  accreditation: 'Свидетельство об аккредитации специалиста',
} as const;

/** '2024-01-15' → '15.01.2024', as Russian documents write dates. */
export const russianDate = (isoDate: string): string => isoDate.split('-').reverse().join('.');

/** 'Иванов Иван Иванович' → 'Иванов И. И.', for the signature line. */
export function shortName(fullName: string): string {
  const [surname, ...rest] = fullName.trim().split(/\s+/);
  return [surname, ...rest.map((part) => `${part[0]}.`)].join(' ');
}

/** As people write a SNILS ('112-233-445 95'); anything not a valid one is shown as it was stored. */
function showSnils(snils: string): string {
  const digits = normalizeSnils(snils);
  return digits ? formatSnils(digits) : snils;
}

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() ? value.trim() : null;

/** The data of `templates/documents/training-application.hbs` (every key present: the template is strict). */
export function applicationDocumentData(
  row: ApplicationDocumentRow,
  formedOn: string,
): Record<string, unknown> {
  const snils = row.snils ?? text(row.form.snils);
  return {
    applicationId: row.id,
    formedOn: russianDate(formedOn),
    provider: { name: row.providerName },
    programme: {
      title: row.programmeTitle,
      credits: row.credits,
      startsOn: russianDate(row.startsOn),
      endsOn: russianDate(row.endsOn),
    },
    specialist: {
      fullName: row.fullName,
      shortName: shortName(row.fullName),
      snils: snils && showSnils(snils),
    },
    document: {
      kind: DOCUMENT_KINDS[row.documentKind],
      series: row.series,
      number: row.number,
      issuedOn: russianDate(row.issuedOn),
    },
    specialty: row.specialty,
    form: {
      workplace: text(row.form.workplace),
      position: text(row.form.position),
      phone: text(row.form.phone),
      email: text(row.form.email),
      education: text(row.form.education),
      comment: text(row.form.comment),
    },
  };
}
