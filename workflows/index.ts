// The worker bundles this file: every workflow the worker runs is exported here.
export { invitation } from './invitation.ts';
export { serviceOnboarding } from './service-onboarding.ts';
export { invitationBatch } from './invitation-batch.ts';
export { eventCodeVerification } from './event-code-verification.ts';
export { registerConfirmation } from './register-confirmation.ts';
export { trainingApplication } from './training-application.ts';
export { payslipPublication } from './payslip-publication.ts';
export { messageDelivery } from './message-delivery.ts';
