import { randomUUID } from 'node:crypto';
import { ApiKey, Organization } from '../../db/entities/index.ts';
import { isValidInn } from '../../domain/inn.ts';
import { newApiKey, sha256 } from '../../integrations/crypto/tokens.ts';
import { requireOperator, requireOrganizationAdmin } from '../http/access.ts';
import type { Actor, ServiceDeps } from '../http/context.ts';
import { invalidField } from '../http/errors.ts';
import type { NewOrganization } from './views.ts';

/** Organizations (tenants) and their HR systems' API keys: the operator's business. */
export function createOrganizationService({ em, log }: ServiceDeps) {
  return {
    async create(actor: Actor | undefined, input: NewOrganization): Promise<Organization> {
      requireOperator(actor);
      if (!isValidInn(input.inn))
        throw invalidField('inn', 'INN must be 10 or 12 digits with valid checksums');
      const organization = em.create(Organization, {
        id: randomUUID(),
        name: input.name,
        inn: input.inn,
        timezone: input.timezone,
        createdAt: new Date(),
      });
      await em.flush();
      log.info({ organizationId: organization.id }, 'organization created');
      return organization;
    },

    /** A new key for the organization's HR system; the key itself is returned once and stored hashed. */
    async issueApiKey(
      actor: Actor | undefined,
      organizationId: string,
    ): Promise<{ row: ApiKey; key: string }> {
      requireOperator(actor);
      await requireOrganizationAdmin(em, actor, organizationId);
      const key = newApiKey();
      const row = em.create(ApiKey, {
        id: randomUUID(),
        organizationId,
        keyHash: sha256(key),
        keyPrefix: key.slice(0, 8),
        createdAt: new Date(),
      });
      await em.flush();
      log.info({ organizationId, apiKeyId: row.id }, 'api key issued');
      return { row, key };
    },
  };
}
