import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  creditDeadline,
  nextState,
  type ApplicationAction,
  type ApplicationState,
} from '../../domain/application-lifecycle.ts';

const STATES: ApplicationState[] = [
  'draft',
  'formed',
  'signed',
  'submitted',
  'enrolled',
  'rejected',
  'completed',
  'credited',
  'cancelled',
];

describe('nextState', () => {
  // Every allowed move; anything not listed here must be refused.
  const allowed: Array<[ApplicationState, ApplicationAction, ApplicationState]> = [
    ['draft', 'form', 'formed'],
    ['formed', 'form', 'formed'],
    ['formed', 'sign', 'signed'],
    ['signed', 'submit', 'submitted'],
    ['draft', 'cancel', 'cancelled'],
    ['formed', 'cancel', 'cancelled'],
    ['signed', 'cancel', 'cancelled'],
    ['submitted', 'cancel', 'cancelled'],
    ['submitted', 'enrol', 'enrolled'],
    ['submitted', 'reject', 'rejected'],
    ['enrolled', 'complete', 'completed'],
    ['completed', 'credit', 'credited'],
  ];
  for (const [from, action, to] of allowed) {
    it(`${from} --${action}--> ${to}`, () => assert.equal(nextState(from, action), to));
  }

  const actions: ApplicationAction[] = [
    'form',
    'sign',
    'submit',
    'cancel',
    'enrol',
    'reject',
    'complete',
    'credit',
  ];
  it('refuses every other move', () => {
    for (const state of STATES) {
      for (const action of actions) {
        if (allowed.some(([f, a]) => f === state && a === action)) continue;
        assert.equal(nextState(state, action), undefined, `${state} --${action}-->`);
      }
    }
  });

  it('never lets the specialist cancel once enrolled', () => {
    for (const state of ['enrolled', 'completed', 'credited'] as const)
      assert.equal(nextState(state, 'cancel'), undefined);
  });
});

describe('creditDeadline', () => {
  const DAY = 86_400_000;
  // The programme ends with its last day in Moscow: 2025-03-10 ends at 2025-03-10T21:00Z.
  const end = Date.parse('2025-03-10T21:00:00Z');
  const cases: Array<[what: string, enrolledAt: number, grace: number, deadline: number]> = [
    ['enrolled before the end: grace from the end', end - 30 * DAY, 30 * DAY, end + 30 * DAY],
    ['enrolled on the last day', end - 1, 5_000, end + 5_000],
    ['enrolled after the end: grace from the enrolment', end + 2 * DAY, 3_000, end + 2 * DAY + 3_000],
  ];
  for (const [what, enrolledAt, grace, deadline] of cases) {
    it(what, () => assert.equal(creditDeadline('2025-03-10', enrolledAt, grace), deadline));
  }

  it('refuses a date it cannot read', () => assert.throws(() => creditDeadline('10.03.2025', 0, 1)));
});
