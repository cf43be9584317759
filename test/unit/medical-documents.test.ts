import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  cycleFor,
  isCalendarDate,
  parseDocumentNumber,
  type DocumentNumberField,
  type DocumentNumberInput,
  type MedicalDocumentKind,
} from '../../domain/medical-documents.ts';

describe('parseDocumentNumber: accepted spellings', () => {
  const cases: Array<[MedicalDocumentKind, DocumentNumberInput, series: string, number: string]> = [
    // Specialist certificate: 13 digits = series 6 + number 7.
    ['specialist_certificate', { fullNumber: '0177180123456' }, '017718', '0123456'],
    ['specialist_certificate', { fullNumber: '017718 0123456' }, '017718', '0123456'],
    ['specialist_certificate', { fullNumber: ' 017718-0123456 ' }, '017718', '0123456'],
    ['specialist_certificate', { fullNumber: '0177\u00a018 0123 456' }, '017718', '0123456'],
    ['specialist_certificate', { series: '017718', number: '0123456' }, '017718', '0123456'],
    ['specialist_certificate', { series: '01 77 18', number: '012-34-56' }, '017718', '0123456'],
    ['specialist_certificate', { series: '017718', number: '0123456', fullNumber: '' }, '017718', '0123456'],
    // Accreditation: 12 digits = series 4 + number 8.
    ['accreditation', { fullNumber: '772412345678' }, '7724', '12345678'],
    ['accreditation', { fullNumber: '7724 12345678' }, '7724', '12345678'],
    ['accreditation', { fullNumber: '7724-1234-5678' }, '7724', '12345678'],
    ['accreditation', { series: '7724', number: '12345678' }, '7724', '12345678'],
    ['accreditation', { series: ' 7724 ', number: '1234 5678' }, '7724', '12345678'],
    ['accreditation', { series: '0000', number: '00000001' }, '0000', '00000001'],
    ['accreditation', { fullNumber: '772412345678', series: ' ', number: '' }, '7724', '12345678'],
  ];
  for (const [kind, input, series, number] of cases) {
    it(`${kind} ${JSON.stringify(input)} → ${series} ${number}`, () => {
      assert.deepEqual(parseDocumentNumber(kind, input), {
        ok: true,
        series,
        number,
        fullNumber: series + number,
      });
    });
  }
});

describe('parseDocumentNumber: rejected, naming the field', () => {
  const cases: Array<[MedicalDocumentKind, DocumentNumberInput, fields: DocumentNumberField[], why: string]> =
    [
      ['specialist_certificate', { fullNumber: '017718012345' }, ['fullNumber'], '12 digits'],
      ['specialist_certificate', { fullNumber: '01771801234567' }, ['fullNumber'], '14 digits'],
      [
        'accreditation',
        { fullNumber: '0177180123456' },
        ['fullNumber'],
        'a certificate number as accreditation',
      ],
      ['accreditation', { fullNumber: '77241234567' }, ['fullNumber'], '11 digits'],
      ['accreditation', { fullNumber: '7724 1234567A' }, ['fullNumber'], 'a letter'],
      ['accreditation', { fullNumber: '7724.12345678' }, ['fullNumber'], 'a dot'],
      ['accreditation', { fullNumber: '７７２４１２３４５６７８' }, ['fullNumber'], 'full-width digits'],
      ['accreditation', { fullNumber: '772412345678', series: '7724' }, ['fullNumber'], 'both ways at once'],
      ['accreditation', { series: '772', number: '12345678' }, ['series'], 'series of 3'],
      ['accreditation', { series: '77245', number: '12345678' }, ['series'], 'series of 5'],
      ['accreditation', { series: '7724', number: '1234567' }, ['number'], 'number of 7'],
      ['accreditation', { series: '7724', number: '123456789' }, ['number'], 'number of 9'],
      ['accreditation', { series: '77A4', number: '12345678' }, ['series'], 'a letter in the series'],
      ['accreditation', { series: '7724', number: '№12345678' }, ['number'], 'a № sign'],
      ['accreditation', { series: '7724' }, ['number'], 'no number'],
      ['accreditation', { number: '12345678' }, ['series'], 'no series'],
      ['accreditation', {}, ['series', 'number'], 'nothing'],
      ['accreditation', { series: '  ', number: '' }, ['series', 'number'], 'blanks'],
      ['accreditation', { series: '1', number: '2' }, ['series', 'number'], 'both too short'],
      [
        'specialist_certificate',
        { series: '7724', number: '12345678' },
        ['series', 'number'],
        'accreditation parts',
      ],
      ['specialist_certificate', { series: '017718', number: '012345' }, ['number'], 'number of 6'],
      ['specialist_certificate', { series: '0177181', number: '0123456' }, ['series'], 'series of 7'],
    ];
  for (const [kind, input, fields, why] of cases) {
    it(`${kind} ${JSON.stringify(input)} (${why}) → ${fields.join(', ')}`, () => {
      const result = parseDocumentNumber(kind, input);
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.deepEqual(
        result.errors.map((e) => e.field),
        fields,
      );
      for (const error of result.errors) assert.match(error.message, /[а-яё]/i, 'the reason is in Russian');
    });
  }

  it('says how many digits are wanted and how many came', () => {
    const result = parseDocumentNumber('accreditation', { series: '7724', number: '1234567' });
    assert.ok(!result.ok);
    assert.match(result.errors[0]!.message, /8 цифр.*указано 7/);
  });
});

describe('isCalendarDate', () => {
  const cases: Array<[string, boolean]> = [
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2000-02-29', true],
    ['1900-02-29', false],
    ['2024-04-31', false],
    ['2024-12-31', true],
    ['2024-13-01', false],
    ['2024-00-10', false],
    ['2024-1-5', false],
    ['24-01-05', false],
    ['2024-01-05T00:00:00Z', false],
    ['', false],
  ];
  for (const [value, valid] of cases)
    it(`${JSON.stringify(value)} → ${valid}`, () => assert.equal(isCalendarDate(value), valid));
});

describe('cycleFor: five whole years, ending the day before the fifth anniversary', () => {
  const cases: Array<[issuedOn: string, endsOn: string]> = [
    ['2024-01-15', '2029-01-14'],
    ['2024-01-01', '2028-12-31'],
    ['2023-12-31', '2028-12-30'],
    ['2024-03-01', '2029-02-28'],
    ['2023-03-01', '2028-02-29'], // the cycle takes in a 29 February of its last year
    ['2024-02-29', '2029-02-28'], // no 29 February in 2029: the anniversary is 1 March
    ['2020-02-29', '2025-02-28'],
    ['2024-02-28', '2029-02-27'],
    ['2095-02-28', '2100-02-27'], // 2100 is not a leap year
    ['2096-02-29', '2101-02-28'],
  ];
  for (const [issuedOn, endsOn] of cases) {
    it(`${issuedOn} → ${endsOn}`, () => assert.deepEqual(cycleFor(issuedOn), { startsOn: issuedOn, endsOn }));
  }

  it('refuses what is not a date', () => assert.throws(() => cycleFor('2023-02-29'), RangeError));
});
