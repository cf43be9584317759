// An organization's notification settings (PRODUCT §3), with the defaults when none were saved.
import type { EntityManager } from '@mikro-orm/postgresql';
import { NotificationSettings, Organization } from '../entities/index.ts';

export interface ResolvedNotificationSettings {
  organizationId: string;
  /** 'HH:MM', inclusive. */
  sendWindowStart: string;
  /** 'HH:MM', exclusive; equal to the start: always open. */
  sendWindowEnd: string;
  /** The settings' own zone, else the organization's. */
  timeZone: string;
  /** Whether the zone is the organization's (nothing set in the settings). */
  timeZoneInherited: boolean;
  deferralEnabled: boolean;
  payslipRemindersEnabled: boolean;
  reminderDelayDays: number;
  reminderMaxCount: number;
  managersSeeUnread: boolean;
  /** Null while the defaults apply (nothing saved yet). */
  updatedAt: Date | null;
}

export const NOTIFICATION_DEFAULTS = {
  sendWindowStart: '09:00',
  sendWindowEnd: '21:00',
  deferralEnabled: true,
  payslipRemindersEnabled: false,
  reminderDelayDays: 3,
  reminderMaxCount: 2,
  managersSeeUnread: false,
} as const;

const FALLBACK_TIME_ZONE = 'Europe/Moscow';

/** The organization's settings, or the defaults (in the organization's time zone) when none were saved. */
export async function loadNotificationSettings(
  em: EntityManager,
  organizationId: string,
): Promise<ResolvedNotificationSettings> {
  const fork = em.fork();
  const [saved, organization] = await Promise.all([
    fork.findOne(NotificationSettings, { organizationId }),
    fork.findOne(Organization, { id: organizationId }, { fields: ['timezone'] }),
  ]);
  const organizationZone = organization?.timezone || FALLBACK_TIME_ZONE;
  if (!saved) {
    return {
      organizationId,
      ...NOTIFICATION_DEFAULTS,
      timeZone: organizationZone,
      timeZoneInherited: true,
      updatedAt: null,
    };
  }
  return {
    organizationId,
    sendWindowStart: saved.sendWindowStart,
    sendWindowEnd: saved.sendWindowEnd,
    timeZone: saved.timeZone ?? organizationZone,
    timeZoneInherited: saved.timeZone === null,
    deferralEnabled: saved.deferralEnabled,
    payslipRemindersEnabled: saved.payslipRemindersEnabled,
    reminderDelayDays: saved.reminderDelayDays,
    reminderMaxCount: saved.reminderMaxCount,
    managersSeeUnread: saved.managersSeeUnread,
    updatedAt: saved.updatedAt,
  };
}
