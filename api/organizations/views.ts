import { z } from '@hono/zod-openapi';
import type { ApiKey, Organization } from '../../db/entities/index.ts';

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('ru-RU', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export const NewOrganization = z.object({
  name: z.string().trim().min(1).max(300),
  inn: z.string().trim().max(12).openapi({ example: '7707083893' }),
  timezone: z.string().max(64).default('Europe/Moscow').refine(isTimeZone, 'unknown IANA time zone'),
});
export type NewOrganization = z.infer<typeof NewOrganization>;

export const OrganizationSchema = z
  .object({ id: z.uuid(), name: z.string(), inn: z.string(), timezone: z.string(), createdAt: z.string() })
  .openapi('Organization');

export const IssuedApiKeySchema = z
  .object({ id: z.uuid(), key: z.string(), prefix: z.string(), createdAt: z.string() })
  .openapi('ApiKey');

export const organizationView = (row: Organization): z.infer<typeof OrganizationSchema> => ({
  id: row.id,
  name: row.name,
  inn: row.inn,
  timezone: row.timezone,
  createdAt: row.createdAt.toISOString(),
});

export const issuedApiKeyView = (row: ApiKey, key: string): z.infer<typeof IssuedApiKeySchema> => ({
  id: row.id,
  key,
  prefix: row.keyPrefix,
  createdAt: row.createdAt.toISOString(),
});
