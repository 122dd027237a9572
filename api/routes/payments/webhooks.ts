import Router from '@koa/router';
import { DomainError } from '../../../core/errors.js';
import type { AppDeps, AppState } from '../../context.js';

const MAX_BODY_BYTES = 1_000_000;

/** The exact bytes the provider sent: signatures are over them, not over re-serialised JSON. */
export async function readRawBody(ctx: { req: NodeJS.ReadableStream }): Promise<Buffer> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new DomainError('payload_too_large', 'The webhook body is larger than 1 MB');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Provider webhooks. Each is verified before anything acts (a bad signature is 400 and changes
 * nothing), stored by event id (a repeat answers 200 and does nothing), then dispatched by type.
 */
export function paymentWebhookRoutes({ services }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();

  router.post('/webhooks/stripe', async (ctx) => {
    const raw = await readRawBody(ctx);
    const outcome = await services.payments.receiveStripeWebhook(raw, ctx.get('stripe-signature') || undefined);
    ctx.body = { received: true, outcome };
  });

  router.post('/webhooks/paypal', async (ctx) => {
    const raw = await readRawBody(ctx);
    const outcome = await services.payments.receivePayPalWebhook(raw, {
      authAlgo: ctx.get('paypal-auth-algo') || undefined,
      certUrl: ctx.get('paypal-cert-url') || undefined,
      transmissionId: ctx.get('paypal-transmission-id') || undefined,
      transmissionSig: ctx.get('paypal-transmission-sig') || undefined,
      transmissionTime: ctx.get('paypal-transmission-time') || undefined,
    });
    ctx.body = { received: true, outcome };
  });

  return router;
}
