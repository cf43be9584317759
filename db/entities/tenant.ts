import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * A user's membership of a tenant (an organization on scloud.ru): the access level, rights granted
 * on top of it (domain/access-rights.ts) and whether they are the owner (main user, one per tenant).
 */
export const TenantMember = defineEntity({
  name: 'TenantMember',
  tableName: 'tenant_members',
  properties: {
    organizationId: p.uuid().primary(),
    userId: p.uuid().primary(),
    /** user | accountant | administrator | support */
    accessLevel: p.text(),
    isOwner: p.boolean().default(false),
    grantedRights: p.array().default([]),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type TenantMember = InferEntity<typeof TenantMember>;

/** One of the tenant's 1C databases; members are given access to some of them. */
export const TenantDatabase = defineEntity({
  name: 'TenantDatabase',
  tableName: 'tenant_databases',
  properties: {
    id: p.uuid().primary(),
    organizationId: p.uuid(),
    name: p.text(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type TenantDatabase = InferEntity<typeof TenantDatabase>;

export const TenantMemberDatabase = defineEntity({
  name: 'TenantMemberDatabase',
  tableName: 'tenant_member_databases',
  properties: {
    organizationId: p.uuid().primary(),
    userId: p.uuid().primary(),
    databaseId: p.uuid().primary(),
  },
});
export type TenantMemberDatabase = InferEntity<typeof TenantMemberDatabase>;

/** A confirmation code for deleting a member; only its HMAC is stored. */
export const DeletionCode = defineEntity({
  name: 'DeletionCode',
  tableName: 'deletion_codes',
  properties: {
    id: p.uuid().primary(),
    organizationId: p.uuid(),
    /** user | organization | operator: who asked for it (and may use it). */
    actorKind: p.text(),
    actorUserId: p.uuid().nullable(),
    targetUserId: p.uuid(),
    /** sms | email */
    channel: p.text(),
    codeHash: p.text().hidden(),
    attemptsUsed: p.integer().default(0),
    expiresAt: p.datetime(),
    usedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type DeletionCode = InferEntity<typeof DeletionCode>;
