import { z } from '@hono/zod-openapi';
import type { Service } from '../../db/entities/index.ts';
import { SERVICE_STATUSES } from '../../db/entities/service.ts';

export const ConnectService = z.object({
  serviceName: z.string().trim().min(1).max(200),
  slug: z.string().max(100).openapi({ example: 'romashka' }),
  adminEmployeeId: z.uuid(),
  employeeIds: z.array(z.uuid()).max(10_000).optional(),
});
export type ConnectService = z.infer<typeof ConnectService>;

export const ConnectingSchema = z.object({
  status: z.literal('connecting'),
  workflowId: z.string(),
  url: z.string(),
});

export const ServiceSchema = z
  .object({
    status: z.enum(SERVICE_STATUSES),
    serviceName: z.string(),
    slug: z.string(),
    url: z.string(),
    trialEndsAt: z.string().nullable(),
    admin: z.object({ employeeId: z.uuid(), invitationId: z.uuid().nullable() }),
    workflowId: z.string(),
  })
  .openapi('Service');

export const connectingView = (workflowId: string, url: string): z.infer<typeof ConnectingSchema> => ({
  status: 'connecting',
  workflowId,
  url,
});

export const serviceView = (service: Service, url: string): z.infer<typeof ServiceSchema> => ({
  status: service.status,
  serviceName: service.name,
  slug: service.slug,
  url,
  trialEndsAt: service.trialEndsAt?.toISOString() ?? null,
  admin: { employeeId: service.adminEmployeeId, invitationId: service.adminInvitationId ?? null },
  workflowId: service.workflowId,
});
