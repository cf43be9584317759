import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { smsSegments } from '../../integrations/smsc/client.ts';
import type { SmsSegments } from '../../integrations/smsc/client.ts';

const latin = (n: number) => 'a'.repeat(n);
const cyrillic = (n: number) => 'я'.repeat(n);

describe('smsSegments', () => {
  const cases: Array<[name: string, text: string, expected: SmsSegments]> = [
    ['empty', '', { encoding: 'gsm7', length: 0, segments: 0 }],
    ['Latin 1', 'a', { encoding: 'gsm7', length: 1, segments: 1 }],
    ['Latin 160', latin(160), { encoding: 'gsm7', length: 160, segments: 1 }],
    ['Latin 161', latin(161), { encoding: 'gsm7', length: 161, segments: 2 }],
    ['Latin 306', latin(306), { encoding: 'gsm7', length: 306, segments: 2 }],
    ['Latin 307', latin(307), { encoding: 'gsm7', length: 307, segments: 3 }],
    [
      'GSM-7 punctuation and digits',
      'Code: 123456 (valid 24h) @home!',
      { encoding: 'gsm7', length: 31, segments: 1 },
    ],
    ['GSM-7 extension characters count twice', '{€}', { encoding: 'gsm7', length: 6, segments: 1 }],
    ['80 euro signs fill 160 septets', '€'.repeat(80), { encoding: 'gsm7', length: 160, segments: 1 }],
    // 153-septet parts hold 76 € (an escape pair is never split): 306 septets need three parts, not two
    [
      '153 euro signs do not split an escape pair',
      '€'.repeat(153),
      { encoding: 'gsm7', length: 306, segments: 3 },
    ],
    ['Cyrillic 70', cyrillic(70), { encoding: 'ucs2', length: 70, segments: 1 }],
    ['Cyrillic 71', cyrillic(71), { encoding: 'ucs2', length: 71, segments: 2 }],
    ['Cyrillic 134', cyrillic(134), { encoding: 'ucs2', length: 134, segments: 2 }],
    ['Cyrillic 135', cyrillic(135), { encoding: 'ucs2', length: 135, segments: 3 }],
    ['Cyrillic 201', cyrillic(201), { encoding: 'ucs2', length: 201, segments: 3 }],
    ['Cyrillic 202', cyrillic(202), { encoding: 'ucs2', length: 202, segments: 4 }],
    [
      'mixed: one Cyrillic letter switches 100 Latin to UCS-2',
      latin(99) + 'ж',
      { encoding: 'ucs2', length: 100, segments: 2 },
    ],
    ['mixed 70 Latin + Cyrillic', latin(69) + 'ж', { encoding: 'ucs2', length: 70, segments: 1 }],
    [
      'activation SMS in Russian',
      'Код активации: 123456. Никому его не сообщайте.',
      { encoding: 'ucs2', length: 47, segments: 1 },
    ],
    ['emoji takes two UCS-2 units', '😀'.repeat(35), { encoding: 'ucs2', length: 70, segments: 1 }],
    // 134 units fit two 67-unit parts only if the emoji could be split across them
    [
      'an emoji is never split between parts',
      cyrillic(66) + '😀' + cyrillic(66),
      { encoding: 'ucs2', length: 134, segments: 3 },
    ],
  ];
  for (const [name, text, expected] of cases) {
    it(name, () => assert.deepEqual(smsSegments(text), expected));
  }
});
