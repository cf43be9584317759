import {
  condition,
  defineQuery,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  sleep,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import { invitationWorkflowId } from './ids.ts';
import { invitation, type InvitationOutcome } from './invitation.ts';
import { processSearchAttributes } from './search-attributes.ts';

const { provisionService, activateService, expireService, inviteInitialEmployees, remindTrialEnding } =
  proxyActivities<Activities>({
    startToCloseTimeout: '30 seconds',
    retry: { maximumInterval: '1 minute' },
  });

export interface ServiceOnboardingInput {
  organizationId: string;
  trialDurationMs: number;
  /** How long before the trial's end the administrator is reminded (absent in runs started earlier). */
  trialReminderLeadsMs?: number[];
  codeTtlMs: number;
  maxAttempts: number;
}

export type OnboardingStage = 'provisioning' | 'awaiting_admin' | 'active' | 'expired';

export const onboardingStageQuery = defineQuery<{ stage: OnboardingStage; trialEndsAt?: string }>('stage');

/**
 * Connecting the employee service: provision it, invite the responsible administrator,
 * activate the service when they set their password, and end the trial on time.
 */
export async function serviceOnboarding(input: ServiceOnboardingInput): Promise<void> {
  let stage: OnboardingStage = 'provisioning';
  let trialEndsAt: string | undefined = undefined;
  setHandler(onboardingStageQuery, () => ({ stage, trialEndsAt }));

  setCurrentDetails('Подключаем сервис');
  const service = await provisionService({
    organizationId: input.organizationId,
    trialDurationMs: input.trialDurationMs,
    maxAttempts: input.maxAttempts,
  });
  trialEndsAt = service.trialEndsAt;
  const msUntilTrialEnd = () => Math.max(1, Date.parse(service.trialEndsAt) - Date.now());

  stage = 'awaiting_admin';
  setCurrentDetails('Ждём, когда администратор введёт код из SMS');
  const adminInvitation = await startChild(invitation, {
    workflowId: invitationWorkflowId(service.invitationId),
    args: [
      {
        invitationId: service.invitationId,
        organizationId: input.organizationId,
        employeeId: service.adminEmployeeId,
        kind: 'admin',
        codeTtlMs: input.codeTtlMs,
      },
    ],
    typedSearchAttributes: processSearchAttributes('invitation', {
      organizationId: input.organizationId,
      employeeId: service.adminEmployeeId,
    }),
    staticSummary: 'Приглашение администратора сервиса',
  });

  let adminOutcome: InvitationOutcome | undefined;
  void adminInvitation.result().then(
    (outcome) => (adminOutcome = outcome),
    (err: unknown) => (adminOutcome = { outcome: 'failed', failureReason: String(err) }),
  );
  await condition(() => adminOutcome !== undefined, msUntilTrialEnd());

  if (adminOutcome?.outcome === 'activated') {
    await activateService({ organizationId: input.organizationId });
    // Runs started before this step existed go on without it (replay stays deterministic).
    if (patched('invite-initial-employees')) {
      await inviteInitialEmployees({
        organizationId: input.organizationId,
        codeTtlMs: input.codeTtlMs,
        maxAttempts: input.maxAttempts,
        taskQueue: workflowInfo().taskQueue,
      });
    }
    stage = 'active';
    setCurrentDetails(`Сервис активен, пробный период до ${service.trialEndsAt}`);
    if (patched('trial-reminders')) {
      // Longest lead first; a reminder whose moment has already passed is not sent late.
      for (const leadMs of [...(input.trialReminderLeadsMs ?? [])].sort((a, b) => b - a)) {
        const wait = msUntilTrialEnd() - leadMs;
        if (wait <= 0) continue;
        await sleep(wait);
        await remindTrialEnding({
          organizationId: input.organizationId,
          leadMs,
          taskQueue: workflowInfo().taskQueue,
        });
      }
    }
    await sleep(msUntilTrialEnd());
  } else if (adminOutcome) {
    setCurrentDetails('Администратор не активировал кабинет; ждём окончания пробного периода');
    await sleep(msUntilTrialEnd());
  }

  await expireService({ organizationId: input.organizationId });
  stage = 'expired';
  setCurrentDetails('Пробный период закончился');
}
