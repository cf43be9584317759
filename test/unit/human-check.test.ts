import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkHumanAnswer, createHumanCheck, HUMAN_CHECK_TTL_MS } from '../../api/security/human-check.ts';
import { solveHumanCheck } from '../support/human-check.ts';

const SECRET = 'test-secret-0123456789';
const NOW = Date.UTC(2026, 0, 15, 12);

describe('human check', () => {
  it('asks a question in Russian whose answer verifies', () => {
    for (let i = 0; i < 200; i++) {
      const { token, question } = createHumanCheck(SECRET, NOW);
      assert.match(question, /^Сколько будет \d+ (плюс|минус) \d+\?$/);
      const answer = solveHumanCheck(question);
      assert.ok(Number(answer) >= 0, 'no negative answers');
      assert.ok(checkHumanAnswer(SECRET, token, answer, NOW + 1000));
      assert.ok(checkHumanAnswer(SECRET, token, Number(answer), NOW + 1000), 'a number works as well');
      assert.ok(
        checkHumanAnswer(SECRET, token, ` ${answer} `, NOW + 1000),
        'surrounding spaces are forgiven',
      );
    }
  });

  it('computes the answer from the numbers it chose (plus and minus)', () => {
    const plus = createHumanCheck(SECRET, NOW, (min) => (min === 0 ? 0 : min === 2 ? 7 : 5));
    assert.equal(plus.question, 'Сколько будет 7 плюс 5?');
    assert.ok(checkHumanAnswer(SECRET, plus.token, '12', NOW));
    assert.equal(checkHumanAnswer(SECRET, plus.token, '2', NOW), null);
    const minus = createHumanCheck(SECRET, NOW, (min) => (min === 0 ? 1 : min === 2 ? 3 : 9));
    assert.equal(minus.question, 'Сколько будет 9 минус 3?', 'the larger number comes first');
    assert.ok(checkHumanAnswer(SECRET, minus.token, '6', NOW));
    assert.equal(checkHumanAnswer(SECRET, minus.token, '12', NOW), null);
  });

  it('refuses wrong answers, other secrets, tampered and expired tokens', () => {
    const { token, question } = createHumanCheck(SECRET, NOW);
    const answer = Number(solveHumanCheck(question));
    assert.equal(checkHumanAnswer(SECRET, token, answer + 1, NOW), null);
    assert.equal(checkHumanAnswer(SECRET, token, 'двенадцать', NOW), null);
    assert.equal(checkHumanAnswer(SECRET, token, '', NOW), null);
    assert.equal(checkHumanAnswer('another-secret-value', token, answer, NOW), null);
    assert.equal(checkHumanAnswer(SECRET, token, answer, NOW + HUMAN_CHECK_TTL_MS), null, 'expired');
    assert.ok(checkHumanAnswer(SECRET, token, answer, NOW + HUMAN_CHECK_TTL_MS - 1), 'valid until then');
    const [id, expires, mac, signature] = token.split('.');
    const later = `${id}.${Number(expires) + HUMAN_CHECK_TTL_MS}.${mac}.${signature}`;
    assert.equal(checkHumanAnswer(SECRET, later, answer, NOW + HUMAN_CHECK_TTL_MS), null, 'expiry is signed');
    assert.equal(checkHumanAnswer(SECRET, 'garbage', answer, NOW), null);
    assert.equal(checkHumanAnswer(SECRET, `${token}.x`, answer, NOW), null);
  });

  it('gives every challenge its own token', () => {
    const tokens = new Set(Array.from({ length: 100 }, () => createHumanCheck(SECRET, NOW).token));
    assert.equal(tokens.size, 100);
  });
});
