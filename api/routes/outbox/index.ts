import Router from '@koa/router';
import { DomainError } from '../../../core/errors.js';
import type { AppDeps, AppState } from '../../context.js';
import { requireAuth, requireRole } from '../../middleware/auth.js';
import { parseInput } from '../../validate.js';
import { listMailQuerySchema, listOutboxQuerySchema } from './schema.js';

/** The outbox (admins: dead letters and retries) and the dev mailbox (mail sent while SMTP_URL is unset). */
export function outboxRoutes({ services }: AppDeps): Router<AppState> {
  const router = new Router<AppState>();

  router.get('/api/outbox', requireRole('admin'), async (ctx) => {
    const query = parseInput(listOutboxQuerySchema, ctx.query, 'query');
    ctx.body = { messages: await services.notify.listOutbox(query) };
  });

  router.get('/api/mail', requireAuth, async (ctx) => {
    const query = parseInput(listMailQuerySchema, ctx.query, 'query');
    const principal = ctx.state.principal!;
    const all = query.all === 'true' || query.all === '1';
    // Named as a field too, so a client says it in its own words (the CLI: --all).
    if (all && principal.role !== 'admin') throw new DomainError('forbidden', 'Only admins can read everyone\'s mail; leave out "all"', { errors: [{ field: 'all', message: 'only admins can read everyone\'s mail; leave it out' }] });
    const me = await services.auth.getUser(principal.userId);
    ctx.body = {
      transport: services.notify.mailTransport,
      // Whether the reader's own mail can show: a client says why an unverified account sees none.
      emailVerified: Boolean(me.email_verified_at),
      // Mail to an address is read only by an account that proved it owns the address.
      messages: all || me.email_verified_at ? await services.notify.listMail({ email: all ? null : me.email, limit: query.limit }) : [],
    };
  });

  return router;
}
