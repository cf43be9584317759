import { ActivationAttempt } from './activation-attempt.ts';
import { ApiKey } from './api-key.ts';
import { CatalogElement, ProgrammeCycle } from './catalog-element.ts';
import { CreditEntry, VerificationRun } from './credit-entry.ts';
import { Cycle } from './cycle.ts';
import { Employee } from './employee.ts';
import { AttendanceRecord, EventCode } from './event-code.ts';
import { Invitation } from './invitation.ts';
import { InvitationBatch } from './invitation-batch.ts';
import { Organization } from './organization.ts';
import { PlanItem } from './plan-item.ts';
import { Provider } from './provider.ts';
import { Service } from './service.ts';
import { Session } from './session.ts';
import { SmsMessage } from './sms-message.ts';
import { Specialist } from './specialist.ts';
import { SpecialistDocument } from './specialist-document.ts';
import { TrainingApplication } from './training-application.ts';
import { TrainingApplicationDocument, TrainingApplicationSignature } from './training-application-file.ts';
import { User } from './user.ts';

export {
  ActivationAttempt,
  ApiKey,
  AttendanceRecord,
  CatalogElement,
  CreditEntry,
  Cycle,
  Employee,
  EventCode,
  Invitation,
  InvitationBatch,
  Organization,
  PlanItem,
  ProgrammeCycle,
  Provider,
  Service,
  Session,
  SmsMessage,
  Specialist,
  SpecialistDocument,
  TrainingApplication,
  TrainingApplicationDocument,
  TrainingApplicationSignature,
  User,
  VerificationRun,
};

export const ENTITIES = [
  ActivationAttempt,
  ApiKey,
  AttendanceRecord,
  CatalogElement,
  CreditEntry,
  Cycle,
  Employee,
  EventCode,
  Invitation,
  InvitationBatch,
  Organization,
  PlanItem,
  ProgrammeCycle,
  Provider,
  Service,
  Session,
  SmsMessage,
  Specialist,
  SpecialistDocument,
  TrainingApplication,
  TrainingApplicationDocument,
  TrainingApplicationSignature,
  User,
  VerificationRun,
];
