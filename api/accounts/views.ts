import { z } from '@hono/zod-openapi';
import type { LoginEvent, Session, User } from '../../db/entities/index.ts';
import { deviceLabel } from '../../domain/device-label.ts';
import { HumanCheckAnswerSchema, type HumanCheckChallenge } from '../security/human-check.ts';
import type { OpenedSession } from './login-service.ts';
import type { OidcSettings } from './oidc-provider.ts';

const short = (max: number) => z.string().max(max);

// ---- Login and sessions

export const LoginBody = z.object({ login: short(320), password: short(1000) });

export const UserSchema = z.object({ id: z.uuid(), login: z.string() }).openapi('User');
export const LoggedInSchema = z.object({ token: z.string(), user: UserSchema });

export const loggedInView = (session: OpenedSession): z.infer<typeof LoggedInSchema> => ({
  token: session.token,
  user: session.user,
});

export const ProfileSchema = z
  .object({
    id: z.uuid(),
    login: z.string(),
    email: z.string().nullable(),
    emailVerified: z.boolean(),
    fullName: z.string().nullable(),
    phone: z.string().nullable(),
    snils: z.string().nullable(),
    portal: z.enum(['employee', 'education', 'its', 'tenant']),
    status: z.enum(['pending_confirmation', 'active', 'disabled']),
    profile: z.record(z.string(), z.unknown()),
    passwordChangedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Profile');

export const profileView = (user: User): z.infer<typeof ProfileSchema> => ({
  id: user.id,
  login: user.login,
  email: user.email ?? null,
  emailVerified: Boolean(user.emailVerifiedAt),
  fullName: user.fullName ?? null,
  phone: user.phone ?? null,
  snils: user.snils ?? null,
  portal: user.portal as 'employee' | 'education' | 'its' | 'tenant',
  status: user.status as 'pending_confirmation' | 'active' | 'disabled',
  profile: user.profile ?? {},
  passwordChangedAt: user.passwordChangedAt?.toISOString() ?? null,
  createdAt: user.createdAt.toISOString(),
});

export const ChangePasswordBody = z.object({ currentPassword: short(1000), password: short(1000) });
export const PasswordChangedSchema = z.object({ sessionsEnded: z.number().int() });

export const SessionSchema = z
  .object({
    id: z.uuid(),
    device: z.string().nullable().describe('A short label from the user agent, e.g. "Chrome on Linux"'),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    createdAt: z.string(),
    lastSeenAt: z.string(),
    expiresAt: z.string(),
    current: z.boolean(),
  })
  .openapi('Session');
export const SessionListSchema = z.object({ items: z.array(SessionSchema), nextCursor: z.null() });
export const SessionIdParam = z.object({ id: z.uuid() });
export const SessionsEndedSchema = z.object({ ended: z.number().int() });

export const sessionView = (s: Session, currentSessionId: string): z.infer<typeof SessionSchema> => ({
  id: s.id,
  device: deviceLabel(s.userAgent),
  ip: s.ip ?? null,
  userAgent: s.userAgent ?? null,
  createdAt: s.createdAt.toISOString(),
  lastSeenAt: s.lastSeenAt.toISOString(),
  expiresAt: s.expiresAt.toISOString(),
  current: s.id === currentSessionId,
});

export const ConnectionSchema = z
  .object({
    id: z.string(),
    at: z.string(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    device: z.string().nullable(),
    result: z.string().describe('success | invalid_credentials | locked | email_not_confirmed | disabled'),
  })
  .openapi('ConnectionHistoryEntry');

export const connectionView = (e: LoginEvent): z.infer<typeof ConnectionSchema> => ({
  id: String(e.id),
  at: e.createdAt.toISOString(),
  ip: e.ip ?? null,
  userAgent: e.userAgent ?? null,
  device: deviceLabel(e.userAgent),
  result: e.result,
});

// ---- Sign-up and recovery

export const EducationForm = z
  .object({
    form: z.literal('education'),
    email: short(320),
    password: short(1000),
    fullName: short(300),
    snils: short(40).nullish(),
    humanCheck: HumanCheckAnswerSchema,
  })
  .openapi('EducationRegistration');
export const ItsForm = z
  .object({
    form: z.literal('its'),
    login: short(100),
    password: short(1000),
    email: short(320),
    fullName: short(300),
    workplace: short(300).nullish(),
    city: short(200),
    phone: short(40),
    consent: z.boolean().describe('Consent to the user agreement; must be true'),
    humanCheck: HumanCheckAnswerSchema,
  })
  .openapi('ItsRegistration');
export const SignUpBody = z.discriminatedUnion('form', [EducationForm, ItsForm]);

export const SignedUpSchema = z.object({
  userId: z.uuid(),
  login: z.string(),
  status: z.literal('pending_confirmation'),
});

export const ConfirmEmailBody = z.object({ token: short(200) });
export const EmailConfirmedSchema = z.object({ userId: z.uuid(), login: z.string(), status: z.string() });

export const RecoveryBody = z.union([
  z.object({ email: short(320), humanCheck: HumanCheckAnswerSchema }).strict(),
  z.object({ snils: short(40), humanCheck: HumanCheckAnswerSchema }).strict(),
]);

export const RecoveryConfirmBody = z.union([
  z.object({ email: short(320), code: short(20), password: short(1000) }).strict(),
  z.object({ snils: short(40), code: short(20), password: short(1000) }).strict(),
  z.object({ token: short(200), password: short(1000) }).strict(),
]);

export const AcceptedSchema = z.object({ status: z.literal('accepted'), message: z.string() });
export const recoveryAccepted = (): z.infer<typeof AcceptedSchema> => ({
  status: 'accepted',
  message: 'Если такая учётная запись есть, мы отправили письмо с кодом на её адрес электронной почты.',
});

export const PasswordResetSchema = z.object({ userId: z.uuid(), login: z.string() });

// ---- External-login identities

export const IdentitySchema = z
  .object({
    provider: z.string().openapi({ example: 'esia' }),
    providerName: z.string().openapi({ example: 'Госуслуги' }),
    email: z.string().nullable(),
    linkedAt: z.string(),
  })
  .openapi('LinkedIdentity');
export const IdentityListSchema = z.object({
  items: z.array(IdentitySchema),
  linkUrl: z
    .string()
    .nullable()
    .openapi({ description: 'where a browser starts linking; null when not configured' }),
});

export const ProviderParam = z.object({
  provider: z
    .string()
    .regex(/^[a-z0-9-]{1,32}$/)
    .openapi({ param: { name: 'provider', in: 'path' }, example: 'esia' }),
});

export const identityListView = (list: {
  identities: { provider: string; email: string | null; linked_at: Date }[];
  settings: OidcSettings | null;
}): z.infer<typeof IdentityListSchema> => ({
  items: list.identities.map((r) => ({
    provider: r.provider,
    providerName: r.provider === list.settings?.providerId ? list.settings.providerName : r.provider,
    email: r.email,
    linkedAt: new Date(r.linked_at).toISOString(),
  })),
  linkUrl: list.settings ? '/auth/oidc/start?mode=link' : null,
});

// ---- Human check

export const HumanCheckSchema = z
  .object({
    token: z
      .string()
      .describe('Send it back with the answer as `humanCheck: {token, answer}`; valid 10 minutes, once'),
    question: z.string().describe('An arithmetic question in Russian, e.g. «Сколько будет 7 плюс 5?»'),
  })
  .openapi('HumanCheck');

export const humanCheckView = (challenge: HumanCheckChallenge): z.infer<typeof HumanCheckSchema> => ({
  token: challenge.token,
  question: challenge.question,
});
