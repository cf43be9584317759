import { requestOrigin, serviceDeps } from '../http/context.ts';
import { resourceApp } from '../http/resource-app.ts';
import { routesOf } from '../http/route.ts';
import { bearerSecurity, errorResponses, jsonBody, jsonResponse } from '../http/schemas.ts';
import { createHumanCheck } from '../security/human-check.ts';
import { createLoginService } from './login-service.ts';
import { createRecoveryService } from './recovery-service.ts';
import { clearSessionCookie, setSessionCookie } from './session-cookie.ts';
import { createSignUpService } from './sign-up-service.ts';
import {
  AcceptedSchema,
  ConfirmEmailBody,
  EmailConfirmedSchema,
  HumanCheckSchema,
  humanCheckView,
  LoggedInSchema,
  loggedInView,
  LoginBody,
  PasswordResetSchema,
  recoveryAccepted,
  RecoveryBody,
  RecoveryConfirmBody,
  SignedUpSchema,
  SignUpBody,
} from './views.ts';

const route = routesOf('Accounts');

/** Mounted at /v1/auth: logging in and out, sign-up and its confirmation, password recovery. */
export const authRoutes = resourceApp()
  .openapi(
    route({
      method: 'post',
      path: '/login',
      operationId: 'logIn',
      summary: 'Log in with the login (mobile phone, e-mail or chosen login) and the password',
      description:
        'Wrong login or password: 401 `invalid_credentials` either way. After LOGIN_MAX_FAILURES failures ' +
        'within LOGIN_FAILURE_WINDOW the login is locked for LOGIN_LOCK_DURATION: 429 `account_locked` with ' +
        'Retry-After, even with the right password. The right password of an account whose e-mail is not ' +
        'confirmed: 403 `email_not_confirmed`; of a disabled account: 403 `account_disabled`.',
      request: jsonBody(LoginBody),
      responses: {
        200: jsonResponse('Logged in; also sets the session cookie', LoggedInSchema),
        ...errorResponses(401, 403, 429),
      },
    }),
    async (c) => {
      const session = await createLoginService(serviceDeps(c)).logIn(c.req.valid('json'), requestOrigin(c));
      setSessionCookie(c, session);
      return c.json(loggedInView(session), 200);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/logout',
      operationId: 'logOut',
      summary: 'End the current session',
      security: bearerSecurity,
      responses: { 204: { description: 'Logged out' } },
    }),
    async (c) => {
      await createLoginService(serviceDeps(c)).logOut(c.var.actor);
      clearSessionCookie(c);
      return c.body(null, 204);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/register',
      operationId: 'signUp',
      summary: 'Register an account (education portal or 1С:ИТС form); a confirmation letter follows',
      description:
        'The education form uses the e-mail as the login; the 1С:ИТС form a login of its own. Every ' +
        'field problem is listed in `details.fields`; a wrong human check is 422 `human_check_failed`; ' +
        'an e-mail, login or SNILS that is already registered is 409 `email_taken` / `login_taken` / ' +
        '`snils_taken` with `details.field`. The account cannot log in until the link in the letter ' +
        '(`PUBLIC_URL/register/confirm?token=…`, valid EMAIL_CONFIRMATION_TTL) is opened.',
      request: jsonBody(SignUpBody),
      responses: {
        201: jsonResponse('Registered; confirm the e-mail', SignedUpSchema),
        ...errorResponses(409),
      },
    }),
    async (c) => c.json(await createSignUpService(serviceDeps(c)).signUp(c.req.valid('json')), 201),
  )
  .openapi(
    route({
      method: 'post',
      path: '/confirm-email',
      operationId: 'confirmEmail',
      summary: 'Confirm the e-mail with the token from the registration letter',
      request: jsonBody(ConfirmEmailBody),
      responses: {
        200: jsonResponse('The account is active', EmailConfirmedSchema),
        ...errorResponses(410),
      },
    }),
    async (c) =>
      c.json(await createSignUpService(serviceDeps(c)).confirmEmail(c.req.valid('json').token), 200),
  )
  .openapi(
    route({
      method: 'post',
      path: '/recovery',
      operationId: 'requestPasswordRecovery',
      summary: 'Ask for a password recovery letter by e-mail or SNILS',
      description:
        'Always 202 with the same body, whether or not the account exists. If it does, a letter with a ' +
        '6-digit code and a link (valid RECOVERY_CODE_TTL, RECOVERY_MAX_ATTEMPTS tries, once) goes to ' +
        'its registered e-mail; an earlier code stops working. The human check is required (422 ' +
        '`human_check_failed`); a malformed e-mail or SNILS is 422 naming the field.',
      request: jsonBody(RecoveryBody),
      responses: { 202: jsonResponse('Accepted', AcceptedSchema) },
    }),
    async (c) => {
      await createRecoveryService(serviceDeps(c)).request(c.req.valid('json'));
      return c.json(recoveryAccepted(), 202);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/recovery/confirm',
      operationId: 'confirmPasswordRecovery',
      summary: 'Set a new password with the code (and e-mail or SNILS) or the link token from the letter',
      description:
        'Wrong code → 422 `invalid_code` with `details.attemptsLeft`; no live code (used, expired, never ' +
        'asked, or no such account) → 410 `code_expired`; attempts used up → 410 `too_many_attempts`; ' +
        'a weak password → 422 `weak_password` (no attempt spent). With PASSWORD_CHANGE_ENDS_SESSIONS ' +
        '(default) every session of the account ends.',
      request: jsonBody(RecoveryConfirmBody),
      responses: {
        200: jsonResponse('Password changed', PasswordResetSchema),
        ...errorResponses(410),
      },
    }),
    async (c) => {
      const result = await createRecoveryService(serviceDeps(c)).confirm(c.req.valid('json'));
      return c.json({ userId: result.userId, login: result.login }, 200);
    },
  );

/** Mounted at /v1/human-check: the question anonymous forms ask (the check itself is api/security). */
export const humanCheckRoutes = resourceApp().openapi(
  route({
    method: 'get',
    path: '/',
    operationId: 'getHumanCheck',
    summary: 'A fresh human-check question for registration, recovery and subscription forms',
    responses: { 200: jsonResponse('The question and its token', HumanCheckSchema) },
  }),
  (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json(humanCheckView(createHumanCheck(c.var.deps.env.KABINET_SECRET)), 200);
  },
);
