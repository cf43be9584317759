import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { registerMismatch, type DocumentClaim, type RegisterEntry } from '../../domain/register-match.ts';

const claim: DocumentClaim = {
  fullName: 'Фёдоров Игорь Анатольевич',
  specialty: 'Терапия',
  issuedOn: '2024-01-25',
};

describe('registerMismatch', () => {
  const cases: Array<[why: string, entry: RegisterEntry, reason: RegExp | undefined]> = [
    [
      'the same',
      { fullName: 'Фёдоров Игорь Анатольевич', specialty: 'Терапия', issuedOn: '2024-01-25' },
      undefined,
    ],
    [
      'case, ё and spaces',
      { fullName: ' ФЕДОРОВ  игорь\u00a0анатольевич', specialty: 'терапия ', issuedOn: '2024-01-25' },
      undefined,
    ],
    ['no date in the register', { fullName: 'Фёдоров Игорь Анатольевич', specialty: 'Терапия' }, undefined],
    [
      'another person',
      { fullName: 'Фёдорова Ирина Анатольевна', specialty: 'Хирургия', issuedOn: '2020-01-01' },
      /другие ФИО/,
    ],
    [
      'another specialty',
      { fullName: 'Фёдоров Игорь Анатольевич', specialty: 'Хирургия', issuedOn: '2024-01-25' },
      /«Хирургия».*«Терапия»/,
    ],
    [
      'another date',
      { fullName: 'Фёдоров Игорь Анатольевич', specialty: 'Терапия', issuedOn: '2024-01-26' },
      /2024-01-26.*2024-01-25/,
    ],
  ];
  for (const [why, entry, reason] of cases) {
    it(why, () => {
      const result = registerMismatch(claim, entry);
      if (reason === undefined) assert.equal(result, undefined);
      else assert.match(result ?? '', reason);
    });
  }

  it('tells nothing about another person’s document', () => {
    const result = registerMismatch(claim, {
      fullName: 'Иванова Мария',
      specialty: 'Кардиология',
      issuedOn: '2020-01-01',
    });
    assert.doesNotMatch(result ?? '', /Кардиология|2020|Иванова/);
  });
});
