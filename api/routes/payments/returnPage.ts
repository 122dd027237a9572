/**
 * The page the payment provider sends the payer back to. It asks the provider whether the
 * checkout is paid (the same confirmation as the webhook: whichever comes first confirms, once)
 * and says where the booking stands.
 */
import Router from '@koa/router';
import { html } from '../../../core/notify/html.js';
import type { AppDeps, AppState } from '../../context.js';
import { parseInput } from '../../validate.js';
import { page, send } from '../pages/render.js';
import { awaitingPayment, layout, notice } from '../pages/views.js';
import { returnQuerySchema } from './schema.js';

const MESSAGES: Record<string, { kind: 'ok' | 'info' | 'error'; title: string; text: string }> = {
  paid: { kind: 'ok', title: 'Payment received', text: 'Your payment was received and your meeting is booked. A confirmation e-mail is on its way.' },
  requires_payment: { kind: 'info', title: 'Waiting for your payment', text: 'We have not received your payment yet. If you paid, this page will show it in a moment; reload it.' },
  expired: { kind: 'error', title: 'Time ran out', text: 'The time held for you ran out before the payment arrived, so the slot was released. Any payment that arrives now is refunded in full.' },
  failed: { kind: 'error', title: 'Payment failed', text: 'The payment could not be completed and the slot was released. Please book again.' },
  refunded: { kind: 'info', title: 'Refunded', text: 'This payment has been refunded.' },
  partially_refunded: { kind: 'info', title: 'Partly refunded', text: 'Part of this payment has been refunded.' },
};

/** The payer finished with a bank payment that settles later (core/payments/holds.ts holdWhileProcessing). */
const PROCESSING = { kind: 'info' as const, title: 'Payment being processed', text: 'Your bank is processing the payment, which can take a few days. The time stays held for you until it clears (or, at the latest, until the meeting starts), and you will get a confirmation e-mail once it has.' };

/** The provider reported a payment that is not the amount or currency due (core/payments/paymentMismatch.ts). */
const MISMATCH = { kind: 'error' as const, title: 'Payment does not match the price', text: 'The payment the provider reported is not the amount or currency this meeting costs, so it does not book the meeting. The host has been told; contact them to settle the difference or to get the payment back.' };

export function paymentReturnRoutes({ services }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  router.get(
    '/payments/return',
    page(async (ctx) => {
      const q = parseInput(returnQuerySchema, ctx.query, 'query');
      const outcome = q.canceled ? null : await services.payments.checkReturn(q.booking);
      const status = await services.payments.paymentStatusOfBooking(q.booking);
      // Left the checkout: the slot is still theirs (booking it again would find it taken), so they pay here.
      const held = q.canceled && status === 'requires_payment' ? await services.payments.heldCheckoutOf(q.booking) : null;
      if (held) {
        const text = 'You left the checkout without paying. The slot is still yours until the time below.';
        return send(ctx, layout('Payment not made', html`<h1>Payment not made</h1>${notice('info', text)}${awaitingPayment(held, held.timezone)}`));
      }
      const message = outcome === 'amount_mismatch' ? MISMATCH : outcome === 'processing' ? PROCESSING : MESSAGES[status]!;
      send(ctx, layout(message.title, html`<h1>${message.title}</h1>${notice(message.kind, message.text)}`));
    }),
  );
  return router;
}
