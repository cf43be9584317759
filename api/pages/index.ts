import { pageApp } from '../http/pages/page-app.ts';
import { accountPages } from './account-pages.ts';
import { activationPage } from './activation-page.ts';
import { adminNotificationsPage } from './admin-notifications-page.ts';
import { cabinetPage } from './cabinet-page.ts';
import { loginPage } from './login-page.ts';
import { newsPage } from './news-page.ts';
import { itsProductsPage } from './its-products-page.ts';
import { payslipPages } from './payslip-pages.ts';

/** The pages not yet moved to their area's pages.ts. */
export const pageRoutes = pageApp()
  .route('/', activationPage)
  .route('/', loginPage)
  .route('/', accountPages)
  .route('/', cabinetPage)
  .route('/', newsPage)
  .route('/', itsProductsPage)
  .route('/', payslipPages)
  .route('/', adminNotificationsPage);
