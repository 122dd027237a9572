import type { Context, Middleware } from 'koa';
import { DomainError, PG, isDomainError, sqlState, type ErrorCode } from '../../core/errors.js';
import { redactUrl, type Logger } from '../../core/logger.js';
import type { AppState } from '../context.js';

const TITLES: Partial<Record<number, string>> = {
  400: 'Bad Request', 401: 'Unauthorized', 402: 'Payment Required', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict', 412: 'Precondition Failed',
  413: 'Content Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Content', 429: 'Too Many Requests',
  500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable',
};

/** The HTTP status of each domain error code: this table is the only place statuses are decided. */
export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  validation_failed: 400,
  invalid_json: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unauthorized: 401,
  invalid_token: 401,
  token_expired: 401,
  invalid_credentials: 401,
  forbidden: 403,
  reauthentication_required: 403,
  not_found: 404,
  user_not_found: 404,
  event_type_not_found: 404,
  booking_not_found: 404,
  team_not_found: 404,
  email_taken: 409,
  username_taken: 409,
  slug_taken: 409,
  conflict: 409,
  slot_unavailable: 409,
  invalid_transition: 409,
  ambiguous_id: 409,
  idempotency_conflict: 409,
  invitation_cooldown: 409,
  weak_password: 422,
  too_many_attempts: 429,
  rate_limited: 429,
  internal: 500,
  not_configured: 501,
  server_busy: 503,
  unprocessable: 422,
  upstream_failed: 502,
  plan_required: 402,
  promo_code_invalid: 422,
  promo_code_used_up: 409,
  link_revoked: 410,
  booking_refused: 403,
  precondition_failed: 412,
  method_not_allowed: 405,
  method_not_implemented: 501,
};

/** The HTTP status a domain error answers with. */
export function httpStatusOf(error: DomainError): number {
  return STATUS_BY_CODE[error.code] ?? 500;
}

/** Maps any thrown error to a DomainError; unknown errors become `internal`. */
export function toDomainError(error: unknown): DomainError {
  if (isDomainError(error)) return error;
  const state = sqlState(error);
  if (state === PG.exclusionViolation) return new DomainError('slot_unavailable', 'That time was just taken; pick another time.', { details: { reason: 'taken', alternatives: [] } });
  if (state === PG.uniqueViolation) return new DomainError('conflict', 'That already exists');
  if (state === PG.checkViolation || state === PG.notNullViolation || state === PG.foreignKeyViolation || state?.startsWith(PG.dataException)) {
    return new DomainError('validation_failed', 'A value is out of range or not allowed');
  }
  // Overload, not a fault: the pool had no free connection in time, or the server refused more clients.
  if ((error as { name?: unknown })?.name === 'KnexTimeoutError' || state === PG.tooManyConnections) {
    return new DomainError('server_busy', 'The server is busy; try again in a moment', { retryAfterSeconds: 1 });
  }
  const http = error as { status?: unknown; type?: unknown; expose?: unknown };
  if (typeof http?.status === 'number' && http.status >= 400 && http.status < 500) {
    if (http.status === 413) return new DomainError('payload_too_large', 'The request body is larger than 1 MB');
    if (http.status === 415) return new DomainError('unsupported_media_type', 'Send the body as application/json');
    if (http.type === 'entity.parse.failed' || http.status === 400) return new DomainError('invalid_json', 'The request body is not valid JSON');
    if (http.status === 404) return new DomainError('not_found', 'Not found');
    if (http.status === 405) return new DomainError('method_not_allowed', 'That method is not allowed on this path');
  }
  return new DomainError('internal', 'Something went wrong on our side; try again, and report the request id if it persists');
}

/** problem+json body for an error (RFC 9457). */
export function problemBody(error: DomainError, instance: string, requestId: string) {
  const status = httpStatusOf(error);
  return {
    type: `https://yava.dev/problems/${error.code.replace(/_/g, '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail: error.message,
    code: error.code,
    instance,
    requestId,
    ...(error.errors.length ? { errors: error.errors } : {}),
    ...(Object.keys(error.details).length ? { details: error.details } : {}),
    // Why a time cannot be booked, as extension members a client can act on without reading `details`.
    ...(error.code === 'slot_unavailable' ? { reason: error.details.reason ?? 'taken', alternatives: error.details.alternatives ?? [] } : {}),
  };
}

/**
 * The error of a request no route answered, or null: an API path nothing serves (404), and on any
 * path a method its routes do not take (405) or one the router does not know at all (501) —
 * @koa/router's allowedMethods sets those statuses and the Allow header but no body.
 */
function unroutedError(ctx: Context): DomainError | null {
  if (ctx.body !== undefined) return null;
  if (ctx.status === 404) return ctx.path.startsWith('/api/') || ctx.path === '/api' ? new DomainError('not_found', `No endpoint ${ctx.method} ${ctx.path}`) : null;
  if (ctx.status !== 405 && ctx.status !== 501) return null;
  const allowed = ctx.response.get('Allow').split(',').map((m) => m.trim()).filter(Boolean);
  // The router sends an empty Allow for a path nothing serves; that would claim "no method works here".
  if (!allowed.length) ctx.remove('Allow');
  const details = { method: ctx.method, allowed };
  const alternatives = allowed.length ? `; ${ctx.path} allows ${allowed.join(', ')}` : '';
  if (ctx.status === 405) return new DomainError('method_not_allowed', `${ctx.method} is not allowed on ${ctx.path}: it allows ${allowed.join(', ')} (see the Allow header)`, { details });
  return new DomainError('method_not_implemented', `This server does not implement the ${ctx.method} method${alternatives}`, { details });
}

/**
 * The one place errors become responses. Known errors keep their code; anything else
 * is a 500 with a generic message and a log line carrying the request id — never the
 * error's SQL or stack.
 */
export function errorMiddleware(logger: Logger): Middleware<AppState> {
  return async (ctx, next) => {
    try {
      await next();
      const unrouted = unroutedError(ctx);
      if (unrouted) throw unrouted;
    } catch (error) {
      const domain = toDomainError(error);
      if (domain.code === 'internal') {
        const e = error as { name?: string; code?: unknown };
        logger.error({ requestId: ctx.state.requestId, errorType: e?.name ?? typeof error, sqlState: sqlState(error), method: ctx.method, path: redactUrl(ctx.path) }, 'unhandled error');
      }
      const status = httpStatusOf(domain);
      ctx.status = status;
      if (domain.retryAfterSeconds !== undefined) ctx.set('Retry-After', String(domain.retryAfterSeconds));
      if (status === 401) ctx.set('WWW-Authenticate', 'Bearer realm="yava"');
      if (ctx.state.renderError) {
        // An HTML error page (booking pages, the dashboard) is never indexed, whatever the page's own headers said.
        ctx.set('X-Robots-Tag', 'noindex, nofollow');
        ctx.state.renderError(domain, status);
        return;
      }
      ctx.type = 'application/problem+json';
      ctx.body = problemBody(domain, ctx.path, ctx.state.requestId);
    }
  };
}
