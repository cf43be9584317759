import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * A person's account. Employees log in with the normalised mobile phone they activated with;
 * people who registered themselves (education portal, 1С:ИТС, tenants) with their e-mail or a
 * login they chose.
 */
export const User = defineEntity({
  name: 'User',
  tableName: 'users',
  properties: {
    id: p.uuid().primary(),
    login: p.text(),
    passwordHash: p.text().hidden(),
    /** Lower-cased; unique. */
    email: p.text().nullable(),
    emailVerifiedAt: p.datetime().nullable(),
    fullName: p.text().nullable(),
    phone: p.text().nullable(),
    /** 11 digits, unique. */
    snils: p.text().nullable(),
    /** employee | education | its | tenant */
    portal: p.text().default('employee'),
    /** pending_confirmation | active | disabled */
    status: p.text().default('active'),
    /** Form fields that have no column of their own (workplace, city, consent…). */
    profile: p
      .json<Record<string, unknown>>()
      .onCreate((user: { profile?: Record<string, unknown> }) => user.profile ?? {}),
    passwordChangedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export type User = InferEntity<typeof User>;
