import { pageApp } from '../http/pages/page-app.ts';
import { applicationPage } from './application-page.ts';

/** The pages not yet moved to their area's pages.ts. */
export const pageRoutes = pageApp()
  .route('/', applicationPage)
