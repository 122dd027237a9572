import Router from '@koa/router';
import type { AppDeps, AppState } from '../../context.js';

/** `/health`: the process is up. `/ready`: the database answers too. */
export function healthRoutes({ db }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  router.get('/health', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/ready', async (ctx) => {
    try {
      await db.raw('SELECT 1');
      ctx.body = { status: 'ready', database: 'ok' };
    } catch {
      ctx.status = 503;
      ctx.body = { status: 'unavailable', database: 'unreachable' };
    }
  });
  return router;
}
