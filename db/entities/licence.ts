import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** A licence issued with a boxed product (1С:ИТС): registration number and PIN (kept as an HMAC). */
export const Licence = defineEntity({
  name: 'Licence',
  tableName: 'licences',
  properties: {
    registrationNumber: p.text().primary(),
    pinHash: p.text().hidden(),
    productName: p.text(),
    issuedAt: p.datetime(),
    registeredByUserId: p.uuid().nullable(),
    registeredAt: p.datetime().nullable(),
  },
});
export type Licence = InferEntity<typeof Licence>;

export const REGISTRATION_KINDS = ['company', 'person'] as const;

/** A product registered by a user with a licence, and the organization (or person) it is for. */
export const ProductRegistration = defineEntity({
  name: 'ProductRegistration',
  tableName: 'product_registrations',
  properties: {
    id: p.uuid().primary(),
    userId: p.uuid(),
    registrationNumber: p.text(),
    productName: p.text(),
    kind: p.enum(REGISTRATION_KINDS),
    name: p.text(),
    inn: p.text(),
    head: p.text(),
    activityType: p.text(),
    phone: p.text(),
    email: p.text(),
    country: p.text(),
    placeOfPurchase: p.text(),
    purchaseDate: p.date(),
    workplaces: p.integer(),
    responsiblePerson: p.text(),
    kpp: p.text().nullable(),
    address: p.text().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type ProductRegistration = InferEntity<typeof ProductRegistration>;
