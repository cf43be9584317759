import { z } from '@hono/zod-openapi';
import { EVENT_CODE_REJECTIONS, EVENT_CODE_STATUSES } from '../../db/entities/event-code.ts';

type Rejection = (typeof EVENT_CODE_REJECTIONS)[number];

/** What the specialist reads next to a rejected code. */
export const REJECTION_MESSAGES: Record<Rejection, string> = {
  unknown_code:
    'Организатор мероприятия не сообщил о посещении с этим кодом. Проверьте код и введите его снова.',
  another_persons_code: 'По сведениям организатора этот код выдан другому участнику мероприятия.',
  not_attended_long_enough:
    'По сведениям организатора вы присутствовали на мероприятии меньше необходимого времени.',
};

export const NewEventCode = z.object({
  elementId: z.uuid().openapi({ description: 'the event in the catalog' }),
  code: z.string().max(200).openapi({ example: 'AB12-CD34' }),
});
export type NewEventCode = z.infer<typeof NewEventCode>;

export const EventCodeQuery = z.object({ status: z.enum(EVENT_CODE_STATUSES).optional() });

export const EventCodeSchema = z
  .object({
    id: z.uuid(),
    cycleId: z.uuid(),
    elementId: z.uuid(),
    elementTitle: z.string(),
    code: z.string(),
    status: z.enum(EVENT_CODE_STATUSES),
    rejection: z
      .object({ code: z.enum(EVENT_CODE_REJECTIONS), message: z.string() })
      .nullable()
      .openapi({
        description: 'why a rejected code was not accepted, in Russian, with a machine-readable code',
      }),
    credits: z.number().int().openapi({ description: 'ЗЕТ the event gives once the code is verified' }),
    enteredAt: z.string(),
    verifiedAt: z.string().nullable().openapi({ description: 'when the daily verification decided it' }),
  })
  .openapi('EventCode');
export type EventCodeView = z.infer<typeof EventCodeSchema>;

/** One row of the event code service's select over `event_codes ec join catalog_elements el`. */
export interface EventCodeRow {
  id: string;
  cycle_id: string;
  element_id: string;
  title: string;
  code: string;
  status: EventCodeView['status'];
  rejection_reason: Rejection | null;
  credits: number;
  entered_at: Date;
  verified_at: Date | null;
}

export const eventCodeView = (row: EventCodeRow): EventCodeView => ({
  id: row.id,
  cycleId: row.cycle_id,
  elementId: row.element_id,
  elementTitle: row.title,
  code: row.code,
  status: row.status,
  rejection: row.rejection_reason
    ? { code: row.rejection_reason, message: REJECTION_MESSAGES[row.rejection_reason] }
    : null,
  credits: row.credits,
  enteredAt: new Date(row.entered_at).toISOString(),
  verifiedAt: row.verified_at ? new Date(row.verified_at).toISOString() : null,
});
