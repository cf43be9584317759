import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateSlug, type SlugErrorCode } from '../../domain/slug.ts';

describe('validateSlug', () => {
  const accepted: Array<[input: string, expected: string]> = [
    ['romashka', 'romashka'],
    ['Romashka-LLC', 'romashka-llc'],
    ['  ooo-romashka-2024 ', 'ooo-romashka-2024'],
    ['abc', 'abc'],
    ['1c-kabinet', '1c-kabinet'],
    ['123', '123'],
    ['a'.repeat(63), 'a'.repeat(63)],
    ['api-client', 'api-client'],
    ['my-admin', 'my-admin'],
  ];
  for (const [input, expected] of accepted) {
    it(`accepts ${JSON.stringify(input)}`, () =>
      assert.deepEqual(validateSlug(input), { ok: true, slug: expected }));
  }

  const rejected: Array<[input: string, code: SlugErrorCode]> = [
    ['', 'empty'],
    ['   ', 'empty'],
    ['ab', 'too_short'],
    ['a', 'too_short'],
    ['a'.repeat(64), 'too_long'],
    ['ромашка', 'invalid_characters'],
    ['romashka.ru', 'invalid_characters'],
    ['romashka_llc', 'invalid_characters'],
    ['roma shka', 'invalid_characters'],
    ['romashka/admin', 'invalid_characters'],
    ['rоmashka', 'invalid_characters'], // Cyrillic "о" that looks Latin
    ['\u212Aompany', 'invalid_characters'], // the Kelvin sign lower-cases to an ASCII "k"
    ['-romashka', 'hyphen_at_edge'],
    ['romashka-', 'hyphen_at_edge'],
    ['---', 'hyphen_at_edge'],
    ['roma--shka', 'double_hyphen'],
    ['xn--80ak6aa92e', 'double_hyphen'],
    ['api', 'reserved'],
    ['WWW', 'reserved'],
    ['admin', 'reserved'],
    ['docs', 'reserved'],
    ['static', 'reserved'],
    ['healthz', 'reserved'],
  ];
  for (const [input, code] of rejected) {
    it(`rejects ${JSON.stringify(input)} with ${code}`, () => {
      const result = validateSlug(input);
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.equal(result.code, code);
      assert.match(result.reason, /[а-яё]/i, 'the reason is a Russian sentence for a human');
    });
  }
});
