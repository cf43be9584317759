import { ScheduleAlreadyRunning, type Client } from '@temporalio/client';
import {
  verificationSchedule,
  type VerificationScheduleOptions,
} from '../processes/event-code-verification.ts';

/**
 * Creates the daily verification schedule, or brings an existing one up to date with the
 * configuration (keeping whether an operator paused it). Every worker does this at start: idempotent.
 */
export async function upsertVerificationSchedule(
  client: Client,
  options: VerificationScheduleOptions,
): Promise<'created' | 'updated'> {
  const wanted = verificationSchedule(options);
  try {
    await client.schedule.create({ scheduleId: options.scheduleId, ...wanted });
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
  await client.schedule.getHandle(options.scheduleId).update((previous) => ({
    ...wanted,
    state: { paused: previous.state.paused, note: previous.state.note },
  }));
  return 'updated';
}
