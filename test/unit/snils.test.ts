import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatSnils, isValidSnils, normalizeSnils, snilsCheckNumber } from '../../domain/snils.ts';

describe('snilsCheckNumber', () => {
  // Sums chosen to sit on the edges of "mod 101 mod 100".
  const cases: Array<[nine: string, sum: number, check: number]> = [
    ['112233445', 95, 95],
    ['001001999', 65, 65],
    ['001019899', 99, 99],
    ['001019989', 100, 0],
    ['001019998', 101, 0],
    ['001019999', 102, 1],
    ['002999998', 202, 0],
    ['999999999', 405, 1],
  ];
  for (const [nine, sum, check] of cases) {
    it(`${nine} (sum ${sum}) → ${String(check).padStart(2, '0')}`, () =>
      assert.equal(snilsCheckNumber(nine), check));
  }
});

describe('normalizeSnils / isValidSnils', () => {
  const valid: Array<[input: string, digits: string]> = [
    ['112-233-445 95', '11223344595'],
    ['11223344595', '11223344595'],
    ['112 233 445 95', '11223344595'],
    ['112-233-445-95', '11223344595'],
    [' 112-233-445\u00a095 ', '11223344595'],
    ['001-019-899 99', '00101989999'],
    ['001-019-989 00', '00101998900'], // sum 100 → 00
    ['001-019-998 00', '00101999800'], // sum 101 → 00
    ['001-019-999 01', '00101999901'], // sum 102 → 01
    ['002-999-998 00', '00299999800'], // sum 202 → 00
    ['001-001-999 65', '00100199965'], // first checked number
    ['001-001-998 00', '00100199800'], // last unchecked number: any check digits
    ['001-001-998 37', '00100199837'],
    ['000-000-001 99', '00000000199'],
  ];
  for (const [input, digits] of valid) {
    it(`accepts ${JSON.stringify(input)}`, () => {
      assert.equal(normalizeSnils(input), digits);
      assert.equal(isValidSnils(input), true);
    });
  }

  const invalid: Array<[input: string, why: string]> = [
    ['112-233-445 96', 'wrong check number'],
    ['112-233-445 00', 'wrong check number'],
    ['001-019-989 100', 'sum 100 written as 100'],
    ['001-019-998 01', 'sum 101 written as 01'],
    ['001-001-999 00', 'first checked number with a wrong check'],
    ['112-233-445 9', 'ten digits'],
    ['112-233-445 955', 'twelve digits'],
    ['', 'empty'],
    ['112-233-445 9S', 'a letter'],
    ['112.233.445 95', 'dots are not a SNILS spelling'],
    ['№ 112-233-445 95', 'a prefix'],
  ];
  for (const [input, why] of invalid) {
    it(`rejects ${JSON.stringify(input)} (${why})`, () => {
      assert.equal(normalizeSnils(input), null);
      assert.equal(isValidSnils(input), false);
    });
  }
});

describe('formatSnils', () => {
  it('prints the card spelling', () => assert.equal(formatSnils('11223344595'), '112-233-445 95'));
});
