import Router from '@koa/router';
import type { AppDeps, AppState } from '../../context.js';
import { requireAuth } from '../../middleware/auth.js';
import { parseInput } from '../../validate.js';
import { presentInvoice, presentPlan, presentPromoCode } from './presenters.js';
import { createPromoCodeSchema, historyQuerySchema, planCheckoutSchema } from './schema.js';

/** Plans, promo codes, invoices and billing history of the signed-in host. */
export function billingRoutes({ services, config }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  const { billing } = services;
  router.use(['/api/billing', '/api/promo-codes', '/api/invoices'], requireAuth);
  const userId = (ctx: { state: AppState }) => ctx.state.principal!.userId;

  router.get('/api/billing/plan', async (ctx) => {
    ctx.body = presentPlan(await billing.currentPlan(userId(ctx)), { checkout: Boolean(config.STRIPE_PRICE_PRO || config.STRIPE_PRICE_ENTERPRISE) });
  });

  router.post('/api/billing/checkout', async (ctx) => {
    const input = parseInput(planCheckoutSchema, ctx.request.body ?? {});
    ctx.status = 201;
    ctx.body = await billing.openPlanCheckout(userId(ctx), input.plan);
  });

  router.get('/api/billing/history', async (ctx) => {
    const q = parseInput(historyQuerySchema, ctx.query, 'query');
    const invoices = await billing.listInvoices(userId(ctx), { from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined });
    ctx.body = { invoices: invoices.map((i) => presentInvoice(i, config.publicUrl)) };
  });

  router.post('/api/promo-codes', async (ctx) => {
    const input = parseInput(createPromoCodeSchema, ctx.request.body);
    ctx.status = 201;
    ctx.body = presentPromoCode(await billing.createPromoCode(userId(ctx), input));
  });

  router.get('/api/promo-codes', async (ctx) => {
    ctx.body = { promoCodes: (await billing.listPromoCodes(userId(ctx))).map(presentPromoCode) };
  });

  router.post('/api/promo-codes/:id/disable', async (ctx) => {
    ctx.body = presentPromoCode(await billing.disablePromoCode(userId(ctx), ctx.params.id!));
  });

  router.get('/api/invoices', async (ctx) => {
    ctx.body = { invoices: (await billing.listInvoices(userId(ctx))).map((i) => presentInvoice(i, config.publicUrl)) };
  });

  // Before /:id, which would otherwise take "…​.pdf" as an id.
  router.get('/api/invoices/:id.pdf', async (ctx) => {
    const invoice = await billing.getInvoice(userId(ctx), ctx.params.id!);
    ctx.type = 'application/pdf';
    ctx.set('Content-Disposition', `inline; filename="invoice-${invoice.displayNumber}.pdf"`);
    ctx.set('Cache-Control', 'private, no-store');
    ctx.body = await billing.invoicePdf(invoice);
  });

  router.get('/api/invoices/:id', async (ctx) => {
    ctx.body = presentInvoice(await billing.getInvoice(userId(ctx), ctx.params.id!), config.publicUrl);
  });

  return router;
}
