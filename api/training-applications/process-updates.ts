import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { TrainingApplication } from '../../db/entities/index.ts';
import { trainingApplicationWorkflowId } from '../../workflows/ids.ts';
import {
  APPLICATION_BUSY,
  INVALID_TRANSITION,
  type ApplicationStep,
} from '../../workflows/training-application.ts';
import type { ServiceDeps } from '../http/context.ts';
import { ApiError, conflict } from '../http/errors.ts';

export const invalidTransition = (status: string, action: string) =>
  new ApiError(409, 'invalid_transition', `the application is ${status}; "${action}" is not possible now`, {
    status,
    action,
  });

/**
 * Asks the application's workflow to do `action` and waits for its answer: the workflow checks the
 * transition against its own state, so a wrong one is refused there and answered 409 here.
 */
export async function runApplicationUpdate(
  { temporal, em, log }: ServiceDeps,
  applicationId: string,
  action: string,
  execute: (handle: WorkflowHandle) => Promise<ApplicationStep>,
): Promise<ApplicationStep> {
  const handle = temporal.workflow.getHandle(trainingApplicationWorkflowId(applicationId));
  try {
    return await execute(handle);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) {
      // The process has ended (cancelled, rejected, credited): nothing can change any more.
      const current = await em.fork().findOne(TrainingApplication, applicationId, { fields: ['status'] });
      throw invalidTransition(current?.status ?? 'closed', action);
    }
    if (!(err instanceof WorkflowUpdateFailedError)) throw err;
    const cause = err.cause;
    if (cause instanceof ApplicationFailure && cause.type === INVALID_TRANSITION) {
      const [status] = cause.details ?? [];
      throw invalidTransition(typeof status === 'string' ? status : 'in another state', action);
    }
    if (cause instanceof ApplicationFailure && cause.type === APPLICATION_BUSY) {
      throw new ApiError(409, 'application_busy', cause.message, undefined, { 'Retry-After': '1' });
    }
    if (cause instanceof ActivityFailure) {
      // Nothing changed; the activities are idempotent, so the same request can simply be repeated.
      log.error({ err, applicationId, action }, 'training application action failed');
      throw new ApiError(
        503,
        'action_failed',
        `"${action}" could not be completed now; retry shortly`,
        undefined,
        { 'Retry-After': '5' },
      );
    }
    throw conflict('invalid_transition', cause?.message ?? err.message);
  }
}
