import { swaggerUI } from '@hono/swagger-ui';
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { ApiDeps, AppEnv } from './http/context.ts';
import { ApiError } from './http/errors.ts';
import { requireActor, resolveActor } from './http/middleware/auth.ts';
import { handleError, notFoundOrMethodNotAllowed } from './http/error-handler.ts';
import { refuseBadCharactersInUrl } from './http/middleware/text-safety.ts';
import { pageHeaders } from './http/pages/page-headers.ts';
import { idempotent } from './http/middleware/idempotency.ts';
import { requestContext } from './http/middleware/request-context.ts';
import { validationHook } from './http/validation.ts';
import { pageRoutes } from './pages/index.ts';
import { oidcPages } from './pages/oidc-pages.ts';
import { identityRoutes } from './routes/identities.ts';
import { newsRoutes } from './routes/news.ts';
import { productRoutes } from './routes/products.ts';
import { activationRoutes } from './routes/activation.ts';
import { authRoutes } from './routes/auth.ts';
import { codecRoutes } from './routes/codec.ts';
import { employeeRoutes } from './routes/employees.ts';
import { healthRoutes } from './routes/health.ts';
import { humanCheckRoutes } from './routes/human-check.ts';
import { accountRoutes } from './routes/accounts.ts';
import { invitationActionRoutes } from './routes/invitation-actions.ts';
import { invitationRoutes } from './routes/invitations.ts';
import { notificationSettingsRoutes } from './routes/notification-settings.ts';
import { organizationRoutes } from './organizations/routes.ts';
import { catalogRoutes } from './education/catalog-routes.ts';
import { eventCodeRoutes } from './education/event-code-routes.ts';
import { planRoutes, progressRoutes } from './education/plan-routes.ts';
import { attendanceRoutes, providerRoutes } from './education/provider-routes.ts';
import { cycleRoutes, documentRoutes, specialistRoutes } from './education/specialist-routes.ts';
import { applicationPages } from './training-applications/pages.ts';
import { providerApplicationRoutes } from './training-applications/provider-routes.ts';
import { myApplicationRoutes } from './training-applications/routes.ts';
import { tenantOrganizationRoutes } from './routes/tenant-organization.ts';
import { tenantSessionRoutes } from './routes/tenant-sessions.ts';
import { tenantUserRoutes } from './routes/tenant-users.ts';
import { serviceRoutes } from './routes/service.ts';
import { verificationRunRoutes } from './routes/verification-runs.ts';
import { myPayslipRoutes } from './routes/my-payslips.ts';
import { payslipPublicationRoutes } from './routes/payslip-publications.ts';
import { teamPayslipRoutes } from './routes/team-payslips.ts';

// 10,000 employees with every field filled stay well under this.
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/**
 * POSTs that create things or start processes; a retry with the same Idempotency-Key is safe.
 * Not api-keys: replaying that answer would mean storing the key.
 */
const IDEMPOTENT_POSTS = [
  '/v1/organizations/:orgId/service/connect',
  '/v1/organizations/:orgId/invitations',
  '/v1/organizations/:orgId/payslips/publications',
  '/v1/operator/verification-runs',
];

export function createApp(deps: ApiDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.onError(handleError);
  app.notFound(notFoundOrMethodNotAllowed(app));
  app.use(requestContext(deps));
  app.use(pageHeaders);
  app.use(refuseBadCharactersInUrl);
  app.use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new ApiError(413, 'payload_too_large', `the body is larger than ${MAX_BODY_BYTES} bytes`);
      },
    }),
  );
  app.route('/', healthRoutes);
  app.use('/v1/*', resolveActor);
  // Anonymous callers learn nothing about organization routes, not even what a valid body looks like.
  app.use('/v1/organizations/*', requireActor);
  app.use('/v1/organizations', requireActor);
  for (const path of IDEMPOTENT_POSTS) app.use(path, idempotent);
  app.route('/v1/organizations', organizationRoutes);
  app.route('/', tenantUserRoutes);
  app.route('/', tenantSessionRoutes);
  app.route('/', tenantOrganizationRoutes);
  app.route('/', employeeRoutes);
  app.route('/', serviceRoutes);
  app.route('/', invitationRoutes);
  app.route('/', invitationActionRoutes);
  app.route('/', notificationSettingsRoutes);
  app.route('/', activationRoutes);
  app.route('/', authRoutes);
  app.route('/', humanCheckRoutes);
  app.route('/', accountRoutes);
  app.route('/v1/providers', providerRoutes);
  app.route('/v1/catalog', catalogRoutes);
  app.route('/v1/me/cycles/:cycleId/plan', planRoutes);
  app.route('/v1/me/cycles/:cycleId/progress', progressRoutes);
  app.route('/v1/me/cycles/:cycleId/event-codes', eventCodeRoutes);
  app.route('/v1/providers/me/attendance', attendanceRoutes);
  app.route('/', verificationRunRoutes);
  app.route('/', codecRoutes);
  app.route('/v1/me/specialist', specialistRoutes);
  app.route('/v1/me/documents', documentRoutes);
  app.route('/v1/me/cycles', cycleRoutes);
  app.route('/v1/me/applications', myApplicationRoutes);
  app.route('/v1/providers/me/applications', providerApplicationRoutes);
  app.route('/', payslipPublicationRoutes);
  app.route('/', myPayslipRoutes);
  app.route('/', teamPayslipRoutes);
  app.route('/', identityRoutes);
  app.route('/', newsRoutes);
  app.route('/', productRoutes);
  app.route('/', oidcPages);
  app.route('/', applicationPages);
  app.route('/', pageRoutes);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'Operator token, organization API key (kab_…) or session token (kss_…)',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'kabinet API',
      version: '1.0.0',
      description: 'Organizations, employees, service onboarding, invitations and activation, login and sessions.',
    },
  });
  app.get('/docs', swaggerUI({ url: '/openapi.json' }));
  return app;
}

export type App = ReturnType<typeof createApp>;
