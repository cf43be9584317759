import { ActivationAttempt } from './activation-attempt.ts';
import { ApiKey } from './api-key.ts';
import { CatalogElement, ProgrammeCycle } from './catalog-element.ts';
import { CreditEntry, VerificationRun } from './credit-entry.ts';
import { Cycle } from './cycle.ts';
import { Employee } from './employee.ts';
import { AttendanceRecord, EventCode } from './event-code.ts';
import { Invitation } from './invitation.ts';
import { InvitationBatch } from './invitation-batch.ts';
import { LoginEvent } from './login-event.ts';
import { LoginThrottle } from './login-throttle.ts';
import { NotificationSettings } from './notification-settings.ts';
import { Organization } from './organization.ts';
import { OutboxMessage } from './outbox-message.ts';
import { Payslip, PayslipPublication, PayslipPublicationPayload } from './payslip.ts';
import { PlanItem } from './plan-item.ts';
import { Provider } from './provider.ts';
import { Service } from './service.ts';
import { Session } from './session.ts';
import { Specialist } from './specialist.ts';
import { SpecialistDocument } from './specialist-document.ts';
import { DeletionCode, TenantDatabase, TenantMember, TenantMemberDatabase } from './tenant.ts';
import { TrainingApplication } from './training-application.ts';
import { TrainingApplicationDocument, TrainingApplicationSignature } from './training-application-file.ts';
import { User } from './user.ts';
import { OidcState, UserIdentity } from './user-identity.ts';
import { NewsSubscription } from './news-subscription.ts';
import { Licence, ProductRegistration } from './licence.ts';

export {
  ActivationAttempt,
  ApiKey,
  AttendanceRecord,
  CatalogElement,
  CreditEntry,
  Cycle,
  DeletionCode,
  Employee,
  EventCode,
  Invitation,
  InvitationBatch,
  LoginEvent,
  LoginThrottle,
  NotificationSettings,
  Organization,
  OutboxMessage,
  Payslip,
  PayslipPublication,
  PayslipPublicationPayload,
  PlanItem,
  ProgrammeCycle,
  Provider,
  Service,
  Session,
  Specialist,
  SpecialistDocument,
  TenantDatabase,
  TenantMember,
  TenantMemberDatabase,
  TrainingApplication,
  TrainingApplicationDocument,
  TrainingApplicationSignature,
  User,
  VerificationRun,
  UserIdentity,
  OidcState,
  NewsSubscription,
  Licence,
  ProductRegistration,
};

export const ENTITIES = [
  ActivationAttempt,
  ApiKey,
  AttendanceRecord,
  CatalogElement,
  CreditEntry,
  Cycle,
  DeletionCode,
  Employee,
  EventCode,
  Invitation,
  InvitationBatch,
  LoginEvent,
  LoginThrottle,
  NotificationSettings,
  Organization,
  OutboxMessage,
  Payslip,
  PayslipPublication,
  PayslipPublicationPayload,
  PlanItem,
  ProgrammeCycle,
  Provider,
  Service,
  Session,
  Specialist,
  SpecialistDocument,
  TenantDatabase,
  TenantMember,
  TenantMemberDatabase,
  TrainingApplication,
  TrainingApplicationDocument,
  TrainingApplicationSignature,
  User,
  VerificationRun,
  UserIdentity,
  OidcState,
  NewsSubscription,
  Licence,
  ProductRegistration,
];
