import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkInn, isValidInn, type InnErrorCode, type InnKind } from '../../domain/inn.ts';

describe('isValidInn / checkInn', () => {
  const valid: Array<[input: string, kind: InnKind, note: string]> = [
    ['7707083893', 'company', 'ПАО Сбербанк'],
    ['7728168971', 'company', 'АО «Альфа-Банк»'],
    ['7736207543', 'company', 'ООО «Яндекс»'],
    ['7702070139', 'company', 'Банк ВТБ (ПАО)'],
    ['7707083830', 'company', 'Σ mod 11 = 10, so the check digit is 0'],
    [' 7707083893 ', 'company', 'surrounding spaces are trimmed'],
    ['500100732259', 'person', 'public example of a personal INN'],
    ['773370857141', 'person', 'both check digits non-trivial'],
    ['500100732403', 'person', 'first check sum mod 11 = 10, so d11 is 0'],
  ];
  for (const [input, kind, note] of valid) {
    it(`accepts ${JSON.stringify(input)} as ${kind} (${note})`, () => {
      assert.equal(isValidInn(input), kind);
      assert.deepEqual(checkInn(input), { ok: true, inn: input.trim(), kind });
    });
  }

  const invalid: Array<[input: string, code: InnErrorCode]> = [
    ['7707083894', 'checksum'],
    ['7707083890', 'checksum'],
    ['500100732258', 'checksum'], // second check digit wrong
    ['500100732269', 'checksum'], // first check digit wrong
    ['500100732249', 'checksum'],
    ['0000000000', 'region'],
    ['000000000000', 'region'],
    ['', 'format'],
    ['770708389', 'format'], // 9 digits
    ['77070838931', 'format'], // 11 digits
    ['5001007322590', 'format'], // 13 digits
    ['7707 083893', 'format'],
    ['7707-083-893', 'format'],
    ['77070838９3', 'format'], // full-width digit
    ['ИНН7707083893', 'format'],
  ];
  for (const [input, code] of invalid) {
    it(`rejects ${JSON.stringify(input)} with ${code}`, () => {
      assert.equal(isValidInn(input), null);
      const check = checkInn(input);
      assert.equal(check.ok, false);
      if (!check.ok) {
        assert.equal(check.code, code);
        assert.match(check.reason, /ИНН/);
      }
    });
  }
});
