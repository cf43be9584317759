import { LockMode } from '@mikro-orm/core';
import pMap from 'p-map';
import { Context } from '@temporalio/activity';
import { gunzipSync } from 'node:zlib';
import { PayslipPublicationPayload } from '../db/entities/index.ts';
import {
  PAYSLIP_PUBLISHED_KIND,
  PAYSLIP_REMINDER_KIND,
  PAYSLIP_SOURCE_KIND,
  payslipMessageId,
  periodLabel,
  shortPayslipId,
} from '../domain/payslip.ts';
import { renderEmail, renderSms } from '../templates/render.ts';
import type { ActivityDeps } from './deps.ts';
import { chooseChannel } from '../domain/message-channel.ts';
import { planDelivery } from './outbox/plan.ts';
import { insertOutboxMessages, type NewOutboxMessage } from '../processes/outbox/queue.ts';
import { checkOutboxDelivery, sendOutboxMessage } from './outbox/send-message.ts';
import { loadNotificationSettings } from '../db/queries/notification-settings.ts';

/** Payslips turned into outbox rows per statement, and sends / delivery checks in flight at once. */
const QUEUE_CHUNK = 1000;
const STORE_CHUNK = 1000;
const SEND_CONCURRENCY = 16;
const NO_ID = '00000000-0000-0000-0000-000000000000';

interface Recipient {
  id: string;
  employee_id: string;
  full_name: string;
  phone: string | null;
  email: string | null;
}

interface PublicationIds {
  publicationId: string;
  organizationId: string;
}

export function createPayslipActivities(deps: ActivityDeps) {
  const { orm, logger, clock } = deps;

  /** The messages of this publication still to be handed to a provider. */
  const unsentIds = (limit: number, publicationId: string) =>
    orm.em.fork().execute<{ id: string }[]>(
      `select id from outbox_messages where source_kind = ? and source_id = ? and status in ('queued', 'sending')
         order by id limit ?`,
      [PAYSLIP_SOURCE_KIND, publicationId, limit],
    );

  const countByStatus = async (publicationId: string, statuses: string[]): Promise<number> => {
    const [row] = await orm.em
      .fork()
      .execute<{ n: number }[]>(
        'select count(*)::int as n from outbox_messages where source_kind = ? and source_id = ? and status = any(?)',
        [PAYSLIP_SOURCE_KIND, publicationId, `{${statuses.join(',')}}`],
      );
    return row?.n ?? 0;
  };

  return {
    /**
     * Turns the publication's accepted payload into payslip rows: set-based inserts of 1,000 rows in
     * one transaction that also drops the payload, so a retry either finds it whole or finds it done.
     */
    async storePayslips(input: PublicationIds): Promise<{ stored: number }> {
      const em = orm.em.fork();
      const stored = await em.transactional(async (tx) => {
        const held = await tx.findOne(PayslipPublicationPayload, input.publicationId, {
          lockMode: LockMode.PESSIMISTIC_WRITE,
        });
        if (!held) return null;
        const [publication] = await tx.execute<{ period: string; created_at: Date }[]>(
          'select period, created_at from payslip_publications where id = ?',
          [input.publicationId],
        );
        const rows = JSON.parse(gunzipSync(held.payload).toString('utf8')) as unknown[];
        for (let i = 0; i < rows.length; i += STORE_CHUNK) {
          await tx.execute(
            `insert into payslips (id, publication_id, organization_id, employee_id, period, content, created_at)
             select gen_random_uuid(), ?, ?, r.employee_id, ?, r.content, ?
             from jsonb_to_recordset(?::jsonb) as r(employee_id uuid, content jsonb)
             on conflict (publication_id, employee_id) do nothing`,
            [
              input.publicationId,
              input.organizationId,
              publication!.period,
              publication!.created_at,
              JSON.stringify(rows.slice(i, i + STORE_CHUNK)),
            ],
          );
          Context.current().heartbeat({ stored: Math.min(i + STORE_CHUNK, rows.length) });
        }
        await tx.execute('delete from payslip_publication_payloads where publication_id = ?', [
          input.publicationId,
        ]);
        return rows.length;
      });
      logger.info({ publicationId: input.publicationId, stored }, 'payslips stored');
      return { stored: stored ?? 0 };
    },

    /**
     * Round 0: one notification per payslip of the publication; round n: a reminder for each payslip
     * not yet acknowledged. SMS when the employee has a mobile phone, else e-mail, else recorded as
     * 'no_contacts'. Chunks of set-based inserts with stable ids; resumes from its heartbeat.
     */
    async queuePayslipNotifications(
      input: PublicationIds & { round: number; linkBase: string },
    ): Promise<{ queued: number; noContacts: number }> {
      const em = orm.em.fork();
      const [facts] = await em.execute<{ period: string; service_name: string }[]>(
        `select pub.period, coalesce(s.name, o.name) as service_name
         from payslip_publications pub join organizations o on o.id = pub.organization_id
         left join services s on s.organization_id = pub.organization_id
         where pub.id = ?`,
        [input.publicationId],
      );
      if (!facts) throw new Error(`publication ${input.publicationId} not found`);
      const reminder = input.round > 0;
      const kind = reminder ? PAYSLIP_REMINDER_KIND : PAYSLIP_PUBLISHED_KIND;
      const template = reminder ? 'payslip-reminder' : 'payslip-published';
      const period = periodLabel(facts.period);
      let after = (Context.current().info.heartbeatDetails as { after?: string } | undefined)?.after ?? NO_ID;

      for (;;) {
        const rows = await em.execute<Recipient[]>(
          `select p.id, p.employee_id, e.full_name, e.phone, e.email
           from payslips p join employees e on e.id = p.employee_id
           where p.publication_id = ? and p.id > ?
             and (?::int = 0 or (p.acknowledged_at is null and p.notification_failure is null and p.reminders_sent < ?))
           order by p.id limit ?`,
          [input.publicationId, after, input.round, input.round, QUEUE_CHUNK],
        );
        if (rows.length === 0) break;
        const messages: NewOutboxMessage[] = [];
        const unreachable: string[] = [];
        for (const row of rows) {
          const route = chooseChannel(kind, row);
          if (!route) {
            unreachable.push(row.id);
            continue;
          }
          const base = input.linkBase.replace(/\/+$/, '');
          const data = {
            serviceName: facts.service_name,
            period,
            fullName: row.full_name,
            // SMS are paid per 70 characters: a short link that redirects to the payslip page.
            url:
              route.channel === 'sms' ? `${base}/p/${shortPayslipId(row.id)}` : `${base}/payslips/${row.id}`,
          };
          const common = {
            id: payslipMessageId(row.id, input.round),
            organizationId: input.organizationId,
            employeeId: row.employee_id,
            kind,
            to: route.to,
            urgent: false,
            sourceKind: PAYSLIP_SOURCE_KIND,
            sourceId: input.publicationId,
          };
          if (route.channel === 'sms')
            messages.push({ ...common, channel: 'sms', text: renderSms(template, data) });
          else {
            const letter = renderEmail(template, data);
            messages.push({
              ...common,
              channel: 'email',
              subject: letter.subject,
              text: letter.text,
              html: letter.html,
            });
          }
        }
        await em.transactional(async (tx) => {
          await insertOutboxMessages(tx, messages);
          const ids = `{${rows.map((r) => r.id).join(',')}}`;
          if (!reminder && unreachable.length > 0) {
            await tx.execute(
              `update payslips set notification_failure = 'no_contacts' where id = any(?::uuid[])`,
              [`{${unreachable.join(',')}}`],
            );
          }
          if (reminder) {
            await tx.execute(
              'update payslips set reminders_sent = ? where id = any(?::uuid[]) and reminders_sent < ?',
              [input.round, ids, input.round],
            );
          }
        });
        after = rows.at(-1)!.id;
        Context.current().heartbeat({ after });
      }

      // Counted from the facts, not from this attempt's inserts: a retried attempt reports the same.
      const [counts] = await em.execute<{ queued: number; no_contacts: number }[]>(
        `select count(*) filter (where case when ?::int = 0 then notification_failure is null
                                          else reminders_sent >= ? end)::int as queued,
                count(*) filter (where notification_failure is not null)::int as no_contacts
         from payslips where publication_id = ?`,
        [input.round, input.round, input.publicationId],
      );
      if (!reminder) {
        await em.execute(
          `update payslip_publications set status = 'notifying', notified_at = now()
           where id = ? and status = 'publishing'`,
          [input.publicationId],
        );
      }
      logger.info(
        { publicationId: input.publicationId, round: input.round, ...counts },
        'payslip notifications queued',
      );
      return { queued: counts?.queued ?? 0, noContacts: counts?.no_contacts ?? 0 };
    },

    /**
     * Whether the unsent messages may go now (the organization's send window and deferral, as set
     * now); when not, marks them with when and why, for operators.
     */
    async planPayslipSending(
      input: PublicationIds,
    ): Promise<{ waitMs: number; sendAt: string; waitReason?: string }> {
      const now = clock();
      const plan = await planDelivery(deps, { organizationId: input.organizationId, urgent: false, now });
      const waitMs = Math.max(0, plan.sendAt.getTime() - now.getTime());
      const em = orm.em.fork();
      if (waitMs > 0) {
        await em.execute(
          `update outbox_messages set not_before = ?, wait_reason = ?
           where source_kind = ? and source_id = ? and status = 'queued'`,
          [plan.sendAt, plan.waitReason ?? null, PAYSLIP_SOURCE_KIND, input.publicationId],
        );
      } else {
        await em.execute(
          `update outbox_messages set not_before = null, wait_reason = null
           where source_kind = ? and source_id = ? and status = 'queued' and not_before is not null`,
          [PAYSLIP_SOURCE_KIND, input.publicationId],
        );
      }
      return {
        waitMs,
        sendAt: plan.sendAt.toISOString(),
        ...(plan.waitReason ? { waitReason: plan.waitReason } : {}),
      };
    },

    /**
     * Hands the next page of the publication's unsent messages to the providers through the outbox's
     * one sender (idempotent per message), a few at a time, heartbeating progress. A message whose
     * send failed transiently stays queued for the next page.
     */
    async sendPayslipMessages(
      input: PublicationIds & { limit: number },
    ): Promise<{ sent: number; failed: number; errors: number; remaining: number }> {
      const ids = await unsentIds(input.limit, input.publicationId);
      let sent = 0;
      let failed = 0;
      let errors = 0;
      await pMap(ids, async ({ id }) => {
        try {
          const result = await sendOutboxMessage(deps, id);
          if (result.status === 'sent') sent += 1;
          else failed += 1;
        } catch (err) {
          errors += 1;
          logger.warn({ messageId: id, err }, 'payslip notification send failed, will retry');
        }
        if ((sent + failed + errors) % 50 === 0) Context.current().heartbeat({ sent, failed, errors });
      }, { concurrency: SEND_CONCURRENCY });
      const remaining = await countByStatus(input.publicationId, ['queued', 'sending']);
      logger.info(
        { publicationId: input.publicationId, sent, failed, errors, remaining },
        'payslip notifications sent',
      );
      return { sent, failed, errors, remaining };
    },

    /** Asks the providers about every message of the publication not yet final; how many still are not. */
    async checkPayslipDeliveries(input: PublicationIds): Promise<{ checked: number; pending: number }> {
      let after = '';
      let checked = 0;
      for (;;) {
        const rows = await orm.em.fork().execute<{ id: string }[]>(
          `select id from outbox_messages where source_kind = ? and source_id = ? and status = 'sent' and id > ?
             order by id limit 500`,
          [PAYSLIP_SOURCE_KIND, input.publicationId, after],
        );
        if (rows.length === 0) break;
        await pMap(
          rows,
          async ({ id }) => {
            try {
              await checkOutboxDelivery(deps, id);
            } catch (err) {
              logger.warn({ messageId: id, err }, 'delivery check failed, will ask again');
            }
          },
          { concurrency: SEND_CONCURRENCY },
        );
        checked += rows.length;
        after = rows.at(-1)!.id;
        Context.current().heartbeat({ checked });
      }
      return { checked, pending: await countByStatus(input.publicationId, ['sent']) };
    },

    /** The reminder settings as they are now (they may change during a publication). */
    async loadPayslipReminderSettings(
      input: PublicationIds,
    ): Promise<{ enabled: boolean; delayDays: number; maxCount: number }> {
      const settings = await loadNotificationSettings(orm.em.fork(), input.organizationId);
      return {
        enabled: settings.payslipRemindersEnabled,
        delayDays: settings.reminderDelayDays,
        maxCount: settings.reminderMaxCount,
      };
    },

    async finishPayslipPublication(input: PublicationIds): Promise<void> {
      await orm.em
        .fork()
        .execute(
          `update payslip_publications set status = 'done', done_at = coalesce(done_at, now()) where id = ?`,
          [input.publicationId],
        );
    },
  };
}

