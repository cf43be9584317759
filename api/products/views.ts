import { z } from '@hono/zod-openapi';
import type { RegistrationRow } from './service.ts';

// --- licences (the operator) ------------------------------------------------------------------------

export const MAX_LICENCES = 10_000;

export const LicencesInput = z.object({
  licences: z
    .array(
      z.object({
        registrationNumber: z.string().max(40),
        pin: z.string().max(64),
        productName: z.string().trim().min(1).max(300),
      }),
    )
    .min(1)
    .max(MAX_LICENCES),
});
export type LicenceInput = z.infer<typeof LicencesInput>['licences'][number];

export const LicencesLoadedSchema = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
});

// --- registering a product (a user) -----------------------------------------------------------------

const text = (max: number) => z.string().trim().min(1, 'required').max(max);

const common = {
  name: text(500).openapi({ description: "The organization's name, or a person's full name" }),
  inn: z.string().trim().max(12).openapi({ description: '10 digits for a company, 12 for a person' }),
  head: text(300),
  activityType: text(300),
  phone: z.string().trim().min(1, 'required').max(40),
  email: z.string().trim().min(1, 'required').max(320),
  country: text(100),
  placeOfPurchase: text(500),
  purchaseDate: z.iso.date().openapi({ example: '2026-11-20' }),
  workplaces: z.number().int().min(1).max(100_000),
  responsiblePerson: text(300),
};

export const OrganizationSchema = z
  .discriminatedUnion('kind', [
    z
      .object({
        kind: z.literal('company'),
        ...common,
        kpp: z
          .string()
          .trim()
          .regex(/^\d{9}$/, 'КПП is 9 digits')
          .optional(),
        address: text(1000).optional(),
      })
      .strict(),
    // A private person gives only the required fields: the name is the full name, the INN personal.
    z.object({ kind: z.literal('person'), ...common }).strict(),
  ])
  .openapi('ProductOrganization');
export type OrganizationInput = z.infer<typeof OrganizationSchema>;

export const RegistrationInput = z.object({
  registrationNumber: z.string().max(40),
  pin: z.string().max(64),
  organization: OrganizationSchema,
});
export type RegistrationInput = z.infer<typeof RegistrationInput>;

export const RegistrationSchema = z
  .object({
    id: z.uuid(),
    registrationNumber: z.string(),
    productName: z.string(),
    organization: z.object({
      kind: z.enum(['company', 'person']),
      name: z.string(),
      inn: z.string(),
      head: z.string(),
      activityType: z.string(),
      phone: z.string(),
      email: z.string(),
      country: z.string(),
      placeOfPurchase: z.string(),
      purchaseDate: z.string(),
      workplaces: z.number().int(),
      responsiblePerson: z.string(),
      kpp: z.string().nullable(),
      address: z.string().nullable(),
    }),
    createdAt: z.string(),
  })
  .openapi('ProductRegistration');

const isoDate = (value: string | Date): string =>
  typeof value === 'string'
    ? value.slice(0, 10)
    : `${value.getFullYear()}-${String(value.getMonth() + 1).padStart(2, '0')}-${String(value.getDate()).padStart(2, '0')}`;

export const registrationView = (r: RegistrationRow): z.infer<typeof RegistrationSchema> => ({
  id: r.id,
  registrationNumber: r.registration_number,
  productName: r.product_name,
  organization: {
    kind: r.kind,
    name: r.name,
    inn: r.inn,
    head: r.head,
    activityType: r.activity_type,
    phone: r.phone,
    email: r.email,
    country: r.country,
    placeOfPurchase: r.place_of_purchase,
    purchaseDate: isoDate(r.purchase_date),
    workplaces: r.workplaces,
    responsiblePerson: r.responsible_person,
    kpp: r.kpp,
    address: r.address,
  },
  createdAt: new Date(r.created_at).toISOString(),
});
