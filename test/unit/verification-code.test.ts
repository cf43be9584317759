import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import {
  codesEqual,
  generateVerificationCode,
  hashVerificationCode,
} from '../../integrations/crypto/one-time-code.ts';

const SECRET = 'test-secret-0123456789';
const PHONE = '+79161234567';

describe('generateVerificationCode', () => {
  it('always gives exactly six ASCII digits', () => {
    for (let i = 0; i < 2000; i++) assert.match(generateVerificationCode(), /^[0-9]{6}$/);
  });

  it('is not constant and keeps leading zeros over many draws', () => {
    const codes = Array.from({ length: 20_000 }, generateVerificationCode);
    assert.ok(new Set(codes).size > 19_000, 'codes should rarely repeat');
    // P(no code below 100000 in 20 000 draws) = 0.9^20000 ≈ 0
    assert.ok(codes.some((c) => c.startsWith('0')));
  });
});

describe('hashVerificationCode', () => {
  const cases: Array<[secret: string, phone: string, code: string]> = [
    [SECRET, PHONE, '123456'],
    [SECRET, PHONE, '000000'],
    ['another-secret-value', PHONE, '123456'],
    [SECRET, '+79991112233', '123456'],
  ];
  for (const [secret, phone, code] of cases) {
    it(`is HMAC-SHA256 of "${phone}:${code}"`, () => {
      const expected = createHmac('sha256', secret).update(`${phone}:${code}`).digest('hex');
      assert.equal(hashVerificationCode(secret, phone, code), expected);
      assert.match(hashVerificationCode(secret, phone, code), /^[0-9a-f]{64}$/);
    });
  }

  it('depends on the secret, the phone and the code', () => {
    const base = hashVerificationCode(SECRET, PHONE, '123456');
    assert.notEqual(hashVerificationCode('other-secret-0123456', PHONE, '123456'), base);
    assert.notEqual(hashVerificationCode(SECRET, '+79161234568', '123456'), base);
    assert.notEqual(hashVerificationCode(SECRET, PHONE, '123457'), base);
    assert.equal(hashVerificationCode(SECRET, PHONE, '123456'), base);
  });

  it('refuses an empty secret', () => {
    assert.throws(() => hashVerificationCode('', PHONE, '123456'), /secret/);
  });
});

describe('codesEqual', () => {
  const hash = hashVerificationCode(SECRET, PHONE, '123456');
  const cases: Array<[a: string, b: string, equal: boolean, why: string]> = [
    [hash, hash, true, 'same hash'],
    [hash, hash.toUpperCase(), true, 'hex case does not matter'],
    [hash, hashVerificationCode(SECRET, PHONE, '654321'), false, 'different code'],
    [hash, hash.slice(0, 62), false, 'shorter'],
    [hash, `${hash}00`, false, 'longer'],
    [hash, `${hash.slice(0, 63)}z`, false, 'not hex'],
    ['', '', false, 'empty'],
    ['abc', 'abc', false, 'odd length'],
  ];
  for (const [a, b, equal, why] of cases) {
    it(`${why} → ${equal}`, () => assert.equal(codesEqual(a, b), equal));
  }
});
