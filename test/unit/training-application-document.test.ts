import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  applicationDocumentData,
  russianDate,
  shortName,
  type ApplicationDocumentRow,
} from '../../activities/training-application-document.ts';
import { renderTemplate } from '../../templates/render.ts';

const ROW: ApplicationDocumentRow = {
  id: '6f1c2b9e-1d2a-4c1e-9f5b-0a1b2c3d4e5f',
  status: 'draft',
  form: { workplace: 'Поликлиника <№ 1>', position: 'Терапевт', phone: '+79161234567', email: 'a@b.ru' },
  fullName: 'Иванов Иван Иванович',
  snils: null,
  documentKind: 'accreditation',
  series: '1234',
  number: '56789012',
  issuedOn: '2024-01-15',
  specialty: 'Терапия',
  programmeTitle: 'Кардиология',
  credits: 36,
  startsOn: '2025-03-01',
  endsOn: '2025-03-10',
  providerName: 'Академия',
};

describe('application document data', () => {
  it('writes dates as Russian documents do', () => assert.equal(russianDate('2025-03-01'), '01.03.2025'));

  const names: Array<[string, string]> = [
    ['Иванов Иван Иванович', 'Иванов И. И.'],
    ['  Петрова   Анна ', 'Петрова А.'],
    ['Мононим', 'Мононим'],
  ];
  for (const [full, short] of names)
    it(`${full.trim()} → ${short}`, () => assert.equal(shortName(full), short));

  it('takes the SNILS from the form when the profile has none, and formats it', () => {
    const data = applicationDocumentData(
      { ...ROW, form: { ...ROW.form, snils: '11223344595' } },
      '2025-02-01',
    );
    assert.equal((data.specialist as { snils: string }).snils, '112-233-445 95');
  });

  it('renders with every optional field missing, escaping what the specialist typed', () => {
    const html = renderTemplate('documents/training-application', applicationDocumentData(ROW, '2025-02-01'));
    assert.match(html, /Поликлиника &lt;№ 1&gt;/);
    assert.match(html, /СНИЛС<\/th><td>не указан/);
    assert.match(html, /Свидетельство об аккредитации специалиста: серия 1234 № 56789012 от 15.01.2024/);
    assert.match(html, /с 01.03.2025 по 10.03.2025/);
    assert.doesNotMatch(html, /Образование/);
  });
});
