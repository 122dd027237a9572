import Router from '@koa/router';
import { DomainError } from '../../../core/errors.js';
import type { AppDeps, AppState } from '../../context.js';
import { graphNotificationsSchema } from './schema.js';

const MAX_BODY_BYTES = 1_000_000;

async function readJson(ctx: { req: NodeJS.ReadableStream }): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return null;
  }
}

/** A push whose channel token or clientState is wrong (401, problem+json like every error). */
const badSecret = () => new DomainError('unauthorized', 'The notification does not carry this subscription\'s secret');

/**
 * Calendar pushes. Each is verified (Google's channel token, Graph's clientState) before it
 * acts, and acts only by queueing a sync of that calendar, answered at once (a worker syncs it
 * shortly after). A wrong secret answers 401, changes nothing and queues nothing.
 */
export function webhookRoutes({ services }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();

  router.post('/webhooks/google', async (ctx) => {
    const outcome = await services.calendars.handleGooglePush({
      channelId: ctx.get('x-goog-channel-id'),
      token: ctx.get('x-goog-channel-token'),
      resourceState: ctx.get('x-goog-resource-state'),
      messageNumber: ctx.get('x-goog-message-number'),
    });
    if (outcome === 'rejected') throw badSecret();
    if (outcome === 'ignored' && !ctx.get('x-goog-channel-id')) throw new DomainError('validation_failed', 'X-Goog-Channel-ID is missing', { errors: [{ field: 'X-Goog-Channel-ID', message: 'required' }] });
    ctx.status = 204;
  });

  router.post('/webhooks/microsoft', async (ctx) => {
    // Subscription validation: echo the token as text/plain within 10 seconds.
    const token = ctx.query.validationToken;
    if (typeof token === 'string') {
      ctx.type = 'text/plain';
      ctx.body = token;
      return;
    }
    const parsed = graphNotificationsSchema.safeParse(await readJson(ctx));
    if (!parsed.success) throw new DomainError('validation_failed', 'The body is not a Graph change notification (JSON with `value`, at most 1 MB)');
    const outcome = await services.calendars.handleMicrosoftPush(parsed.data.value);
    if (outcome === 'rejected') throw badSecret();
    ctx.status = 202;
  });

  return router;
}
