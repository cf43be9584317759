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
import { productPages } from './products/pages.ts';
import { licenceRoutes, myProductRoutes } from './products/routes.ts';
import { activationRoutes } from './routes/activation.ts';
import { attendanceRoutes } from './routes/attendance.ts';
import { authRoutes } from './routes/auth.ts';
import { catalogRoutes } from './routes/catalog.ts';
import { codecRoutes } from './routes/codec.ts';
import { employeeRoutes } from './routes/employees.ts';
import { eventCodeRoutes } from './routes/event-codes.ts';
import { healthRoutes } from './routes/health.ts';
import { humanCheckRoutes } from './routes/human-check.ts';
import { accountRoutes } from './routes/accounts.ts';
import { invitationActionRoutes } from './routes/invitation-actions.ts';
import { invitationRoutes } from './routes/invitations.ts';
import { notificationSettingsRoutes } from './routes/notification-settings.ts';
import { organizationRoutes } from './organizations/routes.ts';
import {
  myTenantRightsRoutes,
  organizationDetailsRoutes,
  tenantDatabaseRoutes,
  tenantOwnerRoutes,
} from './tenant-users/organization-routes.ts';
import { tenantUserRoutes } from './tenant-users/routes.ts';
import { connectionHistoryRoutes, tenantSessionRoutes } from './tenant-users/session-routes.ts';
import { planRoutes } from './routes/plan.ts';
import { progressRoutes } from './routes/progress.ts';
import { providerRoutes } from './routes/providers.ts';
import { serviceRoutes } from './routes/service.ts';
import { providerApplicationRoutes } from './routes/provider-applications.ts';
import { trainingApplicationActionRoutes } from './routes/training-application-actions.ts';
import { trainingApplicationDocumentRoutes } from './routes/training-application-documents.ts';
import { trainingApplicationRoutes } from './routes/training-applications.ts';
import { specialistRoutes } from './routes/specialist.ts';
import { specialistCycleRoutes } from './routes/specialist-cycles.ts';
import { specialistDocumentRoutes } from './routes/specialist-documents.ts';
import { verificationRunRoutes } from './routes/verification-runs.ts';
import { payslipPages } from './payslips/pages.ts';
import { myPayslipRoutes, payslipPublicationRoutes, teamPayslipRoutes } from './payslips/routes.ts';

// 10,000 employees with every field filled stay well under this.
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/**
 * POSTs that create things or start processes; a retry with the same Idempotency-Key is safe.
 * Not api-keys: replaying that answer would mean storing the key.
 */
const IDEMPOTENT_POSTS = [
  '/v1/organizations/:orgId/service/connect',
  '/v1/organizations/:orgId/invitations',
  '/v1/operator/verification-runs',
  '/v1/me/documents',
  '/v1/me/applications',
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
  app.route('/v1/organizations/:orgId/users', tenantUserRoutes);
  app.route('/v1/organizations/:orgId/sessions', tenantSessionRoutes);
  app.route('/v1/organizations/:orgId/connection-history', connectionHistoryRoutes);
  app.route('/v1/organizations/:orgId/databases', tenantDatabaseRoutes);
  app.route('/v1/organizations/:orgId/details', organizationDetailsRoutes);
  app.route('/v1/organizations/:orgId/owner', tenantOwnerRoutes);
  app.route('/v1/organizations/:orgId/me/rights', myTenantRightsRoutes);
  app.route('/', employeeRoutes);
  app.route('/', serviceRoutes);
  app.route('/', invitationRoutes);
  app.route('/', invitationActionRoutes);
  app.route('/', notificationSettingsRoutes);
  app.route('/', activationRoutes);
  app.route('/', authRoutes);
  app.route('/', humanCheckRoutes);
  app.route('/', accountRoutes);
  app.route('/', providerRoutes);
  app.route('/', catalogRoutes);
  app.route('/', planRoutes);
  app.route('/', progressRoutes);
  app.route('/', eventCodeRoutes);
  app.route('/', attendanceRoutes);
  app.route('/', verificationRunRoutes);
  app.route('/', codecRoutes);
  app.route('/', specialistRoutes);
  app.route('/', specialistDocumentRoutes);
  app.route('/', specialistCycleRoutes);
  app.route('/', trainingApplicationRoutes);
  app.route('/', trainingApplicationActionRoutes);
  app.route('/', trainingApplicationDocumentRoutes);
  app.route('/', providerApplicationRoutes);
  app.route('/v1/organizations/:orgId/payslips/publications', payslipPublicationRoutes);
  app.route('/v1/me/payslips', myPayslipRoutes);
  app.route('/v1/me/team', teamPayslipRoutes);
  app.route('/', identityRoutes);
  app.route('/', newsRoutes);
  app.route('/v1/operator/licences', licenceRoutes);
  app.route('/v1/me/products', myProductRoutes);
  app.route('/', oidcPages);
  app.route('/', payslipPages);
  app.route('/', productPages);
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
