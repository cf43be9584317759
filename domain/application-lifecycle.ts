/**
 * The lifecycle of a training application (заявка на обучение по ДПП ПК): which action moves it
 * from which state to which. The workflow validates its updates with this table and the API answers
 * 409 from it, so both always agree. Pure, so workflows may import it.
 */

// The same states as the `training_applications.status` check (db/entities/training-application.ts);
// repeated here because workflow code must not import database code.
export type ApplicationState =
  | 'draft'
  | 'formed'
  | 'signed'
  | 'submitted'
  | 'enrolled'
  | 'rejected'
  | 'completed'
  | 'credited'
  | 'cancelled';

export type ApplicationAction =
  'form' | 'sign' | 'submit' | 'cancel' | 'enrol' | 'reject' | 'complete' | 'credit';

export const TRANSITIONS: Readonly<
  Record<ApplicationAction, { from: readonly ApplicationState[]; to: ApplicationState }>
> = {
  // Forming again re-renders the document (e.g. after the profile changed); nothing is signed yet.
  form: { from: ['draft', 'formed'], to: 'formed' },
  sign: { from: ['formed'], to: 'signed' },
  submit: { from: ['signed'], to: 'submitted' },
  // The specialist may withdraw any time before the provider has enrolled them.
  cancel: { from: ['draft', 'formed', 'signed', 'submitted'], to: 'cancelled' },
  enrol: { from: ['submitted'], to: 'enrolled' },
  reject: { from: ['submitted'], to: 'rejected' },
  complete: { from: ['enrolled'], to: 'completed' },
  credit: { from: ['completed'], to: 'credited' },
};

/** States in which the process is over: nothing more can happen to the application. */
export const FINAL_STATES: readonly ApplicationState[] = ['rejected', 'credited', 'cancelled'];

/** The state an action leads to from `state`, or undefined when the action is not allowed there. */
export function nextState(state: ApplicationState, action: ApplicationAction): ApplicationState | undefined {
  const transition = TRANSITIONS[action];
  return transition.from.includes(state) ? transition.to : undefined;
}

const DAY_MS = 24 * 3600_000;

/**
 * When an enrolled application that still has no credits is flagged: `graceMs` after the programme
 * cycle ends (the end of its last day, Moscow time) — counted from the enrolment instead if the
 * provider enrolled after the cycle had ended, so the provider always gets the whole grace period.
 */
export function creditDeadline(programmeEndsOn: string, enrolledAtMs: number, graceMs: number): number {
  const programmeEndMs = Date.parse(`${programmeEndsOn}T00:00:00+03:00`) + DAY_MS;
  if (Number.isNaN(programmeEndMs)) throw new Error(`not a date: ${programmeEndsOn}`);
  return Math.max(programmeEndMs, enrolledAtMs) + graceMs;
}
