import { randomUUID } from 'node:crypto';
import Koa from 'koa';
import type Router from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import { DomainError } from '../core/errors.js';
import { redactUrl } from '../core/logger.js';
import type { AppDeps, AppState } from './context.js';
import { authenticate } from './middleware/auth.js';
import { webSession } from './middleware/webSession.js';
import { csrfOptionsOf } from './routes/pages/csrf.js';
import { appRoutes } from './routes/app/index.js';
import { errorMiddleware } from './middleware/errors.js';
import { metricsMiddleware } from './middleware/metrics.js';
import { rateLimit } from './middleware/rateLimit.js';
import { createRecentWriters, readYourWrites } from './middleware/readYourWrites.js';
import { adminRoutes } from './routes/admin/index.js';
import { analyticsRoutes } from './routes/analytics/index.js';
import { exportRoutes } from './routes/exports/index.js';
import { authRoutes } from './routes/auth/index.js';
import { verifyPageRoutes } from './routes/auth/verifyPage.js';
import { healthRoutes, metricsEndpoint } from './routes/health/index.js';
import { parseRoutes } from './routes/parse/index.js';
import { tokenRoutes } from './routes/tokens/index.js';
import { feedRoutes } from './routes/feeds/index.js';
import { outboxRoutes } from './routes/outbox/index.js';
import { CONTENT_SECURITY_POLICY, methodNotAllowedPage, notFoundPage, pageRoutes } from './routes/pages/index.js';
import { siteRoutes } from './routes/pages/site.js';
import { siteSettingsRoutes } from './routes/site/index.js';
import { customDomainMiddleware } from './middleware/customDomain.js';
import { availabilityRoutes } from './routes/availability/index.js';
import { eventTypeRoutes } from './routes/eventTypes/index.js';
import { meetingRoutes } from './routes/meetings/index.js';
import { teamRoutes } from './routes/teams/index.js';
import { chatRoutes } from './routes/chat/index.js';
import { calendarRoutes } from './routes/calendars/index.js';
import { withRequestId } from '../core/requestContext.js';
import { oauthRoutes } from './routes/oauth/index.js';
import { oauthServerRoutes } from './routes/oauth/authorize.js';
import { webhookRoutes } from './routes/webhooks/index.js';
import { requestRoutes } from './routes/requests/index.js';
import { teamAdminRoutes } from './routes/teamAdmin/index.js';
import { voiceRoutes } from './routes/voice/index.js';
import { notificationRoutes } from './routes/notifications/index.js';
import { hookRoutes } from './routes/hooks/index.js';
import { paymentRoutes } from './routes/payments/index.js';
import { paymentWebhookRoutes } from './routes/payments/webhooks.js';
import { paymentReturnRoutes } from './routes/payments/returnPage.js';
import { notificationPreferenceRoutes } from './routes/notificationPreferences/index.js';
import { pushRoutes } from './routes/push/index.js';
import { smsRoutes } from './routes/sms/index.js';
import { billingRoutes } from './routes/billing/index.js';
import { planReturnRoutes } from './routes/billing/returnPage.js';
import { joinRoutes } from './routes/join/index.js';
import { waitlistRoutes } from './routes/waitlist/index.js';
import { routingFormRoutes } from './routes/routingForms/index.js';
import { spamRoutes } from './routes/spam/index.js';
import { meetingSummaryRoutes } from './routes/meetingSummaries/index.js';
import { conferencingRoutes } from './routes/conferencing/index.js';

/** Route factories, mounted in this order. */
const ROUTES: Array<(deps: AppDeps) => Router<AppState>> = [
  healthRoutes,
  authRoutes,
  verifyPageRoutes,
  tokenRoutes,
  adminRoutes,
  analyticsRoutes,
  exportRoutes,
  parseRoutes,
  feedRoutes,
  outboxRoutes,
  availabilityRoutes,
  eventTypeRoutes,
  teamRoutes,
  meetingRoutes,
  teamAdminRoutes,
  requestRoutes,
  voiceRoutes,
  chatRoutes,
  calendarRoutes,
  oauthRoutes,
  oauthServerRoutes,
  webhookRoutes,
  notificationRoutes,
  hookRoutes,
  paymentRoutes,
  paymentWebhookRoutes,
  paymentReturnRoutes,
  notificationPreferenceRoutes,
  siteSettingsRoutes,
  smsRoutes,
  pushRoutes,
  billingRoutes,
  planReturnRoutes,
  joinRoutes,
  waitlistRoutes,
  routingFormRoutes,
  spamRoutes,
  meetingSummaryRoutes,
  appRoutes,
  conferencingRoutes,
];

/** Paths whose handlers read the raw body themselves (signed webhooks). */
const RAW_BODY_PREFIXES = ['/slack/', '/discord/', '/webhooks/'];

/**
 * The Koa app. `extraRouters` come from outside api/ (Slack's HTTP mode, mounted by the
 * composition root in server/); the booking page's catch-all paths (/:username) always go last.
 * A worker process (`runtime.role === 'worker'`) serves only /health, /ready and /metrics.
 */
export function createApp(deps: AppDeps, extraRouters: Array<Router<AppState>> = []): Koa<AppState> {
  const { config, logger, clock, services, runtime } = deps;
  const app = new Koa<AppState>({ proxy: config.TRUST_PROXY });
  app.silent = true;

  app.use(async (ctx, next) => {
    const started = performance.now();
    const incoming = ctx.get('x-request-id');
    ctx.state.requestId = /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    ctx.set('X-Request-Id', ctx.state.requestId);
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.set('X-Frame-Options', 'DENY');
    // Over TLS (X-Forwarded-Proto: https counts only with TRUST_PROXY), browsers must stay on it.
    if (ctx.protocol === 'https') ctx.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    try {
      await withRequestId(ctx.state.requestId, next);
    } finally {
      // Every HTML answer gets a policy, including the ones no page handler wrote.
      if (ctx.response.is('html') && !ctx.response.get('Content-Security-Policy')) ctx.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
      logger.info({ requestId: ctx.state.requestId, method: ctx.method, path: redactUrl(ctx.url), status: ctx.status, ms: Math.round(performance.now() - started) }, 'request');
    }
  });
  app.use(metricsMiddleware(runtime.metrics));
  app.use(errorMiddleware(logger));
  app.use(metricsEndpoint(deps));
  if (runtime.role === 'worker') {
    const health = healthRoutes(deps);
    app.use(health.routes());
    app.use(health.allowedMethods());
    return app;
  }
  app.use(
    rateLimit({
      enabled: config.RATE_LIMIT,
      limit: config.RATE_LIMIT_PER_IP_PER_MINUTE,
      windowMs: 60_000,
      clock,
      name: 'requests per address',
      key: (ctx) => (ctx.path === '/health' || ctx.path === '/ready' ? null : `ip:${ctx.ip}`),
      counter: runtime.rateLimitCounter,
    }),
  );
  app.use(async (ctx, next) => {
    const method = ctx.method;
    if ((method === 'POST' || method === 'PUT' || method === 'PATCH') && ctx.path.startsWith('/api/') && ctx.request.length && !ctx.is('application/json', 'application/*+json')) {
      throw new DomainError('unsupported_media_type', 'Send the body as application/json');
    }
    await next();
  });
  const parser = bodyParser({ enableTypes: ['json', 'form'], jsonLimit: '1mb', formLimit: '1mb', jsonStrict: true });
  app.use(async (ctx, next) => {
    if (RAW_BODY_PREFIXES.some((p) => ctx.path.startsWith(p))) return next();
    return parser(ctx, next);
  });
  app.use(authenticate(services));
  app.use(webSession({ services, csrf: csrfOptionsOf({ config, clock }), refreshTokenTtlDays: config.REFRESH_TOKEN_TTL_DAYS }));
  if (runtime.replica) app.use(readYourWrites(createRecentWriters(runtime.redis)));
  app.use(
    rateLimit({
      enabled: config.RATE_LIMIT,
      limit: config.RATE_LIMIT_PER_TOKEN_PER_MINUTE,
      windowMs: 60_000,
      clock,
      name: 'requests per token',
      key: (ctx) => (ctx.state.principal ? `user:${ctx.state.principal.userId}` : null),
      counter: runtime.rateLimitCounter,
    }),
  );
  app.use(notFoundPage);
  app.use(methodNotAllowedPage);
  app.use(customDomainMiddleware({ domains: services.site.domains, publicUrl: config.publicUrl }));
  const routers = [...ROUTES.map((factory) => factory(deps)), ...extraRouters, siteRoutes(deps), pageRoutes(deps)];
  for (const router of routers) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  return app;
}
