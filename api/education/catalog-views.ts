import { z } from '@hono/zod-openapi';
import { ELEMENT_TYPES } from '../../db/entities/catalog-element.ts';
import type { CatalogElementRecord } from '../../db/queries/catalog-elements.ts';
import { PageQuery } from '../http/schemas.ts';

const day = z.iso.date().openapi({ example: '2026-03-16' });

export const CatalogElementInput = z
  .object({
    type: z.enum(ELEMENT_TYPES),
    title: z.string().trim().min(1).max(500),
    description: z.string().trim().max(20_000).nullish(),
    credits: z.number().int().min(1).max(500).openapi({ description: 'ЗЕТ (1 ЗЕТ = 1 academic hour)' }),
    specialties: z.array(z.string().trim().min(1).max(200)).min(1).max(100),
    startsOn: day.optional(),
    endsOn: day.optional(),
    minAttendanceMinutes: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .optional()
      .openapi({ description: 'events only; default: 45 minutes per ЗЕТ' }),
    cycles: z
      .array(z.object({ startsOn: day, endsOn: day }))
      .max(200)
      .optional()
      .openapi({ description: 'programmes only: their dated cycles' }),
    providerId: z
      .uuid()
      .optional()
      .openapi({ description: 'operator: required; a provider key: itself or omitted' }),
  })
  .openapi('CatalogElementInput');
export type CatalogElementInput = z.infer<typeof CatalogElementInput>;

export const ProgrammeCycleSchema = z
  .object({ id: z.uuid(), startsOn: z.string(), endsOn: z.string() })
  .openapi('ProgrammeCycle');

export const CatalogElementSchema = z
  .object({
    id: z.uuid(),
    type: z.enum(ELEMENT_TYPES),
    title: z.string(),
    description: z.string().nullable(),
    provider: z.object({ id: z.uuid(), name: z.string() }),
    credits: z.number().int().openapi({ description: 'ЗЕТ; 1 ЗЕТ = 1 academic hour' }),
    specialties: z.array(z.string()),
    startsOn: z.string().nullable().openapi({ description: 'null: available any time (ИОМ)' }),
    endsOn: z.string().nullable(),
    minAttendanceMinutes: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'events: attendance a code needs' }),
    cycles: z
      .array(ProgrammeCycleSchema)
      .openapi({ description: 'programmes: their dated cycles; [] otherwise' }),
  })
  .openapi('CatalogElement');
export type CatalogElementView = z.infer<typeof CatalogElementSchema>;

export const catalogElementView = (e: CatalogElementRecord): CatalogElementView => ({
  id: e.id,
  type: e.type,
  title: e.title,
  description: e.description,
  provider: { id: e.provider.id, name: e.provider.name },
  credits: e.credits,
  specialties: e.specialties,
  startsOn: e.startsOn,
  endsOn: e.endsOn,
  minAttendanceMinutes: e.minAttendanceMinutes,
  cycles: e.cycles.map((c) => ({ id: c.id, startsOn: c.startsOn, endsOn: c.endsOn })),
});

export const ElementParam = z.object({
  elementId: z.uuid().openapi({ param: { name: 'elementId', in: 'path' } }),
});

const credits = z.coerce.number().int().min(0).max(100_000).optional();

export const CatalogQuery = PageQuery.extend({
  type: z.enum(ELEMENT_TYPES).optional(),
  specialty: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .openapi({ description: 'exact name, e.g. Кардиология', example: 'Кардиология' }),
  provider: z.uuid().optional().openapi({ description: 'provider id' }),
  from: z.iso.date().optional().openapi({ description: 'elements running on or after this day' }),
  to: z.iso.date().optional().openapi({ description: 'elements running on or before this day' }),
  minCredits: credits,
  maxCredits: credits,
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .openapi({ description: 'words in the title or description, any case; empty means no filter' }),
})
  .refine((f) => !f.from || !f.to || f.to >= f.from, { path: ['to'], message: 'must not be before from' })
  .refine((f) => f.minCredits === undefined || f.maxCredits === undefined || f.maxCredits >= f.minCredits, {
    path: ['maxCredits'],
    message: 'must not be below minCredits',
  });
export type CatalogQuery = z.infer<typeof CatalogQuery>;
