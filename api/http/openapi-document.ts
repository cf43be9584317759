// The OpenAPI document at /openapi.json: what the routes declare, plus the API's description, its
// areas (tags) and how callers authenticate.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { readFileSync } from 'node:fs';
import type { AppEnv } from './context.ts';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** Each area's tag, in the order people meet them. */
export const API_TAGS = [
  { name: 'Organizations', description: 'Organizations (the tenants) and their HR systems’ API keys; operator only.' },
  { name: 'Employees', description: 'An organization’s employees, upserted from its HR system (up to 10,000 per call).' },
  { name: 'Service', description: 'Connecting the employee service: trial, responsible administrator, status.' },
  { name: 'Invitations', description: 'Inviting employees by SMS (one or thousands), resending, revoking, and activation with the code.' },
  { name: 'Notifications', description: 'Send window, deferral and reminders; why an SMS or e-mail waits.' },
  { name: 'Payslips', description: 'Publishing a period’s payslips, reading and acknowledging them, managers’ unread list.' },
  { name: 'Tenant users', description: 'An organization’s members, access levels and rights, sessions, connection history (scloud).' },
  { name: 'Accounts', description: 'Sign-up, login, sessions, password recovery, external login, the human check.' },
  { name: 'News', description: 'News subscription with double opt-in.' },
  { name: 'Education', description: 'Портал НМО: specialist profile, documents, cycles, catalog, plan, event codes, providers.' },
  { name: 'Training applications', description: 'Applications for ДПП ПК programme cycles, from draft to credits.' },
  { name: 'Products', description: '1С:ИТС product registration by number and PIN; licences loaded by the operator.' },
  { name: 'Operator', description: 'For the people who run kabinet: verification runs, the payload codec.' },
];

const DESCRIPTION = `A workflow-driven back office for personal-cabinet services: organizations connect the
service and invite their employees by SMS; people activate their cabinet, log in, read payslips and
plan their continuing education. Long work answers 202 with a resource to poll.

**Errors** have one shape: \`{"error": {"code", "message", "details"?}, "requestId"}\`; bad input is
400 or 422 naming the field (\`details.fields\`), too many attempts 429 with \`Retry-After\`, and a
dependency that is down 503 with \`Retry-After\`.

**Authentication** is a bearer token: the operator token (\`KABINET_OPERATOR_TOKEN\`), an
organization API key (\`kab_…\`, acts as the organization's service administrator), a session token
(\`kss_…\`, from \`POST /v1/auth/login\`; pages use the same session as a cookie) or a provider key
(\`kpr_…\`). Each operation says which of them it takes.

**Idempotency-Key** on the POSTs that start processes makes a retry safe: the same key returns the
first answer.`;

export function describeApi(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description:
      'The operator token, an organization API key (kab_…), a session token (kss_…) or a provider key (kpr_…).',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'kabinet API', version, description: DESCRIPTION },
    tags: API_TAGS,
  });
}
