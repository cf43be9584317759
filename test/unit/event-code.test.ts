import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeEventCode } from '../../domain/event-code.ts';

describe('event confirmation code', () => {
  const cases: [string, string | null][] = [
    ['AB12-CD34', 'AB12-CD34'],
    ['  ab12-cd34 ', 'AB12-CD34'],
    ['нмо-7731', 'НМО-7731'],
    ['123456', '123456'],
    ['', null],
    ['   ', null],
    ['AB 12', null],
    ['AB\t12', null],
    ['AB\u000012', null],
    ['X'.repeat(64), 'X'.repeat(64)],
    ['X'.repeat(65), null],
  ];
  for (const [raw, expected] of cases) {
    it(`${JSON.stringify(raw)} → ${JSON.stringify(expected)}`, () =>
      assert.equal(normalizeEventCode(raw), expected));
  }
});
