import type { MigrationObject } from '@mikro-orm/core';
import { Migration0001Initial } from './0001-initial.ts';
import { Migration0002IdempotentRequests } from './0002-idempotent-requests.ts';
import { Migration0003InvitationBatches } from './0003-invitation-batches.ts';
import { Migration0004ContinuingEducation } from './0004-continuing-education.ts';

/** Every migration in order. Listed explicitly so no file discovery happens at start-up. */
export const MIGRATIONS: MigrationObject[] = [
  { name: '0001-initial', class: Migration0001Initial },
  { name: '0002-idempotent-requests', class: Migration0002IdempotentRequests },
  { name: '0003-invitation-batches', class: Migration0003InvitationBatches },
  { name: '0004-continuing-education', class: Migration0004ContinuingEducation },
];
