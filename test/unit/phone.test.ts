import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { maskPhone, normalizeMobilePhone } from '../../domain/phone.ts';

describe('normalizeMobilePhone', () => {
  const accepted: Array<[input: string, expected: string]> = [
    ['+79161234567', '+79161234567'],
    ['79161234567', '+79161234567'],
    ['89161234567', '+79161234567'],
    ['9161234567', '+79161234567'],
    ['8 (916) 123-45-67', '+79161234567'],
    ['+7 916 123 45 67', '+79161234567'],
    ['+7 (916) 123-45-67', '+79161234567'],
    ['  8-916-123-45-67  ', '+79161234567'],
    ['7.916.123.45.67', '+79161234567'],
    ['+7\u00a0999\u00a0000\u00a000\u00a000', '+79990000000'],
    ['8 900 000 00 00', '+79000000000'],
  ];
  for (const [input, expected] of accepted) {
    it(`accepts ${JSON.stringify(input)}`, () => assert.equal(normalizeMobilePhone(input), expected));
  }

  const rejected: Array<[input: string, why: string]> = [
    ['', 'empty'],
    ['   ', 'blank'],
    ['+74951234567', 'Moscow landline'],
    ['84951234567', 'landline with trunk prefix'],
    ['4951234567', 'ten-digit landline'],
    ['+89161234567', '+8 is not a country code'],
    ['+9161234567', '+9… is not Russia'],
    ['+380501234567', 'foreign mobile'],
    ['+1 916 123 45 67', 'foreign country code, 11 digits'],
    ['69161234567', '11 digits starting with 6'],
    ['916123456', 'nine digits'],
    ['791612345678', '12-digit garbage'],
    ['891612345678', '12 digits starting with 8'],
    ['1234567', 'short number'],
    ['abc', 'no digits'],
    ['7916123456', 'ten digits starting with 7'],
  ];
  for (const [input, why] of rejected) {
    it(`rejects ${JSON.stringify(input)} (${why})`, () => assert.equal(normalizeMobilePhone(input), null));
  }
});

describe('maskPhone', () => {
  const cases: Array<[input: string, expected: string]> = [
    ['+79161234567', '+7916***4567'],
    ['8 (916) 123-45-67', '+7916***4567'],
    ['+74951234567', '***'],
    ['', '***'],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${expected}`, () => assert.equal(maskPhone(input), expected));
  }
});
