import { OpenAPIHono } from '@hono/zod-openapi';
import { meRoutes } from './accounts/me-routes.ts';
import { accountPages } from './accounts/pages.ts';
import { authRoutes, humanCheckRoutes } from './accounts/routes.ts';
import { catalogRoutes } from './education/catalog-routes.ts';
import { eventCodeRoutes } from './education/event-code-routes.ts';
import { planRoutes, progressRoutes } from './education/plan-routes.ts';
import { attendanceRoutes, providerRoutes } from './education/provider-routes.ts';
import { cycleRoutes, documentRoutes, specialistRoutes } from './education/specialist-routes.ts';
import { employeeRoutes } from './employees/routes.ts';
import type { ApiDeps, AppEnv } from './http/context.ts';
import { docsRoutes } from './http/docs.ts';
import { describeApi } from './http/openapi-document.ts';
import { handleError, pathMethods } from './http/error-handler.ts';
import { healthRoutes } from './http/health.ts';
import { requireActor, resolveActor } from './http/middleware/auth.ts';
import { requestContext } from './http/middleware/request-context.ts';
import { refuseBadCharactersInUrl } from './http/middleware/text-safety.ts';
import { pageHeaders } from './http/pages/page-headers.ts';
import { validationHook } from './http/validation.ts';
import { invitationPages } from './invitations/pages.ts';
import { activationRoutes, invitationRoutes } from './invitations/routes.ts';
import { newsPages } from './news/pages.ts';
import { myNewsSubscriptionRoutes, newsRoutes } from './news/routes.ts';
import { notificationPages } from './notifications/pages.ts';
import { messageRoutes, notificationSettingsRoutes } from './notifications/routes.ts';
import { operatorRoutes } from './operator/routes.ts';
import { organizationRoutes } from './organizations/routes.ts';
import { payslipPages } from './payslips/pages.ts';
import { myPayslipRoutes, payslipPublicationRoutes, teamPayslipRoutes } from './payslips/routes.ts';
import { productPages } from './products/pages.ts';
import { licenceRoutes, myProductRoutes } from './products/routes.ts';
import { serviceRoutes } from './service/routes.ts';
import {
  myTenantRightsRoutes,
  organizationDetailsRoutes,
  tenantDatabaseRoutes,
  tenantOwnerRoutes,
} from './tenant-users/organization-routes.ts';
import { tenantUserRoutes } from './tenant-users/routes.ts';
import { connectionHistoryRoutes, tenantSessionRoutes } from './tenant-users/session-routes.ts';
import { applicationPages } from './training-applications/pages.ts';
import { providerApplicationRoutes } from './training-applications/provider-routes.ts';
import { myApplicationRoutes } from './training-applications/routes.ts';

const ORGANIZATION = '/v1/organizations/:orgId';

/**
 * The JSON API, each area at its own prefix (docs/architecture.md), and the server-rendered pages.
 * Body limits, idempotency and validation are declared by each route (api/http/route.ts).
 */
export function createApp(deps: ApiDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.onError(handleError);
  const methods = pathMethods(app);
  app.notFound(methods.notFound);
  app.use(requestContext(deps));
  app.use(pageHeaders);
  app.use(refuseBadCharactersInUrl);
  app.route('/', healthRoutes);
  app.use('/v1/*', resolveActor);
  // Anonymous callers learn nothing about organization routes, not even what a valid body looks like.
  app.use('/v1/organizations/*', requireActor);
  app.use('/v1/organizations', requireActor);
  app.use(methods.guard);

  // The operator's and organizations' side.
  app.route('/v1/organizations', organizationRoutes);
  app.route(`${ORGANIZATION}/employees`, employeeRoutes);
  app.route(`${ORGANIZATION}/service`, serviceRoutes);
  app.route(`${ORGANIZATION}/invitations`, invitationRoutes);
  app.route(`${ORGANIZATION}/notification-settings`, notificationSettingsRoutes);
  app.route(`${ORGANIZATION}/messages`, messageRoutes);
  app.route(`${ORGANIZATION}/payslips/publications`, payslipPublicationRoutes);
  app.route(`${ORGANIZATION}/users`, tenantUserRoutes);
  app.route(`${ORGANIZATION}/sessions`, tenantSessionRoutes);
  app.route(`${ORGANIZATION}/connection-history`, connectionHistoryRoutes);
  app.route(`${ORGANIZATION}/databases`, tenantDatabaseRoutes);
  app.route(`${ORGANIZATION}/details`, organizationDetailsRoutes);
  app.route(`${ORGANIZATION}/owner`, tenantOwnerRoutes);
  app.route(`${ORGANIZATION}/me/rights`, myTenantRightsRoutes);
  app.route('/v1/operator', operatorRoutes);
  app.route('/v1/operator/licences', licenceRoutes);

  // People: accounts, their cabinet, continuing education.
  app.route('/v1/activation', activationRoutes);
  app.route('/v1/auth', authRoutes);
  app.route('/v1/human-check', humanCheckRoutes);
  app.route('/v1/me', meRoutes);
  app.route('/v1/me/payslips', myPayslipRoutes);
  app.route('/v1/me/team', teamPayslipRoutes);
  app.route('/v1/me/news-subscription', myNewsSubscriptionRoutes);
  app.route('/v1/me/products', myProductRoutes);
  app.route('/v1/me/specialist', specialistRoutes);
  app.route('/v1/me/documents', documentRoutes);
  app.route('/v1/me/cycles', cycleRoutes);
  app.route('/v1/me/cycles/:cycleId/plan', planRoutes);
  app.route('/v1/me/cycles/:cycleId/progress', progressRoutes);
  app.route('/v1/me/cycles/:cycleId/event-codes', eventCodeRoutes);
  app.route('/v1/me/applications', myApplicationRoutes);
  app.route('/v1/news', newsRoutes);
  app.route('/v1/catalog', catalogRoutes);

  // Educational providers (kpr_ keys).
  app.route('/v1/providers', providerRoutes);
  app.route('/v1/providers/me/attendance', attendanceRoutes);
  app.route('/v1/providers/me/applications', providerApplicationRoutes);

  // Pages people click through: plain HTML forms, not in the OpenAPI document.
  for (const pages of [accountPages, invitationPages, notificationPages, payslipPages, productPages, newsPages, applicationPages]) {
    app.route('/', pages);
  }

  describeApi(app);
  app.route('/', docsRoutes);
  return app;
}

export type App = ReturnType<typeof createApp>;
