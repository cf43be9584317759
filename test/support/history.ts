// Reading a workflow's history in tests: what the workflow did after a signal, once it has done it,
// so a test can assert that something did NOT happen without racing the thing it rules out.
import type { WorkflowHandle } from '@temporalio/client';
import proto from '@temporalio/proto';
import { eventually } from './flow.ts';

const EventType = proto.temporal.api.enums.v1.EventType;

export interface StepsAfterSignal {
  /** Activity types scheduled after the signal, in order. */
  activities: string[];
  /** Whether a timer was started after the signal (the workflow went back to waiting). */
  timerStarted: boolean;
}

/**
 * Waits until the workflow has handled the latest `signalName` up to the decision that follows
 * `activityType` (the workflow task completed after that activity completed), and tells what it
 * scheduled after the signal.
 */
export async function stepsAfterSignal(
  handle: WorkflowHandle,
  signalName: string,
  activityType: string,
): Promise<StepsAfterSignal> {
  return eventually(async () => {
    const events = (await handle.fetchHistory()).events ?? [];
    const signalAt = events.findLastIndex(
      (e) =>
        e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED &&
        e.workflowExecutionSignaledEventAttributes?.signalName === signalName,
    );
    if (signalAt < 0) return undefined;
    const after = events.slice(signalAt + 1);
    const scheduled = after.flatMap((e) =>
      e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
        ? [
            {
              id: e.eventId?.toString(),
              type: e.activityTaskScheduledEventAttributes?.activityType?.name ?? '',
            },
          ]
        : [],
    );
    const watched = scheduled.find((s) => s.type === activityType);
    if (!watched) return undefined;
    const completedAt = after.findIndex(
      (e) =>
        e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED &&
        e.activityTaskCompletedEventAttributes?.scheduledEventId?.toString() === watched.id,
    );
    if (completedAt < 0) return undefined;
    const decided = after
      .slice(completedAt + 1)
      .some((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
    if (!decided) return undefined;
    return {
      activities: scheduled.map((s) => s.type),
      timerStarted: after.some((e) => e.eventType === EventType.EVENT_TYPE_TIMER_STARTED),
    };
  }, `the workflow to handle "${signalName}" past ${activityType}`);
}

/** How many `signalName` signals the workflow has received so far. */
export async function signalCount(handle: WorkflowHandle, signalName: string): Promise<number> {
  const events = (await handle.fetchHistory()).events ?? [];
  return events.filter(
    (e) =>
      e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED &&
      e.workflowExecutionSignaledEventAttributes?.signalName === signalName,
  ).length;
}
