import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import dotenv from 'dotenv';
import { z } from 'zod';
import { parseEncryptionKey } from './calendars/secretBox.js';
import { isFontFile } from './pdf/fonts.js';

/**
 * Configuration comes from the environment plus an optional `.env` file (the
 * environment wins). It is validated once at start-up; a bad value stops the process
 * with one line naming the variable and what it expects. `.env.example` documents
 * every variable here.
 */
const bool = (fallback: boolean) =>
  z
    .enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no'], { message: 'expected on/off, true/false, yes/no or 1/0' })
    .optional()
    .transform((v) => (v === undefined ? fallback : ['1', 'true', 'on', 'yes'].includes(v)));

const int = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `expected a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : v));

const url = (protocols: string[]) =>
  optionalString.refine(
    (v) => {
      if (v === undefined) return true;
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { message: `expected a URL starting with ${protocols.map((p) => p + '//').join(' or ')}` },
  );

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test'], { message: 'expected development, production or test' }).default('development'),
  PORT: int(3000, 0, 65535),
  HOST: z.string().default('127.0.0.1'),
  PUBLIC_URL: url(['http:', 'https:']),
  DATABASE_URL: url(['postgres:', 'postgresql:']),
  DATABASE_READ_URL: url(['postgres:', 'postgresql:']),
  DATABASE_PREPARED_STATEMENTS: bool(true),
  DATABASE_PARALLEL_QUERY: bool(false),
  YAVA_DATA_DIR: z.string().default('./.yava/data'),
  YAVA_DEMO: bool(false),
  JWT_SECRET: optionalString.refine((v) => v === undefined || v.length >= 32, { message: 'expected at least 32 characters' }),
  ACCESS_TOKEN_TTL_SECONDS: int(900, 30, 86_400),
  REFRESH_TOKEN_TTL_DAYS: int(30, 1, 365),
  BCRYPT_COST: int(12, 4, 15),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'expected fatal, error, warn, info, debug, trace or silent' }).default('info'),
  RATE_LIMIT: bool(true),
  RATE_LIMIT_PER_IP_PER_MINUTE: int(600, 1, 1_000_000),
  RATE_LIMIT_PER_TOKEN_PER_MINUTE: int(1200, 1, 1_000_000),
  RATE_LIMIT_BOOKING_PER_MINUTE: int(30, 1, 1_000_000),
  RATE_LIMIT_AVAILABILITY_COST_PER_MINUTE: int(200_000, 1, 1_000_000_000),
  LOGIN_MAX_FAILURES: int(5, 1, 1000),
  LOGIN_LOCK_MINUTES: int(15, 1, 24 * 60),
  PASSWORD_HASH_WORKERS: int(0, 0, 64),
  PASSWORD_HASH_QUEUE: int(16, 0, 10_000),
  TRUST_PROXY: bool(false),
  HTTP_HEADERS_TIMEOUT_MS: int(15_000, 1000, 600_000),
  HTTP_REQUEST_TIMEOUT_MS: int(30_000, 1000, 3_600_000),
  MAX_CONNECTIONS_PER_ADDRESS: int(100, 1, 1_000_000),
  SMTP_URL: url(['smtp:', 'smtps:']),
  MAIL_FROM: z.string().default('Yava <no-reply@yava.local>'),
  OUTBOX_MAX_ATTEMPTS: int(8, 1, 100),
  OUTBOX_POLL_MS: int(2000, 50, 3_600_000),
  WAITLIST_HOLD_MINUTES: int(30, 1, 7 * 24 * 60),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: url(['http:', 'https:']),
  OPENAI_MODEL: z.string().default('gpt-4o-mini'),
  OPENAI_TIMEOUT_MS: int(8000, 100, 120_000),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_BOT_TOKEN: optionalString,
  SLACK_APP_TOKEN: optionalString,
  SLACK_API_URL: url(['http:', 'https:']),
  DISCORD_TOKEN: optionalString,
  DISCORD_APPLICATION_ID: optionalString,
  DISCORD_API_URL: url(['http:', 'https:']),
  ZOOM_ACCOUNT_ID: optionalString,
  ZOOM_CLIENT_ID: optionalString,
  ZOOM_CLIENT_SECRET: optionalString,
  ZOOM_API_URL: url(['http:', 'https:']),
  ZOOM_OAUTH_URL: url(['http:', 'https:']),
  ZOOM_WEBHOOK_SECRET_TOKEN: optionalString,
  S3_ENDPOINT: url(['http:', 'https:']),
  S3_BUCKET: optionalString,
  S3_REGION: z.string().default('us-east-1'),
  S3_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
  S3_FORCE_PATH_STYLE: bool(true),
  YAVA_ENCRYPTION_KEY: optionalString.refine((v) => v === undefined || isEncryptionKey(v), { message: 'expected 32 random bytes as 64 hex characters or base64 (openssl rand -base64 32)' }),
  GOOGLE_CLIENT_ID: optionalString,
  GOOGLE_CLIENT_SECRET: optionalString,
  GOOGLE_AUTH_URL: url(['http:', 'https:']).transform((v) => v ?? 'https://accounts.google.com/o/oauth2/v2/auth'),
  GOOGLE_OAUTH_URL: url(['http:', 'https:']).transform((v) => v ?? 'https://oauth2.googleapis.com/'),
  GOOGLE_API_URL: url(['http:', 'https:']).transform((v) => v ?? 'https://www.googleapis.com/'),
  MICROSOFT_CLIENT_ID: optionalString,
  MICROSOFT_CLIENT_SECRET: optionalString,
  MICROSOFT_TENANT: optionalString.transform((v) => v ?? 'common'),
  MICROSOFT_LOGIN_URL: url(['http:', 'https:']).transform((v) => v ?? 'https://login.microsoftonline.com/'),
  MICROSOFT_GRAPH_URL: url(['https:']).transform((v) => v ?? 'https://graph.microsoft.com/v1.0/'),
  REDIS_URL: url(['redis:', 'rediss:']),
  REDIS_KEY_PREFIX: z.string().default('yava:'),
  METRICS_TOKEN: optionalString,
  ALEXA_SKILL_ID: optionalString,
  ALEXA_CLIENT_ID: optionalString,
  ALEXA_CLIENT_SECRET: optionalString,
  ALEXA_REDIRECT_URIS: optionalString.transform((v) => (v ? v.split(',').map((u) => u.trim()).filter(Boolean) : [])),
  WEBHOOK_ALLOW_PRIVATE_URLS: bool(false),
  CALDAV_ALLOW_PRIVATE_URLS: bool(false),
  PUSH_ALLOW_PRIVATE_URLS: bool(false),
  WEBHOOK_TIMEOUT_MS: int(10_000, 100, 120_000),
  WEBHOOK_EVENTS_RETENTION_DAYS: int(30, 2, 3650),
  NOTIFICATIONS_HEARTBEAT_MS: int(15_000, 100, 300_000),
  STRIPE_SECRET_KEY: optionalString,
  STRIPE_WEBHOOK_SECRET: optionalString,
  STRIPE_API_URL: url(['http:', 'https:']).transform((v) => v ?? 'https://api.stripe.com'),
  PAYPAL_CLIENT_ID: optionalString,
  PAYPAL_CLIENT_SECRET: optionalString,
  PAYPAL_API_URL: url(['http:', 'https:']).transform((v) => v ?? 'https://api-m.paypal.com'),
  PAYPAL_WEBHOOK_ID: optionalString,
  PAYMENT_HOLD_MINUTES: int(15, 1, 1440),
  TWILIO_ACCOUNT_SID: optionalString.refine((v) => v === undefined || /^AC[0-9a-fA-F]{32}$/.test(v), { message: 'expected AC followed by 32 hex characters' }),
  TWILIO_AUTH_TOKEN: optionalString,
  TWILIO_FROM_NUMBER: optionalString.refine((v) => v === undefined || /^\+[1-9]\d{6,14}$/.test(v), { message: 'expected an E.164 number such as +15005550006' }),
  TWILIO_API_URL: url(['http:', 'https:']),
  VAPID_PUBLIC_KEY: optionalString,
  VAPID_PRIVATE_KEY: optionalString,
  VAPID_SUBJECT: optionalString.refine((v) => v === undefined || /^(mailto:|https:\/\/)/.test(v), { message: 'expected mailto:you@example.com or an https:// URL' }),
  // Plans, promo codes and invoices (core/billing).
  YAVA_DEFAULT_PLAN: z.enum(['free', 'pro', 'enterprise'], { message: 'expected free, pro or enterprise' }).optional(),
  STRIPE_PRICE_PRO: optionalString,
  STRIPE_PRICE_ENTERPRISE: optionalString,
  BILLING_GRACE_DAYS: int(7, 0, 90),
  INVOICE_TAX_RATE: optionalString.refine((v) => v === undefined || (/^\d{1,2}(\.\d{1,3})?$/.test(v) && Number(v) > 0), { message: 'expected a percentage above 0 and below 100, e.g. 19 or 7.5' }),
  INVOICE_TAX_LABEL: z.string().default('VAT'),
  // The PDFs' font for what DejaVu Sans lacks (core/pdf/fonts.ts); unset: a system CJK font if installed.
  PDF_FALLBACK_FONT: optionalString.refine((v) => v === undefined || isFontFile(v), { message: 'expected the path of a TrueType or OpenType font file (.ttf, .otf or .ttc) that can be read' }),
  // Spam and fraud checks on public bookings (core/spam).
  SPAM_CHECK: bool(true),
  SPAM_MX_CHECK: bool(false),
  SPAM_BURST_WINDOW_SECONDS: int(60, 1, 86_400),
  SPAM_BURST_PER_ADDRESS: int(10, 1, 100_000),
  SPAM_BURST_PER_NETWORK: int(30, 1, 100_000),
  SPAM_BURST_PER_EMAIL: int(5, 1, 100_000),
  SPAM_MIN_FORM_SECONDS: int(3, 0, 3600),
  SPAM_NO_SHOW_LIMIT: int(2, 1, 1000),
  SPAM_BAN_MINUTES: int(60, 1, 525_600),
  SPAM_CHALLENGE_MINUTES: int(30, 1, 1440),
});

function isEncryptionKey(value: string): boolean {
  try {
    parseEncryptionKey(value);
    return true;
  } catch {
    return false;
  }
}

/** Every variable the configuration reads (`.env.example` lists each one). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

export type Env = z.input<typeof envSchema>;
export type Config = z.output<typeof envSchema> & { publicUrl: string };

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Reads `.env` in `dir` (when present) under the given environment; the environment wins. */
export function readEnv(env: NodeJS.ProcessEnv = process.env, dir = process.cwd()): Record<string, string | undefined> {
  const file = resolve(dir, '.env');
  const fromFile = existsSync(file) ? dotenv.parse(readFileSync(file)) : {};
  return { ...fromFile, ...env };
}

/**
 * `NAME_FILE=/run/secrets/x` sets NAME to that file's contents (a trailing newline
 * dropped), for every variable above: Docker and Kubernetes secrets arrive as files.
 * Setting both NAME and NAME_FILE, or naming a file that cannot be read, is a ConfigError.
 */
export function readFileVariables(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const out = { ...env };
  const problems: string[] = [];
  for (const name of Object.keys(envSchema.shape)) {
    const file = env[`${name}_FILE`];
    if (file === undefined || file === '') continue;
    if (env[name] !== undefined && env[name] !== '') {
      problems.push(`${name}_FILE: set either ${name} or ${name}_FILE, not both`);
      continue;
    }
    try {
      out[name] = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      problems.push(`${name}_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  if (problems.length) throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  return out;
}

/**
 * Validates the environment. Throws ConfigError with one line per bad variable,
 * e.g. `PORT: expected a whole number from 0 to 65535 (got "abc")`.
 */
export function loadConfig(rawEnv: Record<string, string | undefined> = readEnv()): Config {
  const env = readFileVariables(rawEnv);
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      const got = env[name];
      const shown = got === undefined ? '' : name.includes('SECRET') || name.includes('TOKEN') || name.includes('KEY') || name.includes('URL') ? ' (value hidden)' : ` (got ${JSON.stringify(got)})`;
      return `${name}: ${issue.message}${shown}`;
    });
    throw new ConfigError(`Invalid configuration: ${lines.join('; ')}`);
  }
  const config = result.data;
  if (config.NODE_ENV === 'production' && !config.JWT_SECRET) {
    throw new ConfigError('Invalid configuration: JWT_SECRET: required in production (at least 32 random characters)');
  }
  if (config.NODE_ENV === 'production' && !config.YAVA_ENCRYPTION_KEY) {
    throw new ConfigError('Invalid configuration: YAVA_ENCRYPTION_KEY: required in production to encrypt calendar tokens at rest (openssl rand -base64 32)');
  }
  if (config.HTTP_HEADERS_TIMEOUT_MS > config.HTTP_REQUEST_TIMEOUT_MS) {
    throw new ConfigError('Invalid configuration: HTTP_HEADERS_TIMEOUT_MS: must not be longer than HTTP_REQUEST_TIMEOUT_MS');
  }
  if (config.DATABASE_READ_URL && !config.DATABASE_URL) {
    throw new ConfigError('Invalid configuration: DATABASE_READ_URL: needs DATABASE_URL too (the read replica of that server)');
  }
  const publicUrl = (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, '');
  return { ...config, publicUrl };
}

/** The database settings alone (knexfile.ts): DATABASE_URL, else the embedded YAVA_DATA_DIR. Throws ConfigError. */
export function loadDatabaseConfig(env: Record<string, string | undefined> = readEnv()): Pick<Config, 'DATABASE_URL' | 'YAVA_DATA_DIR'> {
  const result = envSchema.pick({ DATABASE_URL: true, YAVA_DATA_DIR: true }).safeParse(env);
  if (!result.success) throw new ConfigError(`Invalid configuration: ${result.error.issues.map((issue) => `${String(issue.path[0])}: ${issue.message}`).join('; ')}`);
  return result.data;
}
