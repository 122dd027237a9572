import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import type { Context } from 'koa';
import type { Clock } from '../../core/clock.js';
import { DomainError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { isValidSlackSignature } from './signature.js';

const MAX_BODY_BYTES = 1024 * 1024;
/** Slack waits 3 s for an answer; answer a little before that even if no listener acked. */
const ACK_DEADLINE_MS = 2_500;

export interface KoaSlackReceiverOptions {
  signingSecret: string;
  clock: Clock;
  logger: Logger;
}

async function readRawBody(ctx: Context): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** JSON (Events API), `payload=` (interactivity) or plain form fields (slash commands). */
// Slack's bodies are open-ended JSON; Bolt narrows them per listener.
// biome-ignore lint/suspicious/noExplicitAny: the body is handed to Bolt, whose types take any
export function parseSlackBody(raw: string, contentType: string): Record<string, any> | null {
  try {
    if (contentType.includes('application/json')) return JSON.parse(raw);
    const form = new URLSearchParams(raw);
    const payload = form.get('payload');
    if (payload !== null) return JSON.parse(payload);
    return Object.fromEntries(form.entries());
  } catch {
    return null;
  }
}

/**
 * A Bolt receiver for `POST /slack/events` on our own Koa server (Bolt's HTTPReceiver and
 * ExpressReceiver run their own). It verifies the signature on the raw bytes before anything
 * else, answers when a listener calls `ack()` (work continues after the answer) and hands the
 * retry headers to Bolt, where the delivery middleware drops repeats.
 */
export class KoaSlackReceiver implements Receiver {
  private app: App | undefined;
  private readonly pending = new Set<Promise<unknown>>();

  constructor(private readonly options: KoaSlackReceiverOptions) {}

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {}

  /** Waits for work still running after its answer (listeners that acked first). */
  async stop(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  /** Resolves when every request handled so far has finished its work (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  /** The Koa handler. Bad or stale signatures get 401 and nothing else happens. */
  async handle(ctx: Context): Promise<void> {
    const { signingSecret, clock, logger } = this.options;
    const raw = await readRawBody(ctx);
    // Errors are thrown so the API's error middleware answers problem+json, as everywhere else.
    if (raw === null) throw new DomainError('payload_too_large', 'The request body is larger than 1 MB');
    const valid = isValidSlackSignature({
      secret: signingSecret,
      signature: ctx.get('x-slack-signature') || undefined,
      timestamp: ctx.get('x-slack-request-timestamp') || undefined,
      rawBody: raw,
      nowMs: clock.now().getTime(),
    });
    if (!valid) {
      logger.warn({ requestId: ctx.state.requestId }, 'slack request with a bad or stale signature rejected');
      throw new DomainError('unauthorized', 'The Slack signature is missing, wrong or older than five minutes');
    }
    const body = parseSlackBody(raw, ctx.get('content-type'));
    if (!body) throw new DomainError('validation_failed', 'The Slack request body is neither JSON nor a form');
    if (body.ssl_check) {
      ctx.status = 200;
      ctx.body = '';
      return;
    }
    if (body.type === 'url_verification') {
      ctx.body = { challenge: body.challenge };
      return;
    }
    if (!this.app) throw new Error('KoaSlackReceiver used before App.init');

    let answer!: (response: { status: number; body: unknown }) => void;
    const answered = new Promise<{ status: number; body: unknown }>((ok) => (answer = ok));
    let acked = false;
    const retryNum = ctx.get('x-slack-retry-num');
    const event: ReceiverEvent = {
      body,
      retryNum: retryNum ? Number(retryNum) : undefined,
      retryReason: ctx.get('x-slack-retry-reason') || undefined,
      ack: async (response?: unknown) => {
        if (acked) return;
        acked = true;
        answer({ status: 200, body: response === undefined || response === '' ? '' : response });
      },
    };
    const work = this.app
      .processEvent(event)
      .catch((error: unknown) => logger.error({ err: error instanceof Error ? error.message : String(error) }, 'slack listener failed'))
      .finally(() => {
        this.pending.delete(work);
        answer({ status: 200, body: '' });
      });
    this.pending.add(work);
    const timer = setTimeout(() => answer({ status: 200, body: '' }), ACK_DEADLINE_MS);
    const response = await answered;
    clearTimeout(timer);
    ctx.status = response.status;
    if (typeof response.body === 'string') {
      ctx.type = 'text/plain';
      ctx.body = response.body;
    } else {
      ctx.body = response.body;
    }
  }
}
