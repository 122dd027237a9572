import Router from '@koa/router';
import type { Middleware } from 'koa';
import { timingSafeEqual } from 'node:crypto';
import { pingRedis } from '../../../core/cache/redis.js';
import { DomainError } from '../../../core/errors.js';
import type { AppDeps, AppState } from '../../context.js';

/**
 * `/health`: the process is up. `/ready`: it should get traffic: not draining (SIGTERM), the
 * database answers, and Redis answers when REDIS_URL is set; 503 naming what failed otherwise.
 */
export function healthRoutes({ db, runtime }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  router.get('/health', (ctx) => {
    ctx.body = { status: 'ok', role: runtime.role };
  });
  router.get('/ready', async (ctx) => {
    const [database, redis] = await Promise.all([
      db.raw('SELECT 1').then(
        () => 'ok',
        () => 'unreachable',
      ),
      runtime.redis
        ? pingRedis(runtime.redis).then(
            () => 'ok',
            () => 'unreachable',
          )
        : Promise.resolve('not configured'),
    ]);
    const ok = !runtime.draining && database === 'ok' && redis !== 'unreachable';
    ctx.status = ok ? 200 : 503;
    ctx.body = { status: ok ? 'ready' : runtime.draining ? 'draining' : 'unavailable', database, redis };
  });
  return router;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * `GET /metrics` in Prometheus text format. With METRICS_TOKEN set it wants
 * `Authorization: Bearer <METRICS_TOKEN>`; mounted before sign-in, which knows no such token.
 */
export function metricsEndpoint({ runtime, config }: AppDeps): Middleware<AppState> {
  return async (ctx, next) => {
    if (ctx.path !== '/metrics' || ctx.method !== 'GET') return next();
    const token = config.METRICS_TOKEN;
    // The error middleware answers 401 with problem+json and a Bearer challenge.
    if (token && !sameSecret(ctx.get('authorization'), `Bearer ${token}`)) throw new DomainError('unauthorized', 'Metrics need Authorization: Bearer <METRICS_TOKEN>');
    const { contentType, body } = await runtime.metrics.render();
    ctx.type = contentType;
    ctx.body = body;
  };
}
