import { ActivationAttempt } from './activation-attempt.ts';
import { ApiKey } from './api-key.ts';
import { Employee } from './employee.ts';
import { Invitation } from './invitation.ts';
import { InvitationBatch } from './invitation-batch.ts';
import { Organization } from './organization.ts';
import { Service } from './service.ts';
import { Session } from './session.ts';
import { SmsMessage } from './sms-message.ts';
import { User } from './user.ts';

export { ActivationAttempt, ApiKey, Employee, Invitation, InvitationBatch, Organization, Service, Session, SmsMessage, User };

export const ENTITIES = [
  ActivationAttempt,
  ApiKey,
  Employee,
  Invitation,
  InvitationBatch,
  Organization,
  Service,
  Session,
  SmsMessage,
  User,
];
