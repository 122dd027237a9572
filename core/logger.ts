import { pino, type Logger } from 'pino';
import { prettyFactory } from 'pino-pretty';

export type { Logger };

/** Paths pino blanks out wherever they appear, so no secret reaches a log line. */
const REDACT = [
  'password',
  '*.password',
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'refreshToken',
  '*.refreshToken',
  'authorization',
  '*.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  '*.secret',
];

/** Query parameters whose values are secrets (manage tokens, verification links, codes). */
const SECRET_PARAM = /token|code|secret|password|key|signature|sig$/i;
/** Path segments that are secrets: feed URLs (`/ics/<token>.ics`) and any Yava-issued secret. */
const SECRET_SEGMENT = /^(?:yfeed_|yava_)[\w-]*/;

/**
 * A request URL fit for a log line: the feed token in `/ics/…`, any path segment that is a
 * Yava secret, and the value of every secret-bearing query parameter (`?token=`, `code`,
 * `key`, …) become `[redacted]`. Other parameters are kept.
 *
 * @example redactUrl('/meetings/42?token=yava_mt_abc&timezone=UTC') // '/meetings/42?token=[redacted]&timezone=UTC'
 */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const segments = path.split('/').map((seg, i, all) => {
    if (all[i - 1] === 'ics' && i === 2 && all[1] === 'ics') return seg.endsWith('.ics') ? '[redacted].ics' : '[redacted]';
    return SECRET_SEGMENT.test(seg) ? '[redacted]' : seg;
  });
  if (q < 0) return segments.join('/');
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // keep the raw name
      }
      return eq >= 0 && SECRET_PARAM.test(decoded) ? `${name}=[redacted]` : pair;
    });
  return `${segments.join('/')}?${query.join('&')}`;
}

export function createLogger(level = 'info', destination?: NodeJS.WritableStream): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: undefined }, destination as never);
}

export const silentLogger: Logger = pino({ level: 'silent' });

export interface ConsoleLoggerOptions {
  level: string;
  /** Where lines go (process.stdout). */
  stream: NodeJS.WritableStream & { isTTY?: boolean };
  /** Human-readable lines instead of JSON; by default only on a terminal. */
  pretty?: boolean;
  /** Colour in human-readable lines (off with NO_COLOR). */
  colour?: boolean;
}

/**
 * The server process's logger. On a terminal, lines are human-readable (pino-pretty) and held
 * back until `release()`, so the start-up banner is the first thing a person reads; off a
 * terminal they are JSON lines, written at once, for log collectors.
 */
export function createConsoleLogger(options: ConsoleLoggerOptions): { logger: Logger; release(): void } {
  const pretty = options.pretty ?? Boolean(options.stream.isTTY);
  const format = pretty ? prettyFactory({ colorize: options.colour ?? false, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', singleLine: true }) : (line: string) => line;
  let held: string[] | null = pretty ? [] : null;
  const destination = {
    write(line: string) {
      const out = format(line);
      if (held) held.push(out);
      else options.stream.write(out);
    },
  };
  return {
    logger: createLogger(options.level, destination as unknown as NodeJS.WritableStream),
    release() {
      const lines = held ?? [];
      held = null;
      for (const line of lines) options.stream.write(line);
    },
  };
}
