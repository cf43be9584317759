import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const DOCUMENT_KINDS = ['specialist_certificate', 'accreditation'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
export const REGISTER_STATUSES = ['unconfirmed', 'confirmed', 'not_found'] as const;
export type RegisterStatus = (typeof REGISTER_STATUSES)[number];

export const SpecialistDocument = defineEntity({
  name: 'SpecialistDocument',
  tableName: 'specialist_documents',
  properties: {
    id: p.uuid().primary(),
    specialistId: p.uuid(),
    kind: p.enum(DOCUMENT_KINDS),
    series: p.text(),
    number: p.text(),
    specialty: p.text(),
    issuedOn: p.date(),
    registerStatus: p.enum(REGISTER_STATUSES),
    registerReason: p.text().nullable(),
    registerCheckedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type SpecialistDocument = InferEntity<typeof SpecialistDocument>;
