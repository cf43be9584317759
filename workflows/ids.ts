// Workflow ids are business keys: starting twice is idempotent and operators can find them.
export const onboardingWorkflowId = (organizationId: string): string => `onboarding/${organizationId}`;
export const invitationWorkflowId = (invitationId: string): string => `invitation/${invitationId}`;
/** One outbox message's delivery (SMS or e-mail): `message/<outbox id>`. */
export const messageWorkflowId = (messageId: string): string => `message/${messageId}`;
export const invitationBatchWorkflowId = (batchId: string): string => `invitation-batch/${batchId}`;
export const payslipPublicationWorkflowId = (publicationId: string): string =>
  `payslip-publication/${publicationId}`;
export const trainingApplicationWorkflowId = (applicationId: string): string =>
  `application/${applicationId}`;
/** The ФРМР check of one specialist document. */
export const registerConfirmationWorkflowId = (documentId: string): string => `register-check/${documentId}`;
/** One run of the event-code verification (a scheduled run's id is the schedule's, plus its time). */
export const verificationRunWorkflowId = (runId: string): string => `event-code-verification/${runId}`;
