import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const ELEMENT_TYPES = ['iom', 'event', 'programme'] as const;
export type ElementType = (typeof ELEMENT_TYPES)[number];

/** An interactive module (ИОМ), an educational event, or a ДПП ПК programme. */
export const CatalogElement = defineEntity({
  name: 'CatalogElement',
  tableName: 'catalog_elements',
  properties: {
    id: p.uuid().primary(),
    type: p.enum(ELEMENT_TYPES),
    title: p.text(),
    description: p.text().nullable(),
    providerId: p.uuid(),
    credits: p.integer(),
    specialties: p.array(),
    startsOn: p.date().nullable(),
    endsOn: p.date().nullable(),
    minAttendanceMinutes: p.integer().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type CatalogElement = InferEntity<typeof CatalogElement>;

export const ProgrammeCycle = defineEntity({
  name: 'ProgrammeCycle',
  tableName: 'programme_cycles',
  properties: {
    id: p.uuid().primary(),
    elementId: p.uuid(),
    startsOn: p.date(),
    endsOn: p.date(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type ProgrammeCycle = InferEntity<typeof ProgrammeCycle>;
