import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** An organization's notification settings (PRODUCT §3); no row means the defaults. */
export const NotificationSettings = defineEntity({
  name: 'NotificationSettings',
  tableName: 'notification_settings',
  properties: {
    organizationId: p.uuid().primary(),
    /** 'HH:MM' in timeZone; start inclusive, end exclusive; start == end: always open. */
    sendWindowStart: p.text(),
    sendWindowEnd: p.text(),
    /** IANA name; null: the organization's time zone. */
    timeZone: p.text().nullable(),
    deferralEnabled: p.boolean(),
    payslipRemindersEnabled: p.boolean(),
    reminderDelayDays: p.integer(),
    reminderMaxCount: p.integer(),
    managersSeeUnread: p.boolean(),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export type NotificationSettings = InferEntity<typeof NotificationSettings>;
