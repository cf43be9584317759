import { z } from '@hono/zod-openapi';
import type { OrganizationDetailsRow } from '../../db/queries/organization-details.ts';
import { ACCESS_LEVEL_LABELS, RIGHT_LABELS } from '../../domain/access-rights.ts';
import { OrgIdParam } from '../http/schemas.ts';
import type { TenantAccess } from './access.ts';
import type { Owner, TenantDatabase } from './organization-service.ts';
import { AccessLevelSchema, AccessRightSchema, FullNameInput, LoginInput, PasswordInput } from './views.ts';

// --- databases --------------------------------------------------------------------------------------

export const DatabaseSchema = z
  .object({ id: z.uuid(), name: z.string(), users: z.number().int(), createdAt: z.string() })
  .openapi('TenantDatabase');

export const databaseView = (d: TenantDatabase): z.infer<typeof DatabaseSchema> => ({
  id: d.id,
  name: d.name,
  users: d.users,
  createdAt: d.createdAt.toISOString(),
});

export const DatabaseParams = OrgIdParam.extend({
  databaseId: z.uuid().openapi({ param: { name: 'databaseId', in: 'path' } }),
});

export const NewDatabase = z.object({ name: z.string().trim().min(1).max(200) });

// --- details ----------------------------------------------------------------------------------------

export const DetailsSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    inn: z.string(),
    kpp: z.string().nullable(),
    address: z.string().nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    timezone: z.string(),
  })
  .openapi('OrganizationDetails');

export const detailsView = (row: OrganizationDetailsRow): z.infer<typeof DetailsSchema> => ({
  id: row.id,
  name: row.name,
  inn: row.inn,
  kpp: row.kpp,
  address: row.address,
  phone: row.phone,
  email: row.email,
  timezone: row.timezone,
});

export const DetailsChanges = z.object({
  name: z.string().trim().min(1).max(300).optional(),
  inn: z.string().trim().max(20).optional(),
  kpp: z
    .string()
    .trim()
    .regex(/^\d{4}[\dA-Z]{2}\d{3}$/, 'КПП is 9 characters: 4 digits, 2 digits or capital letters, 3 digits')
    .nullish(),
  address: z.string().trim().min(1).max(500).nullish(),
  phone: z.string().max(50).nullish(),
  email: z.string().max(320).nullish(),
});

// --- the owner --------------------------------------------------------------------------------------

export const OwnerSchema = z
  .object({
    userId: z.uuid(),
    login: z.string(),
    fullName: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
  })
  .openapi('TenantOwner');

export const ownerView = (owner: Owner): z.infer<typeof OwnerSchema> => ({
  userId: owner.id,
  login: owner.login,
  fullName: owner.fullName,
  email: owner.email,
  phone: owner.phone,
});

export const OwnerInput = z.object({
  login: LoginInput,
  password: PasswordInput,
  fullName: FullNameInput,
  email: z.string().max(320).nullish(),
  phone: z.string().max(50).nullish(),
});
export type OwnerInput = z.infer<typeof OwnerInput>;

// --- my rights --------------------------------------------------------------------------------------

export const MyRightsSchema = z
  .object({
    actor: z.enum(['user', 'organization', 'operator']),
    // A union, not .nullable(): on a named schema the document would lose the null.
    accessLevel: z.union([AccessLevelSchema, z.null()]).openapi({
      description: 'null for the organization key and the operator',
    }),
    accessLevelLabel: z.string().nullable(),
    isOwner: z.boolean(),
    rights: z.array(AccessRightSchema),
    labels: z.record(z.string(), z.string()).openapi({ description: 'Russian label of every right listed' }),
  })
  .openapi('MyTenantRights');

export const myRightsView = (access: TenantAccess): z.infer<typeof MyRightsSchema> => {
  const level = access.kind === 'user' ? access.level : null;
  return {
    actor: access.kind,
    accessLevel: level,
    accessLevelLabel: level ? ACCESS_LEVEL_LABELS[level] : null,
    isOwner: access.isOwner,
    rights: access.rights,
    labels: Object.fromEntries(access.rights.map((right) => [right, RIGHT_LABELS[right]])),
  };
};
