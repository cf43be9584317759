import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  defineQuery,
  defineUpdate,
  proxyActivities,
  setCurrentDetails,
  setHandler,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import {
  creditDeadline,
  FINAL_STATES,
  nextState,
  type ApplicationAction,
  type ApplicationState,
} from '../domain/application-lifecycle.ts';

// Actions answer a person waiting on an HTTP request: a few quick retries, then the update fails and
// the state stays as it was (the activities are idempotent, so trying the action again is safe).
const { formTrainingApplication } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  summary: 'Сформировать документ заявки (HTML и PDF)',
  retry: { maximumAttempts: 3, initialInterval: '1 second' },
});
const { acceptTrainingApplicationSignature, setTrainingApplicationStatus } = proxyActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 5, initialInterval: '500 milliseconds', maximumInterval: '5 seconds' },
});
// What the process does on its own is retried until it succeeds.
const {
  trainingApplicationProgrammeEnd,
  creditTrainingApplication,
  flagTrainingApplication,
  notifyApplicationFlagged,
} = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '10 minutes' },
});

export interface TrainingApplicationInput {
  applicationId: string;
  /** How long after the programme cycle ends credits may take before the application is flagged. */
  creditGraceMs: number;
}

export interface ApplicationStep {
  status: ApplicationState;
}

/** Failure types the API turns into 409. */
export const INVALID_TRANSITION = 'InvalidTransition';
export const APPLICATION_BUSY = 'ApplicationBusy';

/** "Сформировать": renders the document from the current data (again, while not yet signed). */
export const formApplicationUpdate = defineUpdate<ApplicationStep>('form');
/** A stored signature (a scan or a confirmation, see training_application_signatures) is accepted. */
export const signApplicationUpdate = defineUpdate<ApplicationStep, [{ signatureId: string }]>('sign');
export const submitApplicationUpdate = defineUpdate<ApplicationStep>('submit');
/** The specialist withdraws; only before enrolment. */
export const cancelApplicationUpdate = defineUpdate<ApplicationStep>('cancel');
/** The provider's decision on a submitted application. */
export interface ApplicationDecision {
  decision: 'enrolled' | 'rejected';
  reason?: string;
}
export const decideApplicationUpdate = defineUpdate<ApplicationStep, [ApplicationDecision]>('decide');
/** The provider reports the programme completed; credits follow. */
export const completeApplicationUpdate = defineUpdate<ApplicationStep>('complete');

export const applicationStateQuery = defineQuery<{ status: ApplicationState; flaggedAt?: string }>('state');

const DETAILS: Record<ApplicationState, string> = {
  draft: 'Черновик: ждём, когда специалист сформирует заявку',
  formed: 'Заявка сформирована: ждём подписанный скан или подтверждение',
  signed: 'Заявка подписана: ждём отправки организации',
  submitted: 'Заявка у образовательной организации: ждём решения',
  enrolled: 'Специалист зачислен: ждём завершения обучения',
  rejected: 'Организация отклонила заявку',
  completed: 'Обучение завершено: начисляем ЗЕТ',
  credited: 'ЗЕТ начислены',
  cancelled: 'Заявка отменена специалистом',
};

/**
 * One training application (заявка на обучение по ДПП ПК): draft → formed → signed → submitted →
 * enrolled | rejected → completed → credited, or cancelled before enrolment. The specialist's and
 * the provider's actions are updates, checked against the current state; activities mirror every
 * step into `training_applications`. Credits still missing `creditGraceMs` after the programme
 * cycle ends flag the application and notify both sides; the process keeps waiting.
 */
export async function trainingApplication(input: TrainingApplicationInput): Promise<ApplicationStep> {
  const { applicationId } = input;
  // Widened on purpose: the update handlers change it, which TypeScript's narrowing cannot see.
  let status = 'draft' as ApplicationState;
  // One action at a time: a second one while the first is still being written is refused, not queued.
  let busy = false;
  let flaggedAt: string | undefined;

  setHandler(applicationStateQuery, () => ({ status, ...(flaggedAt ? { flaggedAt } : {}) }));
  setCurrentDetails(DETAILS[status]);

  const allow = (action: ApplicationAction): void => {
    if (busy) {
      throw ApplicationFailure.create({
        type: APPLICATION_BUSY,
        nonRetryable: true,
        message: 'another action on this application is in progress',
      });
    }
    if (!nextState(status, action)) {
      throw ApplicationFailure.create({
        type: INVALID_TRANSITION,
        nonRetryable: true,
        message: `the application is ${status}; "${action}" is not possible now`,
        details: [status],
      });
    }
  };
  const perform = async (
    action: ApplicationAction,
    write: () => Promise<unknown>,
  ): Promise<ApplicationStep> => {
    busy = true;
    try {
      await write();
      status = nextState(status, action)!;
      setCurrentDetails(DETAILS[status]);
      return { status };
    } finally {
      busy = false;
    }
  };
  const transition = (action: ApplicationAction, reason?: string) => () =>
    perform(action, () => setTrainingApplicationStatus({ applicationId, action, reason }));

  setHandler(formApplicationUpdate, () => perform('form', () => formTrainingApplication({ applicationId })), {
    validator: () => allow('form'),
  });
  setHandler(
    signApplicationUpdate,
    ({ signatureId }) =>
      perform('sign', () => acceptTrainingApplicationSignature({ applicationId, signatureId })),
    {
      validator: ({ signatureId }) => {
        if (typeof signatureId !== 'string' || !signatureId) throw new Error('signatureId is required');
        allow('sign');
      },
    },
  );
  setHandler(submitApplicationUpdate, transition('submit'), { validator: () => allow('submit') });
  setHandler(cancelApplicationUpdate, transition('cancel'), { validator: () => allow('cancel') });
  setHandler(
    decideApplicationUpdate,
    ({ decision, reason }) => transition(decision === 'enrolled' ? 'enrol' : 'reject', reason)(),
    {
      // Payloads come from outside: checked as values, not trusted as types.
      validator: ({ decision, reason }: ApplicationDecision) => {
        if (decision !== 'enrolled' && decision !== 'rejected')
          throw new Error('decision must be enrolled or rejected');
        if (decision === 'rejected' && !(typeof reason === 'string' && reason.trim())) {
          throw new Error('a rejection needs a reason');
        }
        allow(decision === 'enrolled' ? 'enrol' : 'reject');
      },
    },
  );
  setHandler(completeApplicationUpdate, transition('complete'), { validator: () => allow('complete') });

  const finish = async (): Promise<ApplicationStep> => {
    await condition(allHandlersFinished);
    return { status };
  };

  // Enrolment and completion may both arrive before this line runs again: either one moves on.
  const enrolledOrLater = () => status === 'enrolled' || status === 'completed';
  await condition(() => !busy && (enrolledOrLater() || FINAL_STATES.includes(status)));
  if (!enrolledOrLater()) return finish();

  // Counted from when the process saw the enrolment (a late enrolment gets the whole grace period).
  const programmeEndsOn = await trainingApplicationProgrammeEnd({ applicationId });
  const deadline = creditDeadline(programmeEndsOn, Date.now(), input.creditGraceMs);
  const completedInTime = await condition(() => status === 'completed', Math.max(1, deadline - Date.now()));
  if (!completedInTime) {
    ({ flaggedAt } = await flagTrainingApplication({ applicationId }));
    await notifyApplicationFlagged({ applicationId });
    setCurrentDetails(
      `Нет ЗЕТ после окончания цикла: заявка отмечена ${flaggedAt}; ждём завершения обучения`,
    );
    await condition(() => status === 'completed');
  }
  await condition(() => !busy);
  await creditTrainingApplication({ applicationId });
  status = 'credited';
  setCurrentDetails(DETAILS[status]);
  return finish();
}
