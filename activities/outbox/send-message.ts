// Sending one outbox row through its channel, exactly once as far as the providers allow:
// - SMS: the outbox id is SMSC's client id; a row left 'sending' by a crash is looked up with
//   status.php before anything is sent again (activities/outbox/sms.ts, shared with invitations).
// - E-mail: SMTP has no such lookup; a retried send carries the same Message-ID (<id@kabinet>), so a
//   second copy after a crash between the server's "250" and our update is recognisable as the same
//   letter. An e-mail accepted by the SMTP server counts as delivered (there is no delivery report).
// Cheap per call (one claim statement, one send, one update): bulk callers run it for thousands of rows.
import { ApplicationFailure } from '@temporalio/activity';
import { MailError } from '../../integrations/email/mailer.ts';
import { SmscError } from '../../integrations/smsc/client.ts';
import type { ActivityDeps } from '../deps.ts';
import { openSealed } from '../../processes/outbox/seal.ts';
import { PROVIDER_NEEDS_OPERATOR } from '../../domain/process-failures.ts';
import { providerHasSms, sendSmsOnce } from './sms.ts';

export type SendResult = { status: 'sent' | 'failed'; failureReason?: string };
export type DeliveryResult = { status: 'delivered' | 'failed' | 'pending'; failureReason?: string };

interface ClaimedRow {
  id: string;
  channel: 'sms' | 'email';
  phone: string | null;
  email: string | null;
  subject: string | null;
  body: string | null;
  html: string | null;
  sealed_content: Buffer | null;
  status: string;
  failure_reason: string | null;
  /** The status before this claim: 'queued' for a first try, 'sending' after a crash or an error. */
  previous_status: string;
}

/**
 * Sends the message unless that already happened; records sent (e-mail: delivered) or failed.
 * Transient provider errors are thrown (Temporal retries); a provider that needs an operator throws a
 * non-retryable `SmsProviderNeedsOperator` failure and the row goes back to queued with the reason.
 * It does not look at the send window: planning (planDelivery) is the caller's, before calling it.
 */
export async function sendOutboxMessage(deps: ActivityDeps, messageId: string): Promise<SendResult> {
  const em = deps.orm.em.fork();
  // Claim: queued → sending (or take over a 'sending' row a crashed or failed attempt left behind).
  const rows = await em.execute<ClaimedRow[]>(
    `update outbox_messages m set status = 'sending', not_before = null, wait_reason = null
     from (select id, status as previous_status from outbox_messages where id = ? for update) old
     where m.id = old.id and m.status in ('queued', 'sending')
     returning m.id, m.channel, m.phone, m.email, m.subject, m.body, m.html, m.sealed_content, m.status,
               m.failure_reason, old.previous_status`,
    [messageId],
  );
  const row = rows[0];
  if (!row) {
    const current = await em.execute<{ status: string; failure_reason: string | null }[]>(
      'select status, failure_reason from outbox_messages where id = ?',
      [messageId],
    );
    const done = current[0];
    if (!done) {
      throw ApplicationFailure.create({
        type: 'OutboxMessageMissing',
        nonRetryable: true,
        message: `no outbox message ${messageId}`,
      });
    }
    if (done.status === 'failed') return { status: 'failed', failureReason: done.failure_reason ?? 'failed' };
    return { status: 'sent' };
  }

  let content: { subject?: string | null; text: string; html?: string | null };
  try {
    content = row.sealed_content
      ? openSealed(deps.settings.secret, row.id, row.sealed_content)
      : { subject: row.subject, text: row.body ?? '', html: row.html };
  } catch {
    return recordFailed(deps, row.id, 'sealed content cannot be opened (KABINET_SECRET changed?)');
  }
  if (!content.text.trim()) return recordFailed(deps, row.id, 'the message has no content');

  if (row.channel === 'sms') {
    const phone = row.phone ?? '';
    // A previous attempt may have reached the provider: ask before sending again.
    if (row.previous_status === 'sending' && (await providerHasSms(deps.sms, { id: row.id, phone }))) {
      await recordAccepted(deps, row.id, 'sms');
      return { status: 'sent' };
    }
    let outcome;
    try {
      outcome = await sendSmsOnce(deps.sms, { id: row.id, phone, text: content.text });
    } catch (err) {
      if (err instanceof SmscError)
        deps.logger.warn({ messageId, smscCode: err.code }, 'outbox sms failed, will retry');
      throw err;
    }
    if (outcome.kind === 'accepted') {
      await recordAccepted(deps, row.id, 'sms', outcome.providerId, outcome.parts);
      return { status: 'sent' };
    }
    if (outcome.kind === 'rejected') {
      deps.logger.warn({ messageId, smscCode: outcome.code }, 'outbox sms rejected');
      return recordFailed(deps, row.id, outcome.reason);
    }
    // The provider refused it; it never left. Back to queued, visibly, until an operator acts.
    await em.execute(
      `update outbox_messages set status = 'queued', wait_reason = ? where id = ? and status = 'sending'`,
      [outcome.reason, row.id],
    );
    deps.logger.error({ messageId, smscCode: outcome.code }, 'sms provider needs an operator');
    throw ApplicationFailure.create({
      type: PROVIDER_NEEDS_OPERATOR,
      nonRetryable: true,
      message: outcome.reason,
    });
  }

  try {
    await deps.mail.send({
      messageId: row.id,
      to: row.email ?? '',
      subject: content.subject ?? '',
      text: content.text,
      html: content.html ?? null,
    });
  } catch (err) {
    if (err instanceof MailError && err.kind === 'permanent') {
      deps.logger.warn({ messageId, smtpCode: err.responseCode }, 'outbox e-mail rejected');
      return recordFailed(deps, row.id, err.reason);
    }
    deps.logger.warn(
      { messageId, smtpCode: err instanceof MailError ? err.responseCode : undefined },
      'outbox e-mail failed, will retry',
    );
    throw err;
  }
  await recordAccepted(deps, row.id, 'email');
  return { status: 'sent' };
}

/** Accepted by the provider: sent (e-mail: delivered), and a secret's sealed content erased. */
async function recordAccepted(
  deps: ActivityDeps,
  id: string,
  channel: 'sms' | 'email',
  providerId?: string,
  parts?: number,
): Promise<void> {
  const now = deps.clock();
  await deps.orm.em.fork().execute(
    `update outbox_messages
     set status = ?, sent_at = ?, delivered_at = ?, provider_id = coalesce(?, provider_id),
         parts = coalesce(?, parts), sealed_content = null, failure_reason = null
     where id = ? and status = 'sending'`,
    [
      channel === 'email' ? 'delivered' : 'sent',
      now,
      channel === 'email' ? now : null,
      providerId ?? null,
      parts ?? null,
      id,
    ],
  );
}

async function recordFailed(deps: ActivityDeps, id: string, reason: string): Promise<SendResult> {
  await deps.orm.em.fork().execute(
    `update outbox_messages set status = 'failed', failure_reason = ?, sealed_content = null
     where id = ? and status in ('queued', 'sending')`,
    [reason, id],
  );
  return { status: 'failed', failureReason: reason };
}

/**
 * Asks once how a sent message is doing: an SMS through status.php (a final answer is recorded); an
 * e-mail is delivered once accepted.
 */
export async function checkOutboxDelivery(deps: ActivityDeps, messageId: string): Promise<DeliveryResult> {
  const em = deps.orm.em.fork();
  const [row] = await em.execute<
    { channel: string; phone: string | null; status: string; failure_reason: string | null }[]
  >('select channel, phone, status, failure_reason from outbox_messages where id = ?', [messageId]);
  if (!row) return { status: 'failed', failureReason: 'no such message' };
  if (row.status === 'delivered') return { status: 'delivered' };
  if (row.status === 'failed') return { status: 'failed', failureReason: row.failure_reason ?? 'failed' };
  if (row.status !== 'sent' || row.channel !== 'sms') return { status: 'pending' };
  const status = await deps.sms.status({ id: messageId, phone: row.phone ?? '' });
  if (!status.final) return { status: 'pending' };
  if (status.delivered) {
    await em.execute(
      `update outbox_messages set status = 'delivered', delivered_at = ? where id = ? and status = 'sent'`,
      [deps.clock(), messageId],
    );
    return { status: 'delivered' };
  }
  const reason = `${status.description} (SMSC status ${status.status})`;
  await em.execute(
    `update outbox_messages set status = 'failed', failure_reason = ? where id = ? and status = 'sent'`,
    [reason, messageId],
  );
  return { status: 'failed', failureReason: reason };
}
