import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const SERVICE_STATUSES = ['connecting', 'awaiting_admin', 'active', 'expired'] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];

/** The employee-cabinet service an organization connects (one per organization). */
export const Service = defineEntity({
  name: 'Service',
  tableName: 'services',
  properties: {
    organizationId: p.uuid().primary(),
    name: p.text(),
    slug: p.text(),
    status: p.enum(SERVICE_STATUSES),
    adminEmployeeId: p.uuid(),
    adminInvitationId: p.uuid().nullable(),
    workflowId: p.text(),
    initialEmployeeIds: p.json<string[]>(),
    trialEndsAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    activatedAt: p.datetime().nullable(),
    expiredAt: p.datetime().nullable(),
  },
});
export type Service = InferEntity<typeof Service>;
