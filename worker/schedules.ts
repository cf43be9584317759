import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { eventCodeVerification } from '../workflows/event-code-verification.ts';
import { ProcessKindKey } from '../workflows/search-attributes.ts';

export const VERIFICATION_SCHEDULE_ID = 'event-code-verification-daily';

export interface VerificationScheduleOptions {
  scheduleId?: string;
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
      workflowType: eventCodeVerification,
      // Temporal appends the scheduled time, so every day's run has its own id.
      workflowId: options.scheduleId ?? VERIFICATION_SCHEDULE_ID,
      taskQueue: options.taskQueue,
      args: [{}] as [Record<string, never>],
      typedSearchAttributes: [{ key: ProcessKindKey, value: 'event_code_verification' }],
      staticSummary: 'Ежедневная проверка кодов мероприятий',
    },
    policies: {
      // A run still going at the next day's time is enough: that day's run is skipped, not queued.
      overlap: ScheduleOverlapPolicy.SKIP,
      // Temporal down over 03:00: the missed run still happens when it is back, within a day.
      catchupWindow: '1 day',
    },
    typedSearchAttributes: [{ key: ProcessKindKey, value: 'event_code_verification' }],
  };
}

/**
 * Creates the daily verification schedule, or brings an existing one up to date with the
 * configuration (keeping whether an operator paused it). Every worker does this at start: idempotent.
 */
export async function upsertVerificationSchedule(
  client: Client,
  options: VerificationScheduleOptions,
): Promise<'created' | 'updated'> {
  const scheduleId = options.scheduleId ?? VERIFICATION_SCHEDULE_ID;
  const wanted = verificationSchedule(options);
  try {
    await client.schedule.create({ scheduleId, ...wanted });
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
  await client.schedule.getHandle(scheduleId).update((previous) => ({
    ...wanted,
    state: { paused: previous.state.paused, note: previous.state.note },
  }));
  return 'updated';
}
