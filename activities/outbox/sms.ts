// The exactly-once SMS send shared by the invitation codes and the outbox: the message's stable id is
// SMSC's client id, so after a crash the provider is asked (status.php) before anything is sent again,
// and a resend within SMSC's duplicate window is recognised (error 9) rather than sent twice.
import { SmscError, type SmscClient } from '../../integrations/smsc/client.ts';


export type SmsSendOutcome =
  | { kind: 'accepted'; providerId?: string; parts?: number }
  /** Refused for good (bad number, forbidden text…): the message failed. */
  | { kind: 'rejected'; reason: string; code: SmscError['code'] }
  /** No money, bad credentials, a blocked IP: retrying soon is pointless; a person must act. */
  | { kind: 'needs_operator'; reason: string; code: SmscError['code'] };

/**
 * Sends once under the message's own id. Transient failures (HTTP 5xx, timeouts) are thrown, so the
 * caller's activity is retried by Temporal; the other outcomes are returned.
 */
export async function sendSmsOnce(
  sms: SmscClient,
  message: { id: string; phone: string; text: string },
): Promise<SmsSendOutcome> {
  try {
    const accepted = await sms.send(message);
    return { kind: 'accepted', providerId: accepted.providerId, parts: accepted.parts };
  } catch (err) {
    if (!(err instanceof SmscError)) throw err;
    if (err.kind === 'duplicate') return { kind: 'accepted' };
    if (err.kind === 'permanent') return { kind: 'rejected', reason: err.reason, code: err.code };
    if (err.kind === 'needs_operator') return { kind: 'needs_operator', reason: err.reason, code: err.code };
    throw err;
  }
}

/**
 * Whether the provider already has a message we may have sent before a crash. If the provider cannot
 * say (an error), this throws: not knowing is not "never got it", and a second send is a second SMS.
 */
export async function providerHasSms(
  sms: SmscClient,
  message: { id: string; phone: string },
): Promise<boolean> {
  const known = await sms.status(message);
  return known.status !== -3;
}
