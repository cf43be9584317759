import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkCatalogElement, type CatalogElementDraft } from '../../domain/catalog-element.ts';
import { planItemRemovalRefusal, type PlanItemState } from '../../domain/plan.ts';
import { portalDay } from '../../domain/portal-day.ts';

const base = { title: 'T', credits: 2, specialties: ['Терапия', 'Терапия'] };

describe('catalog element rules', () => {
  const refused: Array<[what: string, draft: CatalogElementDraft, fields: string[]]> = [
    ['an event without a start', { ...base, type: 'event' }, ['startsOn']],
    ['an end without a start', { ...base, type: 'iom', endsOn: '2026-01-01' }, ['startsOn']],
    [
      'an end before the start',
      { ...base, type: 'iom', startsOn: '2026-02-01', endsOn: '2026-01-01' },
      ['endsOn'],
    ],
    ['attendance on an ИОМ', { ...base, type: 'iom', minAttendanceMinutes: 45 }, ['minAttendanceMinutes']],
    ['cycles on an event', { ...base, type: 'event', startsOn: '2026-01-01', cycles: [] }, ['cycles']],
    [
      'own dates on a programme',
      { ...base, type: 'programme', startsOn: '2026-01-01', endsOn: '2026-02-01' },
      ['startsOn', 'endsOn'],
    ],
    [
      'a programme cycle ending before it starts',
      { ...base, type: 'programme', cycles: [{ startsOn: '2026-02-01', endsOn: '2026-01-01' }] },
      ['cycles.0.endsOn'],
    ],
  ];
  for (const [what, draft, fields] of refused) {
    it(`refuses ${what}, naming ${fields.join(', ')}`, () => {
      const checked = checkCatalogElement(draft);
      assert.equal(checked.ok, false);
      if (!checked.ok)
        assert.deepEqual(
          checked.problems.map((p) => p.field),
          fields,
        );
    });
  }

  it('dates a one-day event by its start and gives it 45 minutes per ЗЕТ', () => {
    const checked = checkCatalogElement({ ...base, type: 'event', startsOn: '2026-03-16' });
    assert.ok(checked.ok);
    assert.deepEqual(
      [checked.element.startsOn, checked.element.endsOn, checked.element.minAttendanceMinutes],
      ['2026-03-16', '2026-03-16', 90],
    );
    assert.deepEqual(checked.element.specialties, ['Терапия']);
  });

  it('dates a programme by the span of its cycles', () => {
    const checked = checkCatalogElement({
      ...base,
      type: 'programme',
      cycles: [
        { startsOn: '2026-05-01', endsOn: '2026-06-01' },
        { startsOn: '2026-01-10', endsOn: '2026-02-01' },
      ],
    });
    assert.ok(checked.ok);
    assert.deepEqual([checked.element.startsOn, checked.element.endsOn], ['2026-01-10', '2026-06-01']);
  });
});

describe('leaving the plan', () => {
  const idle: PlanItemState = {
    done: false,
    creditsEarned: 0,
    eventCodeStatus: null,
    applicationStatus: null,
  };
  const table: Array<[what: string, state: PlanItemState, refusal: string | null]> = [
    ['nothing happened yet', idle, null],
    ['a rejected code', { ...idle, eventCodeStatus: 'rejected' }, null],
    ['a cancelled application', { ...idle, applicationStatus: 'cancelled' }, null],
    ['a draft application', { ...idle, applicationStatus: 'draft' }, null],
    ['credits earned', { ...idle, creditsEarned: 2 }, 'credits_earned'],
    ['marked done', { ...idle, done: true }, 'credits_earned'],
    ['a code awaiting verification', { ...idle, eventCodeStatus: 'pending_verification' }, 'in_progress'],
    ['a submitted application', { ...idle, applicationStatus: 'submitted' }, 'in_progress'],
  ];
  for (const [what, state, refusal] of table) {
    it(`${what}: ${refusal ?? 'may leave'}`, () => {
      assert.equal(planItemRemovalRefusal(state)?.code ?? null, refusal);
    });
  }
});

describe('the portal day', () => {
  it('is the calendar day in Moscow', () => {
    assert.equal(portalDay(new Date('2026-03-15T20:59:59Z')), '2026-03-15');
    assert.equal(portalDay(new Date('2026-03-15T21:00:00Z')), '2026-03-16');
  });
});
