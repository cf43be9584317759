import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  capToCycle,
  creditsForAcademicHours,
  cycleProgress,
  minutesForCredits,
  progressByCycle,
  totalsByType,
  totalsByYear,
  type CreditLine,
  type CreditSource,
} from '../../domain/credits.ts';
import { addYears, currentCycleYear, cycleYearOf, cycleYears } from '../../domain/cycle-years.ts';

const CYCLE = { startsOn: '2024-01-15', endsOn: '2029-01-15' };
const line = (credits: number, creditedOn: string, source: CreditSource = 'iom'): CreditLine => ({
  source,
  credits,
  creditedOn,
});

describe('1 ЗЕТ = 1 academic hour', () => {
  const table: Array<[hours: number, credits: number]> = [
    [0, 0],
    [1, 1],
    [36, 36],
    [144, 144],
    [2.5, 2], // only whole hours earn credits
  ];
  for (const [hours, credits] of table) {
    it(`${hours} academic hours → ${credits} ЗЕТ`, () =>
      assert.equal(creditsForAcademicHours(hours), credits));
  }
  it('rejects negative hours', () => assert.throws(() => creditsForAcademicHours(-1), RangeError));
  it('an academic hour is 45 minutes', () => assert.equal(minutesForCredits(6), 270));
});

describe('cycle years', () => {
  const years: Array<[date: string, year: number, note: string]> = [
    ['2023-12-31', 1, 'before the start counts in year 1'],
    ['2024-01-15', 1, 'the first day'],
    ['2025-01-14', 1, 'the day before the first anniversary'],
    ['2025-01-15', 2, 'the first anniversary'],
    ['2027-06-01', 4, 'mid-cycle'],
    ['2028-01-15', 5, 'the fourth anniversary'],
    ['2029-01-15', 5, 'the last day'],
    ['2030-03-01', 5, 'a late accrual after the end counts in year 5'],
  ];
  for (const [date, year, note] of years) {
    it(`${date} is year ${year} (${note})`, () => assert.equal(cycleYearOf(CYCLE, date), year));
  }

  it('lists five consecutive years ending on the cycle end', () => {
    assert.deepEqual(cycleYears(CYCLE), [
      { year: 1, startsOn: '2024-01-15', endsOn: '2025-01-14' },
      { year: 2, startsOn: '2025-01-15', endsOn: '2026-01-14' },
      { year: 3, startsOn: '2026-01-15', endsOn: '2027-01-14' },
      { year: 4, startsOn: '2027-01-15', endsOn: '2028-01-14' },
      { year: 5, startsOn: '2028-01-15', endsOn: '2029-01-15' },
    ]);
  });

  const anniversaries: Array<[start: string, years: number, expected: string]> = [
    ['2024-02-29', 1, '2025-02-28'],
    ['2024-02-29', 4, '2028-02-29'],
    ['2023-03-01', 1, '2024-03-01'],
    ['2024-12-31', 1, '2025-12-31'],
  ];
  for (const [start, n, expected] of anniversaries) {
    it(`${start} + ${n} years = ${expected}`, () => assert.equal(addYears(start, n), expected));
  }

  const current: Array<[today: string, year: number | null]> = [
    ['2024-01-14', null],
    ['2024-01-15', 1],
    ['2026-02-01', 3],
    ['2029-01-15', 5],
    ['2029-01-16', null],
  ];
  for (const [today, year] of current) {
    it(`on ${today} the current year is ${year}`, () => assert.equal(currentCycleYear(CYCLE, today), year));
  }
});

describe('the cycle cap', () => {
  const table: Array<[total: number, counted: number, excess: number]> = [
    [0, 0, 0],
    [249, 249, 0],
    [250, 250, 0],
    [251, 250, 1],
    [260, 250, 10],
    [600, 250, 350],
  ];
  for (const [total, counted, excess] of table) {
    it(`${total} → counted ${counted}, excess ${excess}`, () =>
      assert.deepEqual(capToCycle(total), { counted, excess }));
  }
});

describe('totals', () => {
  const entries = [
    line(36, '2024-03-01', 'programme'),
    line(6, '2024-05-10', 'event'),
    line(2, '2024-05-11', 'iom'),
    line(50, '2025-01-15', 'programme'),
    line(3, '2028-12-31', 'iom'),
    line(4, '2029-02-01', 'event'),
  ];

  it('per cycle year', () => assert.deepEqual(totalsByYear(CYCLE, entries), [44, 50, 0, 0, 7]));
  it('per element type', () => assert.deepEqual(totalsByType(entries), { iom: 5, event: 10, programme: 86 }));
  it('of no entries are all zero', () => {
    assert.deepEqual(totalsByYear(CYCLE, []), [0, 0, 0, 0, 0]);
    assert.deepEqual(totalsByType([]), { iom: 0, event: 0, programme: 0 });
  });
});

describe('cycle progress', () => {
  const table: Array<{
    name: string;
    entries: CreditLine[];
    total: number;
    counted: number;
    excess: number;
    remaining: number;
    met: boolean;
    yearsMet: boolean[];
  }> = [
    {
      name: 'nothing yet',
      entries: [],
      total: 0,
      counted: 0,
      excess: 0,
      remaining: 250,
      met: false,
      yearsMet: [false, false, false, false, false],
    },
    {
      name: '50 in each year exactly meets both targets',
      entries: [0, 1, 2, 3, 4].map((i) => line(50, `${2024 + i}-06-01`)),
      total: 250,
      counted: 250,
      excess: 0,
      remaining: 0,
      met: true,
      yearsMet: [true, true, true, true, true],
    },
    {
      name: '260 in one year: the cycle is met, 10 are excess, the other years are short',
      entries: [line(144, '2024-02-01', 'programme'), line(116, '2024-09-01', 'programme')],
      total: 260,
      counted: 250,
      excess: 10,
      remaining: 0,
      met: true,
      yearsMet: [true, false, false, false, false],
    },
    {
      name: '49 in a year falls short of 50',
      entries: [line(49, '2024-02-01')],
      total: 49,
      counted: 49,
      excess: 0,
      remaining: 201,
      met: false,
      yearsMet: [false, false, false, false, false],
    },
  ];
  for (const row of table) {
    it(row.name, () => {
      const progress = cycleProgress(CYCLE, row.entries, '2026-02-01');
      assert.equal(progress.total, row.total);
      assert.equal(progress.counted, row.counted);
      assert.equal(progress.excess, row.excess);
      assert.equal(progress.remaining, row.remaining);
      assert.equal(progress.met, row.met);
      assert.deepEqual(
        progress.years.map((y) => y.met),
        row.yearsMet,
      );
      assert.deepEqual(progress.targets, { perYear: 50, perCycle: 250 });
      assert.equal(progress.currentYear, 3);
    });
  }

  it('reports what each year still lacks', () => {
    const progress = cycleProgress(CYCLE, [line(20, '2024-02-01'), line(70, '2025-02-01')], '2024-02-01');
    assert.deepEqual(
      progress.years.map((y) => [y.year, y.total, y.remaining]),
      [
        [1, 20, 30],
        [2, 70, 0],
        [3, 0, 50],
        [4, 0, 50],
        [5, 0, 50],
      ],
    );
  });
});

describe('no carry-over between cycles', () => {
  const cycles = [
    { id: 'old', startsOn: '2019-01-10', endsOn: '2024-01-10' },
    { id: 'new', startsOn: '2024-01-11', endsOn: '2029-01-11' },
  ];
  it('a new cycle starts at 0 whatever the old one had', () => {
    const entries = [
      { cycleId: 'old', ...line(300, '2023-05-01', 'programme') },
      { cycleId: 'old', ...line(20, '2023-12-01', 'event') },
    ];
    const progress = progressByCycle(cycles, entries, '2024-02-01');
    assert.deepEqual(
      [progress.get('old')!.total, progress.get('old')!.counted, progress.get('old')!.excess],
      [320, 250, 70],
    );
    const fresh = progress.get('new')!;
    assert.deepEqual([fresh.total, fresh.counted, fresh.excess, fresh.remaining], [0, 0, 0, 250]);
    assert.deepEqual(fresh.byType, { iom: 0, event: 0, programme: 0 });
  });

  it('each cycle counts only its own entries, even when their dates overlap', () => {
    const entries = [
      { cycleId: 'old', ...line(10, '2024-01-05') },
      { cycleId: 'new', ...line(7, '2024-01-05') },
    ];
    const progress = progressByCycle(cycles, entries, '2024-02-01');
    assert.equal(progress.get('old')!.total, 10);
    assert.equal(progress.get('new')!.total, 7);
    assert.equal(progress.get('new')!.years[0]!.total, 7);
  });
});
