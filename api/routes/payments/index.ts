import Router from '@koa/router';
import type { AppDeps, AppState } from '../../context.js';
import { requireAuth } from '../../middleware/auth.js';
import { presentMeetingPayment, presentPayment } from '../../presenters/payment.js';
import { parseInput } from '../../validate.js';
import { listPaymentsQuerySchema, paymentTokenQuerySchema, refundSchema } from './schema.js';

/** Payment status and refunds. */
export function paymentRoutes({ services }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();

  router.get('/api/payments', requireAuth, async (ctx) => {
    const q = parseInput(listPaymentsQuerySchema, ctx.query, 'query');
    ctx.body = { payments: (await services.payments.listPayments(ctx.state.principal!.userId, q)).map(presentPayment) };
  });

  router.get('/api/meetings/:id/payment', async (ctx) => {
    const q = parseInput(paymentTokenQuerySchema, ctx.query, 'query');
    ctx.body = presentMeetingPayment(await services.payments.getMeetingPayment(ctx.params.id!, { userId: ctx.state.principal?.userId, manageToken: q.token }));
  });

  router.post('/api/meetings/:id/refund', requireAuth, async (ctx) => {
    const input = parseInput(refundSchema, ctx.request.body ?? {});
    ctx.body = presentPayment(await services.payments.refundMeetingPayment(ctx.params.id!, input, { userId: ctx.state.principal!.userId }));
  });

  return router;
}
