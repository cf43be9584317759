import type { MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import type { Logger } from '../config/logger.ts';
import type { Mailer } from '../integrations/email/mailer.ts';
import type { RegisterClient } from '../integrations/register/client.ts';
import type { SmscClient } from '../integrations/smsc/client.ts';

/** Everything activities touch from the outside world; tests pass their own. */
export interface ActivityDeps {
  orm: MikroORM;
  sms: SmscClient;
  /** Outgoing e-mail (SMTP); the outbox sends through it. */
  mail: Mailer;
  /** The federal register of medical workers (ФРМР), to confirm specialists' documents. */
  register: RegisterClient;
  /** For activities that start processes in bulk (one workflow per invitation). */
  temporal: Client;
  logger: Logger;
  clock: () => Date;
  settings: {
    /** HMAC key for one-time codes. */
    secret: string;
    serviceUrlTemplate: string;
    /** Chromium that prints application documents to PDF; /usr/bin/chromium when unset. */
    chromiumPath?: string;
  };
}
