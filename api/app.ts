import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { ApiDeps, AppEnv } from './http/context.ts';
import { ApiError } from './http/errors.ts';
import { requireActor, resolveActor } from './http/middleware/auth.ts';
import { handleError, notFoundOrMethodNotAllowed } from './http/error-handler.ts';
import { docsRoutes } from './http/docs.ts';
import { healthRoutes } from './http/health.ts';
import { refuseBadCharactersInUrl } from './http/middleware/text-safety.ts';
import { pageHeaders } from './http/pages/page-headers.ts';
import { idempotent } from './http/middleware/idempotency.ts';
import { requestContext } from './http/middleware/request-context.ts';
import { validationHook } from './http/validation.ts';
import { pageRoutes } from './pages/index.ts';
import { accountPages } from './accounts/pages.ts';
import { meRoutes } from './accounts/me-routes.ts';
import { authRoutes, humanCheckRoutes } from './accounts/routes.ts';
import { newsPages } from './news/pages.ts';
import { myNewsSubscriptionRoutes, newsRoutes } from './news/routes.ts';
import { productPages } from './products/pages.ts';
import { licenceRoutes, myProductRoutes } from './products/routes.ts';
import { attendanceRoutes } from './routes/attendance.ts';
import { catalogRoutes } from './routes/catalog.ts';
import { employeeRoutes } from './employees/routes.ts';
import { eventCodeRoutes } from './routes/event-codes.ts';
import { activationRoutes, invitationRoutes } from './invitations/routes.ts';
import { invitationPages } from './invitations/pages.ts';
import { messageRoutes, notificationSettingsRoutes } from './notifications/routes.ts';
import { notificationPages } from './notifications/pages.ts';
import { operatorRoutes } from './operator/routes.ts';
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
import { serviceRoutes } from './service/routes.ts';
import { providerApplicationRoutes } from './routes/provider-applications.ts';
import { trainingApplicationActionRoutes } from './routes/training-application-actions.ts';
import { trainingApplicationDocumentRoutes } from './routes/training-application-documents.ts';
import { trainingApplicationRoutes } from './routes/training-applications.ts';
import { specialistRoutes } from './routes/specialist.ts';
import { specialistCycleRoutes } from './routes/specialist-cycles.ts';
import { specialistDocumentRoutes } from './routes/specialist-documents.ts';
import { payslipPages } from './payslips/pages.ts';
import { myPayslipRoutes, payslipPublicationRoutes, teamPayslipRoutes } from './payslips/routes.ts';

// 10,000 employees with every field filled stay well under this.
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/**
 * POSTs that create things or start processes; a retry with the same Idempotency-Key is safe.
 * Not api-keys: replaying that answer would mean storing the key.
 */
const IDEMPOTENT_POSTS = [
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
  app.route('/v1/organizations/:orgId/employees', employeeRoutes);
  app.route('/v1/organizations/:orgId/service', serviceRoutes);
  app.route('/v1/organizations/:orgId/invitations', invitationRoutes);
  app.route('/v1/organizations/:orgId/notification-settings', notificationSettingsRoutes);
  app.route('/v1/organizations/:orgId/messages', messageRoutes);
  app.route('/v1/activation', activationRoutes);
  app.route('/v1/auth', authRoutes);
  app.route('/v1/me', meRoutes);
  app.route('/v1/human-check', humanCheckRoutes);
  app.route('/', providerRoutes);
  app.route('/', catalogRoutes);
  app.route('/', planRoutes);
  app.route('/', progressRoutes);
  app.route('/', eventCodeRoutes);
  app.route('/', attendanceRoutes);
  app.route('/v1/operator', operatorRoutes);
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
  app.route('/v1/news', newsRoutes);
  app.route('/v1/me/news-subscription', myNewsSubscriptionRoutes);
  app.route('/v1/operator/licences', licenceRoutes);
  app.route('/v1/me/products', myProductRoutes);
  app.route('/', accountPages);
  app.route('/', newsPages);
  app.route('/', invitationPages);
  app.route('/', notificationPages);
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
  app.route('/', docsRoutes);
  return app;
}

export type App = ReturnType<typeof createApp>;
