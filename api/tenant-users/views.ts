import { z } from '@hono/zod-openapi';
import { ACCESS_LEVELS, ACCESS_RIGHTS, type AccessRight } from '../../domain/access-rights.ts';
import type { MessageChannel } from '../../domain/message-channel.ts';
import { OrgIdParam, PageQuery } from '../http/schemas.ts';
import type { Member } from './members.ts';
import type { LoginEvent, TenantSession } from './session-service.ts';

// --- users ------------------------------------------------------------------------------------------

export const AccessLevelSchema = z.enum(ACCESS_LEVELS).openapi('AccessLevel');
export const AccessRightSchema = z
  .enum(ACCESS_RIGHTS as [AccessRight, ...AccessRight[]])
  .openapi('AccessRight', { description: 'A right of domain/access-rights.ts' });

export const TenantUserSchema = z
  .object({
    id: z.uuid(),
    login: z.string(),
    fullName: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    accessLevel: AccessLevelSchema,
    isOwner: z.boolean(),
    grantedRights: z.array(AccessRightSchema).openapi({ description: 'Rights granted on top of the level' }),
    rights: z
      .array(AccessRightSchema)
      .openapi({ description: 'Every right the user has in this organization' }),
    databases: z.array(z.object({ id: z.uuid(), name: z.string() })),
    createdAt: z.string(),
  })
  .openapi('TenantUser');

export const tenantUserView = (member: Member): z.infer<typeof TenantUserSchema> => ({
  id: member.id,
  login: member.login,
  fullName: member.fullName,
  email: member.email,
  phone: member.phone,
  accessLevel: member.accessLevel,
  isOwner: member.isOwner,
  grantedRights: member.grantedRights,
  rights: member.rights,
  databases: member.databases,
  createdAt: member.createdAt.toISOString(),
});

export const UserIdParams = z.object({
  orgId: z.uuid().openapi({ param: { name: 'orgId', in: 'path' } }),
  userId: z.uuid().openapi({ param: { name: 'userId', in: 'path' } }),
});

export const LoginInput = z
  .string()
  .trim()
  .min(3)
  .max(100)
  .regex(/^\S+$/, 'no spaces in a login')
  .openapi({ description: 'A chosen login, an e-mail or a mobile phone; stored in its normal form' });
export const PasswordInput = z.string().max(1000);
export const FullNameInput = z.string().trim().min(1).max(300);

const Databases = z
  .array(z.uuid())
  .max(1000)
  .openapi({ description: 'Ids of the databases the user may use' });

export const NewTenantUser = z.object({
  login: LoginInput,
  password: PasswordInput,
  fullName: FullNameInput,
  email: z.string().max(320).nullish(),
  phone: z.string().max(50).nullish(),
  accessLevel: AccessLevelSchema,
  grantedRights: z
    .array(AccessRightSchema)
    .max(ACCESS_RIGHTS.length * 2)
    .default([]),
  databases: Databases.default([]),
});
export type NewTenantUser = z.infer<typeof NewTenantUser>;

export const TenantUserChanges = z.object({
  login: LoginInput.optional(),
  password: PasswordInput.optional(),
  fullName: FullNameInput.optional(),
  email: z.string().max(320).nullish(),
  phone: z.string().max(50).nullish(),
  accessLevel: AccessLevelSchema.optional(),
  grantedRights: z
    .array(AccessRightSchema)
    .max(ACCESS_RIGHTS.length * 2)
    .optional(),
  databases: Databases.optional(),
});
export type TenantUserChanges = z.infer<typeof TenantUserChanges>;

export const DeletionCodeSchema = z
  .object({
    channel: z.enum(['sms', 'email']),
    to: z.string().openapi({ description: 'Where the code went, masked' }),
    expiresAt: z.string(),
  })
  .openapi('DeletionCodeSent');

export const deletionCodeView = (sent: {
  channel: MessageChannel;
  to: string;
  expiresAt: Date;
}): z.infer<typeof DeletionCodeSchema> => ({
  channel: sent.channel,
  to: sent.to,
  expiresAt: sent.expiresAt.toISOString(),
});

export const DeleteTenantUserBody = z.object({
  confirmationCode: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'six digits')
    .optional()
    .openapi({ description: 'From POST …/deletion-code' }),
});

// --- sessions and the connection history ------------------------------------------------------------

export const Ended = z.object({ ended: z.number().int() });

export const SessionParams = OrgIdParam.extend({
  sessionId: z.uuid().openapi({ param: { name: 'sessionId', in: 'path' } }),
});

export const ByUserPageQuery = PageQuery.extend({ userId: z.uuid().optional() });

export const TenantSessionSchema = z
  .object({
    id: z.uuid(),
    userId: z.uuid(),
    login: z.string(),
    fullName: z.string().nullable(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    createdAt: z.string(),
    lastSeenAt: z.string(),
    expiresAt: z.string(),
    current: z.boolean().openapi({ description: "The caller's own session" }),
  })
  .openapi('TenantSession');

export const tenantSessionView = (s: TenantSession): z.infer<typeof TenantSessionSchema> => ({
  id: s.id,
  userId: s.userId,
  login: s.login,
  fullName: s.fullName,
  ip: s.ip,
  userAgent: s.userAgent,
  createdAt: s.createdAt.toISOString(),
  lastSeenAt: s.lastSeenAt.toISOString(),
  expiresAt: s.expiresAt.toISOString(),
  current: s.current,
});

export const LoginEventSchema = z
  .object({
    id: z.string(),
    userId: z.uuid().nullable(),
    login: z.string().nullable(),
    fullName: z.string().nullable(),
    result: z.string(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('TenantConnectionHistoryEntry');

export const loginEventView = (e: LoginEvent): z.infer<typeof LoginEventSchema> => ({
  id: e.id,
  userId: e.userId,
  login: e.login,
  fullName: e.fullName,
  result: e.result,
  ip: e.ip,
  userAgent: e.userAgent,
  createdAt: e.createdAt.toISOString(),
});
