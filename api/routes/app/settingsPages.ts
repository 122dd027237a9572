/**
 * Settings as forms over core's services: notification preferences (/app/notifications) and
 * billing history (/app/billing); event types, working hours, date overrides and quiet hours have
 * their own pages (eventTypesPage.ts, hoursPage.ts, overridesPage.ts, quietHoursPage.ts).
 */
import type Router from '@koa/router';
import { html } from '../../../core/notify/html.js';
import { formatMoneyWithCode } from '../../../core/payments/money.js';
import type { AppContext, AppState } from '../../context.js';
import { checked, csrfField, saved } from './forms.js';
import { redirectTo, render, viewerOf, type AppRouteDeps } from './shared.js';

export function mountSettingsPages(router: Router<AppState>, deps: AppRouteDeps): void {
  const { notify, billing } = deps.services;
  const uid = (ctx: AppContext) => ctx.state.principal!.userId;

  router.get('/app/notifications', async (ctx) => {
    const viewer = await viewerOf(ctx, deps);
    if (!viewer) return;
    const prefs = await notify.settings.getPreferences(uid(ctx));
    const channels = [...new Set(prefs.preferences.map((p) => p.channel))];
    const kinds = [...new Set(prefs.preferences.map((p) => p.kind))];
    // A kind a channel never carries (host_invitation by SMS) is not listed: its cell stays empty, with no box to tick.
    const on = (c: string, k: string) => prefs.preferences.find((p) => p.channel === c && p.kind === k)?.enabled;
    const body = html`<h1>Notifications</h1>${saved(ctx)}<form class="card" method="post" action="/app/notifications">${csrfField(ctx, deps)}
<div class="table-wrap"><table><thead><tr><th scope="col">Message</th>${channels.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead>
<tbody>${kinds.map((k) => html`<tr><th scope="row">${k.replace(/_/g, ' ')}</th>${channels.map((c) => (on(c, k) === undefined ? html`<td><span class="muted" aria-hidden="true">–</span><span class="sr">${k.replace(/_/g, ' ')} is not sent by ${c}</span></td>` : html`<td><input type="checkbox" name="on" value="${c}:${k}" aria-label="${k.replace(/_/g, ' ')} by ${c}"${checked(on(c, k)!)}></td>`))}</tr>`)}</tbody></table></div>
<button type="submit">Save notifications</button></form>`;
    render(ctx, deps, viewer, 'Notifications', body, '/app/notifications');
  });
  router.post('/app/notifications', async (ctx) => {
    if (!(await viewerOf(ctx, deps))) return;
    const raw = (ctx.request.body as Record<string, unknown>).on;
    const wanted = new Set((Array.isArray(raw) ? raw : raw ? [raw] : []).map(String));
    const prefs = await notify.settings.getPreferences(uid(ctx));
    await notify.settings.updatePreferences(uid(ctx), { preferences: prefs.preferences.map((p) => ({ channel: p.channel, kind: p.kind, enabled: wanted.has(`${p.channel}:${p.kind}`) })) });
    redirectTo(ctx, '/app/notifications?saved=1');
  });

  router.get('/app/billing', async (ctx) => {
    const viewer = await viewerOf(ctx, deps);
    if (!viewer) return;
    const [plan, invoices, creditNotes] = await Promise.all([billing.currentPlan(uid(ctx)), billing.listInvoices(uid(ctx)), billing.listCreditNotes(uid(ctx))]);
    // Invoices and the credit notes of refunds, newest first: one history, as an accountant reads it
    // (a credit note issued the same instant as its invoice comes after it, so it is listed above).
    const documents = [
      ...creditNotes.map((n) => ({ at: n.issuedAt, pdf: `/api/credit-notes/${n.id}.pdf`, number: n.displayNumber, on: n.issuedOn, what: `Refund of ${n.invoiceNumber}: ${n.description}`, amount: `-${formatMoneyWithCode(n.amountMinor, n.currency)}` })),
      ...invoices.map((i) => ({ at: i.issuedAt, pdf: `/api/invoices/${i.id}.pdf`, number: i.displayNumber, on: i.issuedOn, what: i.description, amount: formatMoneyWithCode(i.totalMinor, i.currency) })),
    ].sort((a, b) => b.at.localeCompare(a.at));
    const body = html`<h1>Billing</h1><p>Plan: <strong>${plan.plan.name}</strong> <span class="muted">(${plan.status})</span></p>
<section class="card"><h2>History</h2>${documents.length ? html`<div class="table-wrap"><table><thead><tr><th scope="col">Document</th><th scope="col">Issued</th><th scope="col">What</th><th scope="col">Total</th></tr></thead><tbody>${documents.map((d) => html`<tr><td><a href="${d.pdf}">${d.number}</a></td><td>${d.on}</td><td>${d.what}</td><td>${d.amount}</td></tr>`)}</tbody></table></div>` : html`<p class="muted">No payments yet.</p>`}</section>`;
    render(ctx, deps, viewer, 'Billing', body, '/app/billing');
  });
}
