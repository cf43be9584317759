import { invitationWorkflowId } from '../workflows/ids.ts';
import type { invitation, InvitationInput } from '../workflows/invitation.ts';
import { resendSignal } from '../workflows/invitation.ts';
import { processSearchAttributes } from '../workflows/search-attributes.ts';
import { startOnce, type ProcessClient } from './process-client.ts';

const options = (client: ProcessClient, input: InvitationInput) => ({
  workflowId: invitationWorkflowId(input.invitationId),
  taskQueue: client.taskQueue,
  args: [input] as [InvitationInput],
  typedSearchAttributes: processSearchAttributes('invitation', input),
  staticSummary: input.kind === 'admin' ? 'Приглашение администратора сервиса' : 'Приглашение сотрудника',
});

/** Starts one person's invitation (`invitation/<id>`) once; a second start is the same process. */
export function startInvitation(client: ProcessClient, input: InvitationInput): Promise<void> {
  return startOnce(() =>
    client.temporal.workflow.start<typeof invitation>('invitation', options(client, input)),
  );
}

/** Asks for a new code: signals the invitation's process, starting it again if it has ended. */
export async function resendInvitation(client: ProcessClient, input: InvitationInput): Promise<void> {
  await client.temporal.workflow.signalWithStart<typeof invitation>('invitation', {
    ...options(client, input),
    signal: resendSignal,
  });
}
