import { ScheduleOverlapPolicy } from '@temporalio/client';
import type { eventCodeVerification } from '../workflows/event-code-verification.ts';
import { verificationRunWorkflowId } from '../workflows/ids.ts';
import { processSearchAttributes } from '../workflows/search-attributes.ts';
import type { ProcessClient } from './process-client.ts';

/** Starts a verification run an operator asked for (`event-code-verification/<runId>`). */
export async function startVerificationRun(client: ProcessClient, runId: string): Promise<string> {
  const workflowId = verificationRunWorkflowId(runId);
  await client.temporal.workflow.start<typeof eventCodeVerification>('eventCodeVerification', {
    workflowId,
    taskQueue: client.taskQueue,
    args: [{ runId }],
    typedSearchAttributes: processSearchAttributes('event_code_verification'),
    staticSummary: 'Проверка кодов мероприятий (запущена оператором)',
  });
  return workflowId;
}

export interface VerificationScheduleOptions {
  scheduleId: string;
  taskQueue: string;
  /** "HH:MM", local to `timeZone`. */
  time: string;
  /** IANA name, e.g. Europe/Moscow; the schedule follows its clock changes. */
  timeZone: string;
}

/** What the daily verification schedule should look like, for create and update alike. */
export function verificationSchedule(options: VerificationScheduleOptions) {
  const [hour, minute] = options.time.split(':').map(Number) as [number, number];
  return {
    spec: {
      calendars: [{ hour, minute, comment: `daily at ${options.time}` }],
      timezone: options.timeZone,
    },
    action: {
      type: 'startWorkflow' as const,
      workflowType: 'eventCodeVerification',
      // Temporal appends the scheduled time, so every day's run has its own id.
      workflowId: options.scheduleId,
      taskQueue: options.taskQueue,
      args: [{}] as [Record<string, never>],
      typedSearchAttributes: processSearchAttributes('event_code_verification'),
      staticSummary: 'Ежедневная проверка кодов мероприятий',
    },
    policies: {
      // A run still going at the next day's time is enough: that day's run is skipped, not queued.
      overlap: ScheduleOverlapPolicy.SKIP,
      // Temporal down over 03:00: the missed run still happens when it is back, within a day.
      catchupWindow: '1 day',
    },
    typedSearchAttributes: processSearchAttributes('event_code_verification'),
  };
}
