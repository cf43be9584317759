import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { maskEmail, normalizeEmail } from '../../domain/email.ts';

describe('normalizeEmail', () => {
  const accepted: Array<[input: string, expected: string]> = [
    ['ivan@mail.ru', 'ivan@mail.ru'],
    ['  Ivan.Petrov@Mail.RU ', 'ivan.petrov@mail.ru'],
    ['hr+payslips@company.example.com', 'hr+payslips@company.example.com'],
    ["o'brien@example.org", "o'brien@example.org"],
    ['a_b-c@sub-domain.example.co.uk', 'a_b-c@sub-domain.example.co.uk'],
    ['admin@пример.рф', 'admin@пример.рф'],
    ['Admin@ПРИМЕР.РФ', 'admin@пример.рф'],
    ['admin@xn--e1afmkfd.xn--p1ai', 'admin@пример.рф'],
    ['user@123.example.com', 'user@123.example.com'],
    ['x@ya.ru', 'x@ya.ru'],
    [`${'a'.repeat(64)}@example.com`, `${'a'.repeat(64)}@example.com`],
  ];
  for (const [input, expected] of accepted) {
    it(`accepts ${JSON.stringify(input)}`, () => assert.equal(normalizeEmail(input), expected));
  }

  const longDomain = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.ru`; // 196 characters
  const rejected: Array<[input: string, why: string]> = [
    ['', 'empty'],
    ['ivan', 'no @'],
    ['ivan@', 'no domain'],
    ['@mail.ru', 'no local part'],
    ['ivan@@mail.ru', 'two @'],
    ['ivan@petrov@mail.ru', 'two @ apart'],
    ['iv an@mail.ru', 'space in local part'],
    ['ivan@ma il.ru', 'space in domain'],
    ['ivan@localhost', 'no dot in domain'],
    ['ivan@mail.ru.', 'trailing dot'],
    ['ivan@mail..ru', 'empty label'],
    ['ivan@-mail.ru', 'label starts with hyphen'],
    ['ivan@mail-.ru', 'label ends with hyphen'],
    ['ivan@mail_box.ru', 'underscore in domain'],
    ['ivan@127.0.0.1', 'IP address'],
    ['ivan@mail.r', 'one-letter TLD'],
    ['ivan@mail.123', 'numeric TLD'],
    ['.ivan@mail.ru', 'leading dot'],
    ['ivan.@mail.ru', 'trailing dot in local part'],
    ['iv..an@mail.ru', 'double dot in local part'],
    ['"ivan"@mail.ru', 'quoted local part'],
    ['иван@mail.ru', 'non-ASCII local part'],
    ['\u212Aate@mail.ru', 'Kelvin sign that lower-cases to ASCII'],
    ['ivan@mail.ru (Ivan)', 'comment'],
    ['Ivan <ivan@mail.ru>', 'display name'],
    [`${'a'.repeat(65)}@example.com`, 'local part over 64'],
    [`${'a'.repeat(64)}@${longDomain}`, 'address over 254'],
    [`ivan@${'a'.repeat(64)}.ru`, 'label over 63'],
  ];
  for (const [input, why] of rejected) {
    it(`rejects ${JSON.stringify(input.length > 60 ? `${input.slice(0, 40)}…` : input)} (${why})`, () =>
      assert.equal(normalizeEmail(input), null));
  }

  it('measures the 254-character limit on the punycode form of an IDN domain', () => {
    const local = 'a'.repeat(64);
    const label = 'я'.repeat(55); // 55 characters, 61 in punycode
    const idn = `${label}.${label}.${label}.рф`; // 170 characters, 194 in punycode
    assert.ok(local.length + 1 + idn.length <= 254);
    assert.equal(normalizeEmail(`${local}@${idn}`), null);
    assert.equal(normalizeEmail(`${'a'.repeat(50)}@${idn}`), `${'a'.repeat(50)}@${idn}`);
  });
});

describe('maskEmail', () => {
  for (const [input, expected] of [
    ['anna@romashka.ru', 'a***@romashka.ru'],
    ['a@b.ru', 'a***@b.ru'],
    ['not-an-address', '***'],
  ] as const) {
    it(`${input} → ${expected}`, () => assert.equal(maskEmail(input), expected));
  }
});
