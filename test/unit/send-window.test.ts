// The send window's arithmetic (domain/send-window.ts) as tables: instants are UTC, windows are wall
// clock in their zone. Moscow is UTC+3, Vladivostok UTC+10, Kaliningrad UTC+2 all year.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  isInsideWindow,
  isTimeZone,
  isWindowTime,
  nextSendTime,
  type SendWindow,
} from '../../domain/send-window.ts';

const day = (start: string, end: string, timeZone: string): SendWindow => ({ start, end, timeZone });
const MSK = day('09:00', '21:00', 'Europe/Moscow');
const VVO = day('09:00', '21:00', 'Asia/Vladivostok');
const KGD = day('09:00', '21:00', 'Europe/Kaliningrad');
const OVERNIGHT = day('21:00', '09:00', 'Europe/Moscow');

const cases: [string, SendWindow, string, string][] = [
  // what, window, now (UTC), expected send time (UTC)
  ['Moscow 23:00 → next morning 09:00', MSK, '2026-11-29T20:00:00.000Z', '2026-11-30T06:00:00.000Z'],
  ['Moscow 08:00 → 09:00 the same day', MSK, '2026-11-29T05:00:00.000Z', '2026-11-29T06:00:00.000Z'],
  [
    'Moscow exactly 09:00 (start edge, inclusive) → now',
    MSK,
    '2026-11-29T06:00:00.000Z',
    '2026-11-29T06:00:00.000Z',
  ],
  ['Moscow 08:59:59.999 → 09:00', MSK, '2026-11-29T05:59:59.999Z', '2026-11-29T06:00:00.000Z'],
  ['Moscow 20:59:59.999 → now', MSK, '2026-11-29T17:59:59.999Z', '2026-11-29T17:59:59.999Z'],
  [
    'Moscow exactly 21:00 (end edge, exclusive) → next 09:00',
    MSK,
    '2026-11-29T18:00:00.000Z',
    '2026-11-30T06:00:00.000Z',
  ],
  [
    'Moscow 00:30 (local day already changed) → 09:00 that day',
    MSK,
    '2026-11-29T21:30:00.000Z',
    '2026-11-30T06:00:00.000Z',
  ],
  [
    'Moscow 31 Dec 22:00 → 1 Jan 09:00 (year change)',
    MSK,
    '2026-12-31T19:00:00.000Z',
    '2027-01-01T06:00:00.000Z',
  ],
  ['Moscow 15:00 → now', MSK, '2026-11-29T12:00:00.000Z', '2026-11-29T12:00:00.000Z'],
  [
    'Vladivostok 06:00 (UTC still the day before) → 09:00',
    VVO,
    '2026-11-29T20:00:00.000Z',
    '2026-11-29T23:00:00.000Z',
  ],
  ['Vladivostok exactly 21:00 → next 09:00', VVO, '2026-11-29T11:00:00.000Z', '2026-11-29T23:00:00.000Z'],
  ['Vladivostok exactly 09:00 → now', VVO, '2026-11-29T23:00:00.000Z', '2026-11-29T23:00:00.000Z'],
  ['Kaliningrad 21:30 → next 09:00', KGD, '2026-11-29T19:30:00.000Z', '2026-11-30T07:00:00.000Z'],
  ['Kaliningrad 10:00 → now', KGD, '2026-11-29T08:00:00.000Z', '2026-11-29T08:00:00.000Z'],
  [
    'overnight 21:00–09:00, 15:00 → 21:00 the same day',
    OVERNIGHT,
    '2026-11-29T12:00:00.000Z',
    '2026-11-29T18:00:00.000Z',
  ],
  [
    'overnight, exactly 21:00 (start edge) → now',
    OVERNIGHT,
    '2026-11-29T18:00:00.000Z',
    '2026-11-29T18:00:00.000Z',
  ],
  ['overnight, 23:00 → now', OVERNIGHT, '2026-11-29T20:00:00.000Z', '2026-11-29T20:00:00.000Z'],
  [
    'overnight, 08:59 after midnight → now',
    OVERNIGHT,
    '2026-11-30T05:59:00.000Z',
    '2026-11-30T05:59:00.000Z',
  ],
  [
    'overnight, exactly 09:00 (end edge) → 21:00',
    OVERNIGHT,
    '2026-11-30T06:00:00.000Z',
    '2026-11-30T18:00:00.000Z',
  ],
  [
    'start == end: always open',
    day('10:00', '10:00', 'Europe/Moscow'),
    '2026-11-29T03:00:00.000Z',
    '2026-11-29T03:00:00.000Z',
  ],
  [
    'Berlin on the night clocks go forward (CET → CEST) → 09:00 CEST',
    day('09:00', '21:00', 'Europe/Berlin'),
    '2026-03-28T21:00:00.000Z',
    '2026-03-29T07:00:00.000Z',
  ],
];

describe('send window', () => {
  for (const [what, window, now, expected] of cases) {
    it(what, () => {
      const at = new Date(now);
      const next = nextSendTime(at, window);
      assert.equal(next.toISOString(), expected);
      assert.equal(isInsideWindow(at, window), expected === now);
      // The answer is always inside the window and never in the past.
      assert.ok(isInsideWindow(next, window));
      assert.ok(next.getTime() >= at.getTime());
    });
  }

  it('validates times and zones', () => {
    assert.ok(isWindowTime('00:00') && isWindowTime('23:59') && isWindowTime('09:30'));
    for (const bad of ['24:00', '9:00', '09:60', '0900', '']) assert.equal(isWindowTime(bad), false, bad);
    assert.ok(isTimeZone('Europe/Moscow') && isTimeZone('Asia/Vladivostok') && isTimeZone('UTC'));
    for (const bad of ['Mars/Olympus', '', 'Europe/Moscow ', '+03:00'])
      assert.equal(isTimeZone(bad), false, bad);
  });

  it('rejects a malformed window rather than guessing', () => {
    assert.throws(() => nextSendTime(new Date(), day('9:00', '21:00', 'Europe/Moscow')), RangeError);
  });
});
