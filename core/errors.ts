/**
 * Typed domain errors. Every error a user can cause has a stable snake_case `code`
 * that front doors map to a response: problem+json in the API (api/middleware/errors.ts
 * owns the HTTP statuses), an exit code in the CLI, a short ephemeral reply in the bots.
 * Messages are written for the user: they say what was wrong and how to fix it, and never
 * carry SQL, stack traces or secrets. Core errors carry only a code, a message and details.
 */
/** Every error code core and the front doors use; a code nothing throws is removed, not kept. */
export const ERROR_CODES = [
  'validation_failed',
  'invalid_json',
  'payload_too_large',
  'unsupported_media_type',
  'unauthorized',
  'invalid_token',
  'token_expired',
  'forbidden',
  'reauthentication_required',
  'not_found',
  'user_not_found',
  'event_type_not_found',
  'booking_not_found',
  'ambiguous_id',
  'team_not_found',
  'email_taken',
  'username_taken',
  'slug_taken',
  'conflict',
  'weak_password',
  'invalid_credentials',
  'too_many_attempts',
  'rate_limited',
  'slot_unavailable',
  'invalid_transition',
  'idempotency_conflict',
  'invitation_cooldown',
  'not_configured',
  'server_busy',
  'unprocessable',
  'upstream_failed',
  'plan_required',
  'promo_code_invalid',
  'promo_code_used_up',
  'link_revoked',
  'booking_refused',
  'precondition_failed',
  'method_not_allowed',
  'method_not_implemented',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

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
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

/** PostgreSQL SQLSTATE codes the core reacts to. */
export const PG = {
  uniqueViolation: '23505',
  exclusionViolation: '23P01',
  foreignKeyViolation: '23503',
  tooManyConnections: '53300',
  checkViolation: '23514',
  notNullViolation: '23502',
  serializationFailure: '40001',
  /** feature_not_supported; also "cached plan must not change result type" (core/db/preparedStatements.ts). */
  featureNotSupported: '0A000',
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
