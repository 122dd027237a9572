/**
 * Typed domain errors. Every error a user can cause has a stable snake_case `code`
 * that front doors map to a response: problem+json in the API, an exit code in the
 * CLI, a short ephemeral reply in the bots. Messages are written for the user: they
 * say what was wrong and how to fix it, and never carry SQL, stack traces or secrets.
 */
export type ErrorCode =
  | 'validation_failed'
  | 'invalid_json'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unauthorized'
  | 'invalid_token'
  | 'token_expired'
  | 'forbidden'
  | 'not_found'
  | 'user_not_found'
  | 'event_type_not_found'
  | 'booking_not_found'
  | 'team_not_found'
  | 'email_taken'
  | 'username_taken'
  | 'slug_taken'
  | 'conflict'
  | 'weak_password'
  | 'invalid_credentials'
  | 'too_many_attempts'
  | 'rate_limited'
  | 'slot_unavailable'
  | 'daily_limit_reached'
  | 'invalid_transition'
  | 'idempotency_conflict'
  | 'not_configured'
  | 'unprocessable'
  | 'upstream_failed'
  | 'server_busy'
  | 'internal';

/** The HTTP status each code maps to; the API's error middleware is the only reader. */
export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  validation_failed: 400,
  invalid_json: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unauthorized: 401,
  invalid_token: 401,
  token_expired: 401,
  forbidden: 403,
  not_found: 404,
  user_not_found: 404,
  event_type_not_found: 404,
  booking_not_found: 404,
  team_not_found: 404,
  email_taken: 409,
  username_taken: 409,
  slug_taken: 409,
  conflict: 409,
  weak_password: 422,
  invalid_credentials: 401,
  too_many_attempts: 429,
  rate_limited: 429,
  slot_unavailable: 409,
  daily_limit_reached: 409,
  invalid_transition: 409,
  idempotency_conflict: 409,
  not_configured: 501,
  unprocessable: 422,
  upstream_failed: 502,
  server_busy: 503,
  internal: 500,
};

export interface FieldError {
  field: string;
  message: string;
}

export interface DomainErrorOptions {
  details?: Record<string, unknown>;
  errors?: FieldError[];
  retryAfterSeconds?: number;
  cause?: unknown;
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;
  readonly errors: FieldError[];
  readonly retryAfterSeconds?: number;

  constructor(code: ErrorCode, message: string, options: DomainErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DomainError';
    this.code = code;
    this.details = options.details ?? {};
    this.errors = options.errors ?? [];
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  get status(): number {
    return STATUS_BY_CODE[this.code];
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

export const notFound = (code: ErrorCode, what: string): DomainError => new DomainError(code, `${what} was not found`);

/** PostgreSQL SQLSTATE codes the core reacts to. */
export const PG = {
  uniqueViolation: '23505',
  exclusionViolation: '23P01',
  foreignKeyViolation: '23503',
  checkViolation: '23514',
  notNullViolation: '23502',
  serializationFailure: '40001',
  invalidTextRepresentation: '22P02',
  dataException: '22',
} as const;

/** The SQLSTATE of a database error, whichever driver (pg or PGlite) raised it. */
export function sqlState(error: unknown): string | undefined {
  // objection wraps driver errors; the driver's own error is kept as `nativeError`.
  const native = error && typeof error === 'object' && 'nativeError' in error ? (error as { nativeError: unknown }).nativeError : undefined;
  if (native) return sqlState(native);
  if (error && typeof error === 'object' && 'code' in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/** The constraint a database error names, if any. */
export function constraintName(error: unknown): string | undefined {
  const native = error && typeof error === 'object' && 'nativeError' in error ? (error as { nativeError: unknown }).nativeError : undefined;
  if (native) return constraintName(native);
  if (error && typeof error === 'object' && 'constraint' in error) {
    const c = (error as { constraint: unknown }).constraint;
    if (typeof c === 'string') return c;
  }
  return undefined;
}
