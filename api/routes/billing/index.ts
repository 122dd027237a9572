import Router from '@koa/router';
import type { Context } from 'koa';
import type { AppDeps, AppState } from '../../context.js';
import { requireAuth } from '../../middleware/auth.js';
import { parseInput } from '../../validate.js';
import { presentCreditNote, presentInvoice, presentPlan, presentPromoCode } from './presenters.js';
import { createPromoCodeSchema, historyQuerySchema, planCheckoutSchema } from './schema.js';

/** A billing document, shown in the browser, never cached (it names the buyer). */
function sendPdf(ctx: Context, filename: string, pdf: Buffer): void {
  ctx.type = 'application/pdf';
  ctx.set('Content-Disposition', `inline; filename="${filename}"`);
  ctx.set('Cache-Control', 'private, no-store');
  ctx.body = pdf;
}

/** A `from`/`to` query (ISO instants) as dates. */
const rangeOf = (q: { from?: string; to?: string }) => ({ from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined });

/** Plans, promo codes, invoices, credit notes and billing history of the signed-in host. */
export function billingRoutes({ services, config }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();
  const { billing } = services;
  router.use(['/api/billing', '/api/promo-codes', '/api/invoices', '/api/credit-notes'], requireAuth);
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
    const range = rangeOf(q);
    const [invoices, creditNotes] = await Promise.all([billing.listInvoices(userId(ctx), range), billing.listCreditNotes(userId(ctx), range)]);
    ctx.body = { invoices: invoices.map((i) => presentInvoice(i, config.publicUrl)), creditNotes: creditNotes.map((n) => presentCreditNote(n, config.publicUrl)) };
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
    sendPdf(ctx, `invoice-${invoice.displayNumber}.pdf`, await billing.invoicePdf(invoice));
  });

  router.get('/api/invoices/:id', async (ctx) => {
    const invoice = await billing.getInvoice(userId(ctx), ctx.params.id!);
    const creditNotes = await billing.listCreditNotes(userId(ctx), { invoiceId: invoice.id });
    ctx.body = { ...presentInvoice(invoice, config.publicUrl), creditNotes: creditNotes.map((n) => presentCreditNote(n, config.publicUrl)) };
  });

  router.get('/api/credit-notes', async (ctx) => {
    const q = parseInput(historyQuerySchema, ctx.query, 'query');
    const notes = await billing.listCreditNotes(userId(ctx), rangeOf(q));
    ctx.body = { creditNotes: notes.map((n) => presentCreditNote(n, config.publicUrl)) };
  });

  // Before /:id, which would otherwise take "….pdf" as an id.
  router.get('/api/credit-notes/:id.pdf', async (ctx) => {
    const note = await billing.getCreditNote(userId(ctx), ctx.params.id!);
    sendPdf(ctx, `credit-note-${note.displayNumber}.pdf`, await billing.creditNotePdf(note));
  });

  router.get('/api/credit-notes/:id', async (ctx) => {
    ctx.body = presentCreditNote(await billing.getCreditNote(userId(ctx), ctx.params.id!), config.publicUrl);
  });

  return router;
}
