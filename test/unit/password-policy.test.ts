import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkPasswordStrength, type PasswordErrorCode } from '../../domain/password-policy.ts';

describe('checkPasswordStrength', () => {
  const accepted: Array<[password: string, why: string]> = [
    ['correct horse', 'a passphrase'],
    ['Tr0ub4dor&3', 'mixed characters'],
    ['abcdefgh', 'exactly 8 letters'],
    ['1234567a', 'digits and one letter'],
    ['зимний-вечер', 'Cyrillic'],
    ['пароль-от-кабинета', 'contains a common word but is long'],
    ['aaaaaaab', 'almost repeated'],
    ['x'.repeat(127) + 'y', 'exactly 128'],
    ['😀😀😀😀😀😀😀🙂', 'eight emoji are eight characters'],
  ];
  for (const [password, why] of accepted) {
    it(`accepts ${why}`, () => assert.deepEqual(checkPasswordStrength(password), { ok: true }));
  }

  const rejected: Array<[password: string, code: PasswordErrorCode, why: string]> = [
    ['', 'too_short', 'empty'],
    ['abc', 'too_short', 'three letters'],
    ['Abc1234', 'too_short', 'seven characters'],
    ['пароль1', 'too_short', 'seven Cyrillic characters, 13 bytes'],
    ['😀😀😀😀😀😀😀', 'too_short', 'seven emoji, 14 UTF-16 units'],
    ['x'.repeat(129), 'too_long', '129 characters'],
    ['12345678', 'all_digits', 'eight digits'],
    ['20240101', 'all_digits', 'a date'],
    ['9'.repeat(20), 'all_digits', 'twenty nines'],
    ['aaaaaaaa', 'repeated_character', 'one letter eight times'],
    ['        ', 'repeated_character', 'eight spaces'],
    ['ЖЖЖЖЖЖЖЖЖЖ', 'repeated_character', 'one Cyrillic letter'],
    ['password', 'too_common', 'password'],
    ['Password1', 'too_common', 'case does not help'],
    ['qwerty123', 'too_common', 'qwerty123'],
    ['1q2w3e4r', 'too_common', 'keyboard walk'],
    ['йцукен123', 'too_common', 'Russian keyboard walk'],
    ['Пароль123', 'too_common', 'пароль123'],
    [' iloveyou ', 'too_common', 'surrounding spaces do not help'],
  ];
  for (const [password, code, why] of rejected) {
    it(`rejects ${why} with ${code}`, () => {
      const result = checkPasswordStrength(password);
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.equal(result.code, code);
      assert.match(result.reason, /^Пароль|^Этот пароль/);
    });
  }
});
