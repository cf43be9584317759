import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const EVENT_CODE_STATUSES = ['pending_verification', 'verified', 'rejected'] as const;
export const EVENT_CODE_REJECTIONS = ['unknown_code', 'another_persons_code', 'not_attended_long_enough'] as const;

/** The individual code of an event a specialist entered; the daily verification decides it. */
export const EventCode = defineEntity({
  name: 'EventCode',
  tableName: 'event_codes',
  properties: {
    id: p.uuid().primary(),
    specialistId: p.uuid(),
    cycleId: p.uuid(),
    elementId: p.uuid(),
    code: p.text(),
    status: p.enum(EVENT_CODE_STATUSES),
    rejectionReason: p.enum(EVENT_CODE_REJECTIONS).nullable(),
    enteredAt: p.datetime().onCreate(() => new Date()),
    verifiedAt: p.datetime().nullable(),
    verificationRunId: p.uuid().nullable(),
  },
});
export type EventCode = InferEntity<typeof EventCode>;

/** A provider's record that a person attended an event with a code, for so many minutes. */
export const AttendanceRecord = defineEntity({
  name: 'AttendanceRecord',
  tableName: 'attendance_records',
  properties: {
    id: p.uuid().primary(),
    providerId: p.uuid(),
    elementId: p.uuid(),
    code: p.text(),
    specialistId: p.uuid(),
    minutesAttended: p.integer(),
    recordedAt: p.datetime().onCreate(() => new Date()),
  },
});
export type AttendanceRecord = InferEntity<typeof AttendanceRecord>;
