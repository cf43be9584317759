import type { MigrationObject } from '@mikro-orm/core';
import { Migration0001Initial } from './0001-initial.ts';
import { Migration0002IdempotentRequests } from './0002-idempotent-requests.ts';
import { Migration0003InvitationBatches } from './0003-invitation-batches.ts';
import { Migration0004ContinuingEducation } from './0004-continuing-education.ts';
import { Migration0007EventCodeVerification } from './0007-event-code-verification.ts';
import { Migration0008TrainingApplicationFiles } from './0008-training-application-files.ts';

/** Every migration in order. Listed explicitly so no file discovery happens at start-up. */
export const MIGRATIONS: MigrationObject[] = [
  { name: '0001-initial', class: Migration0001Initial },
  { name: '0002-idempotent-requests', class: Migration0002IdempotentRequests },
  { name: '0003-invitation-batches', class: Migration0003InvitationBatches },
  { name: '0004-continuing-education', class: Migration0004ContinuingEducation },
  { name: '0007-event-code-verification', class: Migration0007EventCodeVerification },
  { name: '0008-training-application-files', class: Migration0008TrainingApplicationFiles },
];
