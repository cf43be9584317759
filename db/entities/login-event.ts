import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** One login attempt (the connection history); `loginHash` is the lockout key, never the login. */
export const LoginEvent = defineEntity({
  name: 'LoginEvent',
  tableName: 'login_events',
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    userId: p.uuid().nullable(),
    organizationId: p.uuid().nullable(),
    loginHash: p.text().nullable(),
    ip: p.text().nullable(),
    userAgent: p.text().nullable(),
    /** success | invalid_credentials | locked | email_not_confirmed | disabled | mfa_required | mfa_failed */
    result: p.text(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type LoginEvent = InferEntity<typeof LoginEvent>;
