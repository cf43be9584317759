// The client side of kabinet's workflows: the API and activities start processes through the
// functions of this folder, so each workflow's id, task queue, search attributes and summary are set
// in one place.
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';

/** What starting a process needs: the Temporal client and the task queue the workers poll. */
export interface ProcessClient {
  temporal: Client;
  taskQueue: string;
}

/**
 * Starts a process whose id is a business key; one already started under that id is the same
 * process, so that is not an error (a retried activity or request starts it once).
 */
export async function startOnce(start: () => Promise<unknown>): Promise<void> {
  try {
    await start();
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}
