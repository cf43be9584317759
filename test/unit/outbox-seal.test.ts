// Secret outbox content is sealed (AES-256-GCM) under KABINET_SECRET and bound to its row id.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openSealed, sealContent } from '../../processes/outbox/seal.ts';
import { pgArray } from '../../db/sql.ts';

const SECRET = 'a-secret-of-at-least-16-characters';

describe('sealed outbox content', () => {
  const content = { subject: 'Код', text: 'Ваш код 493817', html: '<p>Ваш код 493817</p>' };

  it('opens with the same secret and id; the plain text is nowhere in the blob', () => {
    const sealed = sealContent(SECRET, 'msg-1', content);
    assert.deepEqual(openSealed(SECRET, 'msg-1', sealed), content);
    assert.ok(!sealed.toString('latin1').includes('493817'));
    assert.notDeepEqual(sealContent(SECRET, 'msg-1', content), sealed, 'a fresh IV every time');
  });

  it('refuses another row, another secret, or a changed byte', () => {
    const sealed = sealContent(SECRET, 'msg-1', content);
    assert.throws(() => openSealed(SECRET, 'msg-2', sealed));
    assert.throws(() => openSealed(`${SECRET}!`, 'msg-1', sealed));
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1]! ^= 1;
    assert.throws(() => openSealed(SECRET, 'msg-1', tampered));
  });
});

describe('pgArray', () => {
  it('quotes every element and keeps nulls', () => {
    assert.equal(
      pgArray(['a', null, 'b "c"', 'd\\e', '{x,y}', true, undefined]),
      '{"a",NULL,"b \\"c\\"","d\\\\e","{x,y}","true",NULL}',
    );
    assert.equal(pgArray([]), '{}');
  });
});
