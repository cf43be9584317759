import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '../config/logger.ts';
import type { SmscClient } from '../integrations/smsc/client.ts';

/** Everything activities touch from the outside world; tests pass their own. */
export interface ActivityDeps {
  orm: MikroORM;
  sms: SmscClient;
  logger: Logger;
  clock: () => Date;
  settings: {
    /** HMAC key for one-time codes. */
    secret: string;
    serviceUrlTemplate: string;
  };
}
