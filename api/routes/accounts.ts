import { createRoute, z } from '@hono/zod-openapi';
import { HumanCheckAnswerSchema, verifyHumanCheck } from '../security/human-check.ts';
import { resourceApp } from '../http/resource-app.ts';
import { confirmRecoveryByCode, confirmRecoveryByLink, startRecovery } from '../recovery.ts';
import { confirmEmail, registerAccount } from '../registration.ts';
import { errorResponses, jsonBody, jsonResponse } from '../http/schemas.ts';

const short = (max: number) => z.string().max(max);

const EducationForm = z
  .object({
    form: z.literal('education'),
    email: short(320),
    password: short(1000),
    fullName: short(300),
    snils: short(40).nullish(),
    humanCheck: HumanCheckAnswerSchema,
  })
  .openapi('EducationRegistration');
const ItsForm = z
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

const RecoveryTarget = z.union([
  z.object({ email: short(320) }).strict(),
  z.object({ snils: short(40) }).strict(),
]);

const RecoveryConfirm = z.union([
  z.object({ email: short(320), code: short(20), password: short(1000) }).strict(),
  z.object({ snils: short(40), code: short(20), password: short(1000) }).strict(),
  z.object({ token: short(200), password: short(1000) }).strict(),
]);

const Accepted = z.object({ status: z.literal('accepted'), message: z.string() });

export const accountRoutes = resourceApp()
  .openapi(
    createRoute({
      method: 'post',
      path: '/v1/auth/register',
      summary: 'Register an account (education portal or 1С:ИТС form); a confirmation letter follows',
      description:
        'The education form uses the e-mail as the login; the 1С:ИТС form a login of its own. Every ' +
        'field problem is listed in `details.fields`; a wrong human check is 422 `human_check_failed`; ' +
        'an e-mail, login or SNILS that is already registered is 409 `email_taken` / `login_taken` / ' +
        '`snils_taken` with `details.field`. The account cannot log in until the link in the letter ' +
        '(`PUBLIC_URL/register/confirm?token=…`, valid EMAIL_CONFIRMATION_TTL) is opened.',
      request: jsonBody(z.discriminatedUnion('form', [EducationForm, ItsForm])),
      responses: {
        201: jsonResponse(
          'Registered; confirm the e-mail',
          z.object({ userId: z.uuid(), login: z.string(), status: z.literal('pending_confirmation') }),
        ),
        ...errorResponses(400, 409, 422),
      },
    }),
    async (c) => c.json(await registerAccount(c, c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/v1/auth/confirm-email',
      summary: 'Confirm the e-mail with the token from the registration letter',
      request: jsonBody(z.object({ token: short(200) })),
      responses: {
        200: jsonResponse(
          'The account is active',
          z.object({ userId: z.uuid(), login: z.string(), status: z.string() }),
        ),
        ...errorResponses(400, 410, 422),
      },
    }),
    async (c) => c.json(await confirmEmail(c, c.req.valid('json').token), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/v1/auth/recovery',
      summary: 'Ask for a password recovery letter by e-mail or SNILS',
      description:
        'Always 202 with the same body, whether or not the account exists. If it does, a letter with a ' +
        '6-digit code and a link (valid RECOVERY_CODE_TTL, RECOVERY_MAX_ATTEMPTS tries, once) goes to ' +
        'its registered e-mail; an earlier code stops working. The human check is required (422 ' +
        '`human_check_failed`); a malformed e-mail or SNILS is 422 naming the field.',
      request: jsonBody(z.intersection(RecoveryTarget, z.object({ humanCheck: HumanCheckAnswerSchema }))),
      responses: { 202: jsonResponse('Accepted', Accepted), ...errorResponses(400, 422) },
    }),
    async (c) => {
      const body = c.req.valid('json');
      await verifyHumanCheck(c, body.humanCheck);
      await startRecovery(c, 'snils' in body ? { snils: body.snils } : { email: body.email });
      return c.json(
        {
          status: 'accepted' as const,
          message:
            'Если такая учётная запись есть, мы отправили письмо с кодом на её адрес электронной почты.',
        },
        202,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/v1/auth/recovery/confirm',
      summary: 'Set a new password with the code (and e-mail or SNILS) or the link token from the letter',
      description:
        'Wrong code → 422 `invalid_code` with `details.attemptsLeft`; no live code (used, expired, never ' +
        'asked, or no such account) → 410 `code_expired`; attempts used up → 410 `too_many_attempts`; ' +
        'a weak password → 422 `weak_password` (no attempt spent). With PASSWORD_CHANGE_ENDS_SESSIONS ' +
        '(default) every session of the account ends.',
      request: jsonBody(RecoveryConfirm),
      responses: {
        200: jsonResponse('Password changed', z.object({ userId: z.uuid(), login: z.string() })),
        ...errorResponses(400, 410, 422),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const result =
        'token' in body ? await confirmRecoveryByLink(c, body) : await confirmRecoveryByCode(c, body);
      return c.json({ userId: result.userId, login: result.login }, 200);
    },
  );
