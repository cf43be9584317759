import type { ActivityDeps } from './deps.ts';
import { createBatchActivities } from './batch-activities.ts';
import { createInvitationActivities } from './invitation-activities.ts';
import { createServiceActivities } from './service-activities.ts';

export type { ActivityDeps };

export function createActivities(deps: ActivityDeps) {
  return {
    ...createServiceActivities(deps),
    ...createInvitationActivities(deps),
    ...createBatchActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
