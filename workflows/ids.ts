// Workflow ids are business keys: starting twice is idempotent and operators can find them.
export const onboardingWorkflowId = (organizationId: string): string => `onboarding/${organizationId}`;
export const invitationWorkflowId = (invitationId: string): string => `invitation/${invitationId}`;
export const invitationBatchWorkflowId = (batchId: string): string => `invitation-batch/${batchId}`;
export const trainingApplicationWorkflowId = (applicationId: string): string =>
  `application/${applicationId}`;
