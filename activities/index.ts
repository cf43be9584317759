import type { ActivityDeps } from './deps.ts';
import { createBatchActivities } from './batch-activities.ts';
import { createInvitationActivities } from './invitation-activities.ts';
import { createOutboxActivities } from './outbox/activities.ts';
import { createPayslipActivities } from './payslip-activities.ts';
import { createRegisterActivities } from './register-activities.ts';
import { createServiceActivities } from './service-activities.ts';
import { createTrainingApplicationActivities } from './training-application-activities.ts';
import { createVerificationActivities } from './verification-activities.ts';

export type { ActivityDeps };

export function createActivities(deps: ActivityDeps) {
  return {
    ...createServiceActivities(deps),
    ...createInvitationActivities(deps),
    ...createOutboxActivities(deps),
    ...createBatchActivities(deps),
    ...createRegisterActivities(deps),
    ...createVerificationActivities(deps),
    ...createTrainingApplicationActivities(deps),
    ...createPayslipActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
