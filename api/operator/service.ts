import type { Payload } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import { payloadCodecFor } from '../../integrations/temporal/data-converter.ts';
import { startVerificationRun } from '../../processes/event-code-verification.ts';
import { verificationRunWorkflowId } from '../../workflows/ids.ts';
import { requireOperator } from '../http/access.ts';
import { processClient, type Actor, type ServiceDeps } from '../http/context.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { startTemporalOr503 } from '../http/temporal.ts';

/** A row of verification_runs: the counts the run's activities keep. */
export interface VerificationRun {
  id: string;
  workflow_id: string;
  total: number;
  verified: number;
  rejected: number;
  unknown_code: number;
  another_persons_code: number;
  not_attended_long_enough: number;
  started_at: Date;
  finished_at: Date | null;
}

/** The platform operator's tools: the codec server of encrypted histories, event-code verification runs. */
export function createOperatorService(deps: ServiceDeps) {
  const { em, env, log } = deps;

  function codec(actor: Actor | undefined) {
    requireOperator(actor);
    const configured = payloadCodecFor(env);
    if (!configured) {
      throw new ApiError(
        404,
        'codec_not_configured',
        'payload encryption is not configured (PAYLOAD_ENCRYPTION_KEY)',
      );
    }
    return configured;
  }

  return {
    /** Decrypts payloads for the Temporal Web UI and CLI (404 when encryption is not configured). */
    async decode(actor: Actor | undefined, payloads: Payload[]): Promise<Payload[]> {
      return codec(actor).decode(payloads);
    },

    async encode(actor: Actor | undefined, payloads: Payload[]): Promise<Payload[]> {
      return codec(actor).encode(payloads);
    },

    /** Starts a verification run now; its row exists before the answer, so it can be polled at once. */
    async triggerVerificationRun(actor: Actor | undefined): Promise<{ runId: string; workflowId: string }> {
      requireOperator(actor);
      const runId = randomUUID();
      const workflowId = verificationRunWorkflowId(runId);
      await em.execute('insert into verification_runs (id, workflow_id) values (?, ?)', [runId, workflowId]);
      await startTemporalOr503(
        log,
        () => startVerificationRun(processClient(deps), runId),
        () => em.execute('delete from verification_runs where id = ?', [runId]),
      );
      log.info({ runId, workflowId }, 'event code verification triggered');
      return { runId, workflowId };
    },

    /** A run's progress, scheduled or triggered by hand. */
    async verificationRun(actor: Actor | undefined, runId: string): Promise<VerificationRun> {
      requireOperator(actor);
      const [run] = await em.execute<VerificationRun[]>('select * from verification_runs where id = ?', [
        runId,
      ]);
      if (!run) throw notFound('verification run');
      return run;
    },
  };
}
