/**
 * /app/admin, for admins: the users (search by name or email), with suspend and restore — the
 * same core admin service and audit log as `/api/admin/users/:user/{suspend,restore}`.
 */
import type Router from '@koa/router';
import { z } from 'zod';
import { DomainError } from '../../../core/errors.js';
import { html, type SafeHtml } from '../../../core/notify/html.js';
import type { AppContext, AppState } from '../../context.js';
import { parseInput } from '../../validate.js';
import { auditContext } from '../admin/audit.js';
import { csrfToken } from '../pages/csrf.js';
import type { Viewer } from './layout.js';
import { notice, redirectTo, render, viewerOf, type AppRouteDeps } from './shared.js';

const searchQuery = z.object({ q: z.string().trim().max(200).optional(), done: z.string().max(20).optional() }).loose();
const suspendForm = z.object({ reason: z.string().trim().min(1, 'say why').max(500) }).loose();

type AdminUsers = Awaited<ReturnType<AppRouteDeps['services']['admin']['searchUsers']>>['users'];

function userRow(ctx: AppContext, deps: AppRouteDeps, u: AdminUsers[number]): SafeHtml {
  const token = csrfToken(ctx, deps.csrf);
  const action = u.suspended_at
    ? html`<form method="post" action="/app/admin/users/${u.username}/restore"><input type="hidden" name="_csrf" value="${token}"><button type="submit" class="secondary">Restore @${u.username}</button></form>`
    : html`<form method="post" action="/app/admin/users/${u.username}/suspend" class="actions"><input type="hidden" name="_csrf" value="${token}"><label class="sr" for="reason-${u.id}">Reason to suspend @${u.username}</label><input id="reason-${u.id}" name="reason" placeholder="Reason" required maxlength="500"><button type="submit" class="danger">Suspend @${u.username}</button></form>`;
  return html`<tr><td>@${u.username} <span class="muted">${u.name}</span></td><td>${u.email}</td><td>${u.role}</td><td>${u.suspended_at ? 'suspended' : 'active'}</td><td>${action}</td></tr>`;
}

/** The viewer when an admin; otherwise a 403 page (or the sign-in redirect) and null. */
async function adminOf(ctx: AppContext, deps: AppRouteDeps): Promise<Viewer | null> {
  const viewer = await viewerOf(ctx, deps);
  if (viewer && viewer.role !== 'admin') throw new DomainError('forbidden', 'This needs the admin role');
  return viewer;
}

export function mountAdminPage(router: Router<AppState>, deps: AppRouteDeps): void {
  const { admin } = deps.services;

  router.get('/app/admin', async (ctx) => {
    const viewer = await adminOf(ctx, deps);
    if (!viewer) return;
    const q = parseInput(searchQuery, ctx.query, 'query');
    const page = await admin.searchUsers({ q: q.q || undefined, limit: 100 });
    const body = html`<h1>Admin: users</h1>${q.done ? notice('ok', `User ${q.done}.`) : ''}
<form method="get" action="/app/admin" class="actions" role="search"><label class="sr" for="q">Search users</label><input id="q" name="q" value="${q.q ?? ''}" placeholder="Name or email"><button type="submit" class="secondary">Search</button></form>
<div class="table-wrap"><table><thead><tr><th scope="col">User</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Status</th><th scope="col">Action</th></tr></thead>
<tbody>${page.users.map((u) => userRow(ctx, deps, u))}</tbody></table></div>
<p class="muted">Roles, meetings, the outbox and the audit log: <code>yava admin</code> or <code>/api/admin/…</code>.</p>`;
    render(ctx, deps, viewer, 'Admin', body, '/app/admin');
  });
  router.post('/app/admin/users/:user/suspend', async (ctx) => {
    if (!(await adminOf(ctx, deps))) return;
    const { reason } = parseInput(suspendForm, ctx.request.body);
    await admin.suspendUser(auditContext(ctx), ctx.params.user!, reason);
    redirectTo(ctx, '/app/admin?done=suspended');
  });
  router.post('/app/admin/users/:user/restore', async (ctx) => {
    if (!(await adminOf(ctx, deps))) return;
    await admin.restoreUser(auditContext(ctx), ctx.params.user!);
    redirectTo(ctx, '/app/admin?done=restored');
  });
}
