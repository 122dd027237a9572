import Router from '@koa/router';
import { DomainError } from '../../../core/errors.js';
import type { AppDeps, AppState } from '../../context.js';
import { requireAuth } from '../../middleware/auth.js';
import { parseInput } from '../../validate.js';
import { setPhoneSchema, verifyPhoneSchema } from './schema.js';

const MAX_FORM_BYTES = 64_000;

/**
 * A form-encoded body read raw (paths under /webhooks/ skip the body parser), as a flat record.
 * Throws `payload_too_large` (413) over 64 kB.
 */
async function readForm(ctx: { req: NodeJS.ReadableStream }): Promise<Record<string, string>> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) throw new DomainError('payload_too_large', 'The form is larger than 64 kB');
    chunks.push(chunk as Buffer);
  }
  return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
}

/** What an unsigned or badly signed Twilio request gets (403, problem+json like every error). */
const badSignature = () => new DomainError('forbidden', 'The X-Twilio-Signature header does not match this request');

/**
 * The user's phone number for SMS (verified by a code), and what Twilio posts back: delivery
 * reports and incoming texts (STOP/START), each checked by X-Twilio-Signature before it acts.
 */
export function smsRoutes({ services }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  const sms = services.notify.sms;

  router.get('/api/notifications/phone', requireAuth, async (ctx) => {
    ctx.body = await sms.getPhone(ctx.state.principal!.userId);
  });

  router.put('/api/notifications/phone', requireAuth, async (ctx) => {
    const { phone } = parseInput(setPhoneSchema, ctx.request.body);
    ctx.status = 202;
    ctx.body = await sms.setPhone(ctx.state.principal!.userId, phone);
  });

  router.post('/api/notifications/phone/verify', requireAuth, async (ctx) => {
    const { code } = parseInput(verifyPhoneSchema, ctx.request.body);
    ctx.body = await sms.verifyPhone(ctx.state.principal!.userId, code);
  });

  router.delete('/api/notifications/phone', requireAuth, async (ctx) => {
    await sms.removePhone(ctx.state.principal!.userId);
    ctx.status = 204;
  });

  router.post('/webhooks/twilio/status', async (ctx) => {
    const outcome = await sms.statusCallback(ctx.get('x-twilio-signature'), await readForm(ctx));
    if (outcome === 'rejected') throw badSignature();
    ctx.status = 204;
  });

  router.post('/webhooks/twilio/inbound', async (ctx) => {
    const outcome = await sms.inbound(ctx.get('x-twilio-signature'), await readForm(ctx));
    if (outcome === 'rejected') throw badSignature();
    // An empty TwiML answer: Twilio's own opt-out handling replies to STOP and START.
    ctx.type = 'text/xml';
    ctx.body = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';
  });

  return router;
}
