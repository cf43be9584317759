import { ApplicationFailure, CancelledFailure, Context } from '@temporalio/activity';
import type { ActivityDeps } from './deps.ts';
import { decideEventCodesSql, PENDING_CHUNK, type DecidedChunk } from './event-code-verification-sql.ts';

const DECIDE_CHUNK_SQL = decideEventCodesSql(PENDING_CHUNK, 'chunk');

export interface VerificationProgress {
  /** Keyset position: every pending code up to this id has been decided by this run. */
  afterId: string;
  total: number;
  verified: number;
  rejected: number;
  done: boolean;
}

export function createVerificationActivities({ orm, logger }: ActivityDeps) {
  return {
    /**
     * Records a verification run and how many codes are pending at its start. Safe to retry, and the
     * API may have created the row already (to answer with its id): the total is counted only once.
     */
    async openVerificationRun(input: { runId: string; workflowId: string }): Promise<void> {
      await orm.em.fork().execute(
        `insert into verification_runs (id, workflow_id, total)
         select ?, ?, count(*)::int from event_codes where status = 'pending_verification'
         on conflict (id) do update set total = excluded.total
         where verification_runs.total = 0 and verification_runs.verified + verification_runs.rejected = 0`,
        [input.runId, input.workflowId],
      );
    },

    /**
     * Decides pending codes chunk after chunk, each chunk one set-based statement (so one transaction),
     * for about `budgetMs`, then returns to let the workflow record progress. Heartbeats carry the
     * keyset position: a retry after a crash goes on from the last committed chunk, and a chunk
     * committed just before the crash is never decided twice, because only pending codes are picked.
     */
    async verifyPendingEventCodes(input: {
      runId: string;
      afterId: string;
      chunkSize: number;
      budgetMs: number;
      /** Tests only: a pause after each committed chunk, a window to crash the worker in. */
      pauseAfterChunkMs?: number;
    }): Promise<VerificationProgress> {
      const ctx = Context.current();
      const resumed = ctx.info.heartbeatDetails as { afterId?: string } | undefined;
      let afterId = resumed?.afterId ?? input.afterId;
      const em = orm.em.fork();
      const began = Date.now();
      for (;;) {
        const [chunk] = await em.execute<DecidedChunk[]>(DECIDE_CHUNK_SQL, [
          afterId,
          input.chunkSize,
          input.runId,
          input.runId,
        ]);
        if (!chunk) {
          throw ApplicationFailure.create({
            type: 'VerificationRunNotFound',
            nonRetryable: true,
            message: `no verification run ${input.runId}`,
          });
        }
        afterId = chunk.last_id ?? afterId;
        const progress = {
          afterId,
          total: chunk.total,
          verified: chunk.verified,
          rejected: chunk.rejected,
          done: chunk.picked < input.chunkSize,
        };
        ctx.heartbeat({ afterId, verified: progress.verified, rejected: progress.rejected });
        logger.debug({ runId: input.runId, ...progress, picked: chunk.picked }, 'event code chunk decided');
        if (progress.done || Date.now() - began >= input.budgetMs) return progress;
        if (input.pauseAfterChunkMs) await ctx.sleep(input.pauseAfterChunkMs);
        // A terminated or cancelled run stops at a chunk boundary instead of running on unseen.
        if (ctx.cancellationSignal.aborted) throw new CancelledFailure('verification cancelled');
      }
    },

    async finishVerificationRun(input: {
      runId: string;
    }): Promise<{ total: number; verified: number; rejected: number; finishedAt: string }> {
      const [run] = await orm.em
        .fork()
        .execute<{ total: number; verified: number; rejected: number; finished_at: Date }[]>(
          `update verification_runs set finished_at = coalesce(finished_at, now())
         where id = ? returning total, verified, rejected, finished_at`,
          [input.runId],
        );
      if (!run) throw ApplicationFailure.create({ type: 'VerificationRunNotFound', nonRetryable: true });
      logger.info({ runId: input.runId, ...run }, 'event code verification finished');
      return {
        total: run.total,
        verified: run.verified,
        rejected: run.rejected,
        finishedAt: new Date(run.finished_at).toISOString(),
      };
    },
  };
}
