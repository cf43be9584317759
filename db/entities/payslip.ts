import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const PUBLICATION_STATUSES = ['publishing', 'notifying', 'done'] as const;
export type PublicationStatus = (typeof PUBLICATION_STATUSES)[number];

/** One period's payslips published by the HR system in one call, and the process that notifies. */
export const PayslipPublication = defineEntity({
  name: 'PayslipPublication',
  tableName: 'payslip_publications',
  properties: {
    id: p.uuid().primary(),
    organizationId: p.uuid(),
    /** 'YYYY-MM'. */
    period: p.text(),
    title: p.text(),
    total: p.integer(),
    status: p.enum(PUBLICATION_STATUSES),
    workflowId: p.text(),
    createdAt: p.datetime().onCreate(() => new Date()),
    notifiedAt: p.datetime().nullable(),
    doneAt: p.datetime().nullable(),
  },
});
export type PayslipPublication = InferEntity<typeof PayslipPublication>;

export const PAYSLIP_LINE_KINDS = ['accrual', 'deduction', 'payment'] as const;
export type PayslipLineKind = (typeof PAYSLIP_LINE_KINDS)[number];

/** What the HR system sent for one employee. */
export interface PayslipContent {
  lines: { kind: PayslipLineKind; name: string; amount: number }[];
  net?: number;
  position?: string;
  department?: string;
}

/** One employee's payslip of a publication: opened and acknowledged ("Ознакомлен") by the employee. */
export const Payslip = defineEntity({
  name: 'Payslip',
  tableName: 'payslips',
  properties: {
    id: p.uuid().primary(),
    publicationId: p.uuid(),
    organizationId: p.uuid(),
    employeeId: p.uuid(),
    period: p.text(),
    content: p.json<PayslipContent>(),
    createdAt: p.datetime().onCreate(() => new Date()),
    /** 'no_contacts' when the employee has neither a mobile phone nor an e-mail. */
    notificationFailure: p.text().nullable(),
    openedAt: p.datetime().nullable(),
    acknowledgedAt: p.datetime().nullable(),
    remindersSent: p.integer().default(0),
  },
});
export type Payslip = InferEntity<typeof Payslip>;

/** The accepted payslips of a publication (gzipped JSON) until its process has stored them as rows. */
export const PayslipPublicationPayload = defineEntity({
  name: 'PayslipPublicationPayload',
  tableName: 'payslip_publication_payloads',
  properties: {
    publicationId: p.uuid().primary(),
    payload: p.blob(),
  },
});
export type PayslipPublicationPayload = InferEntity<typeof PayslipPublicationPayload>;
