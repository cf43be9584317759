import type { MigrationObject } from '@mikro-orm/core';
import { Migration0001Initial } from './0001-initial.ts';
import { Migration0002IdempotentRequests } from './0002-idempotent-requests.ts';
import { Migration0003InvitationBatches } from './0003-invitation-batches.ts';
import { Migration0004ContinuingEducation } from './0004-continuing-education.ts';
import { Migration0007EventCodeVerification } from './0007-event-code-verification.ts';
import { Migration0008TrainingApplicationFiles } from './0008-training-application-files.ts';
import { Migration0009Outbox } from './0009-outbox.ts';
import { Migration0010Accounts } from './0010-accounts.ts';
import { Migration0011TenantUsers } from './0011-tenant-users.ts';
import { Migration0012ExternalLoginNewsProducts } from './0012-external-login-news-products.ts';
import { Migration0013Payslips } from './0013-payslips.ts';

/** Every migration in order. Listed explicitly so no file discovery happens at start-up. */
export const MIGRATIONS: MigrationObject[] = [
  { name: '0001-initial', class: Migration0001Initial },
  { name: '0002-idempotent-requests', class: Migration0002IdempotentRequests },
  { name: '0003-invitation-batches', class: Migration0003InvitationBatches },
  { name: '0004-continuing-education', class: Migration0004ContinuingEducation },
  { name: '0007-event-code-verification', class: Migration0007EventCodeVerification },
  { name: '0008-training-application-files', class: Migration0008TrainingApplicationFiles },
  { name: '0009-outbox', class: Migration0009Outbox },
  { name: '0010-accounts', class: Migration0010Accounts },
  { name: '0011-tenant-users', class: Migration0011TenantUsers },
  { name: '0012-external-login-news-products', class: Migration0012ExternalLoginNewsProducts },
  { name: '0013-payslips', class: Migration0013Payslips },
];
