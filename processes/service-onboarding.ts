import { onboardingWorkflowId } from '../workflows/ids.ts';
import { processSearchAttributes } from '../workflows/search-attributes.ts';
import type { ServiceOnboardingInput, serviceOnboarding } from '../workflows/service-onboarding.ts';
import type { ProcessClient } from './process-client.ts';

/** Starts connecting an organization's service (`onboarding/<orgId>`). */
export async function startServiceOnboarding(
  client: ProcessClient,
  input: ServiceOnboardingInput,
  serviceName: string,
): Promise<string> {
  const workflowId = onboardingWorkflowId(input.organizationId);
  await client.temporal.workflow.start<typeof serviceOnboarding>('serviceOnboarding', {
    workflowId,
    taskQueue: client.taskQueue,
    args: [input],
    typedSearchAttributes: processSearchAttributes('service_onboarding', {
      organizationId: input.organizationId,
    }),
    staticSummary: `Подключение сервиса «${serviceName}»`,
  });
  return workflowId;
}
