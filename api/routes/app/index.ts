/**
 * The host dashboard at /app: server-rendered pages over core's services, signed in with the
 * web session cookie (api/middleware/webSession.ts), usable without JavaScript; its script and
 * stylesheet live in /assets/dashboard.{js,css}.
 */
import Router from '@koa/router';
import type { AppDeps, AppState } from '../../context.js';
import { csrfOptionsOf } from '../pages/csrf.js';
import { DASHBOARD_CSS } from '../pages/dashboardAssets.js';
import { DASHBOARD_JS } from '../pages/dashboardScript.js';
import { mountAdminPage } from './adminPage.js';
import { mountCalendarsPage } from './calendarsPage.js';
import { mountDashboard } from './dashboard.js';
import { mountEventTypesPage } from './eventTypesPage.js';
import { mountMeetingPages } from './meetingPage.js';
import { mountHoursPage } from './hoursPage.js';
import { mountOverridesPage } from './overridesPage.js';
import { mountPwa } from './pwa.js';
import { mountQuietHoursPage } from './quietHoursPage.js';
import { mountSettingsPages } from './settingsPages.js';
import { mountSignIn } from './signIn.js';
import { mountSignUp } from './signUp.js';
import { mountWeekPages } from './weekPages.js';
import type { AppRouteDeps } from './shared.js';

export function appRoutes({ services, config, clock, runtime }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  const deps: AppRouteDeps = { services, config, clock, runtime, csrf: csrfOptionsOf({ config, clock }) };

  const assets: Array<[string, string, string]> = [
    ['/assets/dashboard.css', 'text/css; charset=utf-8', DASHBOARD_CSS],
    ['/assets/dashboard.js', 'text/javascript; charset=utf-8', DASHBOARD_JS],
  ];
  for (const [path, type, body] of assets) {
    router.get(path, (ctx) => {
      ctx.type = type;
      ctx.set('Cache-Control', 'public, max-age=3600');
      ctx.body = body;
    });
  }

  mountPwa(router);
  mountSignIn(router, deps);
  mountSignUp(router, deps);
  mountDashboard(router, deps);
  mountMeetingPages(router, deps);
  mountWeekPages(router, deps);
  mountEventTypesPage(router, deps);
  mountSettingsPages(router, deps);
  mountHoursPage(router, deps);
  mountOverridesPage(router, deps);
  mountQuietHoursPage(router, deps);
  mountCalendarsPage(router, deps);
  mountAdminPage(router, deps);
  return router;
}
