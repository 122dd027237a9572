/** A host's public pages: the profile, an event type's free slots, and the booking form. */
import type Router from '@koa/router';
import { visitorLocale } from './locale.js';
import { DateTime } from 'luxon';
import type { z } from 'zod';
import { DomainError, isDomainError } from '../../../core/errors.js';
import { isSupportedInstant } from '../../../core/time/instants.js';
import type { AppContext, AppState } from '../../context.js';
import { parseInput } from '../../validate.js';
import { csrfToken, formAgeSeconds, verifyCsrf } from './csrf.js';
import type { PendingBooking } from '../../../core/spam/index.js';
import { challengeSentPage } from './spamViews.js';
import { type PageRouteDeps, page, publicSlotForm, send, unavailableNotice, zoneOr } from './render.js';
import { bookFormSchema, bookQuerySchema, slotQuerySchema } from './schema.js';
import { recurrenceOfForm, repeatFields, seriesBookedPage } from './seriesViews.js';
import { recordStep } from './funnel.js';
import { embedEvent } from './embed.js';
import { applyEmbedMode, isEmbedded, keptQuery, publicPageUrl } from './pageExtras.js';
import { HONEYPOT_FIELD, bookFormPage, notice, profilePage } from './views.js';
import { formatMoney } from '../../../core/payments/money.js';
import type { EventTypeDetails } from '../../../core/booking/types.js';

/** The kept fields the booking form passes on as hidden inputs (embed, utm_*): name and email are its own fields. */
function hiddenKept(ctx: AppContext): Record<string, string> {
  const { name: _name, email: _email, ...rest } = keptQuery(ctx);
  return rest;
}

/** The booking form's kept hidden fields and embed parts: the head's embed mode, and (GET) the slot_selected event. */
function embedForm(ctx: AppContext, embedded: boolean, slot?: { start: string; end: string }) {
  if (!embedded) return { hidden: hiddenKept(ctx) };
  return { hidden: hiddenKept(ctx), meta: { embed: true }, marker: slot ? embedEvent('slot_selected', slot) : undefined };
}

const priceText = (eventType: EventTypeDetails) => (eventType.price ? formatMoney(eventType.price.amount, eventType.price.currency) : null);

export function mountEventPages(router: Router<AppState>, deps: PageRouteDeps): void {
  mountProfileAndSlots(router, deps);
  mountBookingForm(router, deps);
}

function mountProfileAndSlots(router: Router<AppState>, deps: PageRouteDeps): void {
  const { scheduling, bookingPage } = deps.services;
  const { csrf } = deps;
  const { renderEventPage } = deps.renderers;
  router.get(
    '/:username',
    page(async (ctx) => {
      const profile = await bookingPage.getPublicProfile(ctx.params.username!);
      const embed = await applyEmbedMode(deps.services, ctx, profile.username);
      const canonical = publicPageUrl(ctx, profile.username);
      const jsonLd = { '@context': 'https://schema.org', '@type': 'Person', name: profile.name, url: canonical };
      const description = `Book a meeting with ${profile.name}: ${profile.eventTypes.map((e) => e.title).join(', ') || 'no public meeting types yet'}.`;
      send(ctx, profilePage(profile, { canonical, description, jsonLd, embed }, keptQuery(ctx)));
    }),
  );

  router.get(
    '/:username/:slug',
    page(async (ctx) => {
      const query = parseInput(slotQuerySchema, ctx.query, 'query');
      try {
        await renderEventPage(ctx, ctx.params.username!, ctx.params.slug!, query);
      } catch (error) {
        // A renamed event type: its old links move permanently to the new slug.
        const renamed = isDomainError(error) && error.code === 'event_type_not_found' ? await deps.services.bookingPage.findRenamedSlug(ctx.params.username!, ctx.params.slug!) : null;
        if (!renamed) throw error;
        ctx.status = 301;
        ctx.redirect(`/${encodeURIComponent(ctx.params.username!)}/${encodeURIComponent(renamed)}${ctx.querystring ? `?${ctx.querystring}` : ''}`);
      }
    }),
  );

  router.get(
    '/:username/:slug/book',
    page(async (ctx) => {
      const query = parseInput(bookQuerySchema, ctx.query, 'query');
      const { username, slug } = ctx.params as { username: string; slug: string };
      const { eventType, timezone, base, start } = await publicSlotForm(scheduling, { username, slug }, query);
      // A time no longer offered (past, taken, off the grid: an old page, the back button) shows the day's free times, not a form to fill in for nothing.
      const refused = await scheduling.explainUnofferedStart({ user: username, eventType: slug, start, timezone });
      if (refused) return renderEventPage(ctx, username, slug, { timezone, date: DateTime.fromISO(start, { zone: timezone }).toISODate()! }, unavailableNotice(refused), 409);
      await recordStep(deps.services, ctx, eventType.id, 'slot_picked');
      const embedded = await applyEmbedMode(deps.services, ctx, ctx.params.username!);
      const end = new Date(Date.parse(start) + eventType.durationMinutes * 60_000).toISOString();
      const kept = keptQuery(ctx);
      send(
        ctx,
        bookFormPage({
          ...embedForm(ctx, embedded, { start, end }),
          hour12: visitorLocale(ctx.get('accept-language')).hour12,
          brand: (await deps.services.bookingPage.getPageOwner(ctx.params.username!)).brand,
          values: { name: kept.name, email: kept.email },
          eventTitle: eventType.title,
          hostNames: eventType.hosts.map((h) => h.name).join(', '),
          action: `${base}/book`,
          backHref: `${base}?${new URLSearchParams({ ...kept, timezone, date: DateTime.fromISO(start, { zone: timezone }).toISODate()! }).toString()}`,
          start,
          end,
          timezone,
          price: priceText(eventType),
          csrf: csrfToken(ctx, csrf),
          extraFields: repeatFields(eventType),
          promo: await deps.services.billing.acceptsPromoCodes(eventType.id),
        }),
      );
    }),
  );
}

/** What the form says above itself when it comes back. */
function formMessage(error: DomainError, choices?: string[]): string {
  if (choices) return 'That time was just taken. Pick one of the nearest free times below (what you typed is kept), or choose another time.';
  return error.code === 'validation_failed' && error.errors.length ? error.errors.map((e) => `${e.field}: ${e.message}`).join('; ') : error.message;
}

/** The form again with what was typed and the error; `choices`: other starts to offer (the time asked was taken). */
async function formAgain(deps: PageRouteDeps, ctx: AppContext, error: DomainError, status: number, choices?: string[]): Promise<void> {
  const { scheduling, billing } = deps.services;
  const { username, slug } = ctx.params as { username: string; slug: string };
  const body = (ctx.request.body ?? {}) as Record<string, string>;
  const timezone = zoneOr(typeof body.timezone === 'string' ? body.timezone : undefined, 'UTC');
  const eventType = await scheduling.findEventType({ user: username }, slug);
  const asked = choices?.[0] ?? body.start;
  const start = typeof asked === 'string' && isSupportedInstant(Date.parse(asked)) ? new Date(asked).toISOString() : null;
  if (!start) throw error;
  const base = `/${encodeURIComponent(username)}/${encodeURIComponent(slug)}`;
  const embedded = await applyEmbedMode(deps.services, ctx, username);
  send(
    ctx,
    bookFormPage({
      ...embedForm(ctx, embedded),
      hour12: visitorLocale(ctx.get('accept-language')).hour12,
      eventTitle: eventType.title,
      hostNames: eventType.hosts.map((h) => h.name).join(', '),
      action: `${base}/book`,
      backHref: `${base}?${new URLSearchParams({ ...hiddenKept(ctx), timezone }).toString()}`,
      start,
      end: new Date(Date.parse(start) + eventType.durationMinutes * 60_000).toISOString(),
      timezone,
      csrf: csrfToken(ctx, deps.csrf),
      price: priceText(eventType),
      promo: await billing.acceptsPromoCodes(eventType.id),
      values: { name: body.name, email: body.email, notes: body.notes, promoCode: body.promoCode },
      extraFields: repeatFields(eventType, body),
      ...(choices ? { choices, ...(typeof body.start === 'string' && isSupportedInstant(Date.parse(body.start)) ? { takenStart: new Date(body.start).toISOString() } : {}) } : {}),
      message: notice('error', formMessage(error, choices)),
    }),
    status,
  );
}

function mountBookingForm(router: Router<AppState>, deps: PageRouteDeps): void {
  const { booking, scheduling } = deps.services;
  const { csrf, bookingLimit } = deps;
  const { renderEventPage } = deps.renderers;

  router.post(
    '/:username/:slug/book',
    bookingLimit,
    page(async (ctx) => {
      const { username, slug } = ctx.params as { username: string; slug: string };
      verifyCsrf(ctx, csrf);
      await applyEmbedMode(deps.services, ctx, username);
      const body = (ctx.request.body ?? {}) as Record<string, string>;
      const timezone = zoneOr(typeof body.timezone === 'string' ? body.timezone : undefined, 'UTC');
      let form: z.infer<typeof bookFormSchema>;
      try {
        form = parseInput(bookFormSchema, body, 'form');
      } catch (error) {
        if (!isDomainError(error)) throw error;
        return formAgain(deps, ctx, error, 400);
      }
      try {
        const recurrence = recurrenceOfForm(form.repeat, form.count);
        if (recurrence && form.promoCode) throw new DomainError('promo_code_invalid', 'A promo code applies to one booking, not to a series: book once, or leave the code out', { errors: [{ field: 'promoCode', message: 'not for a series' }] });
        const base = { user: username, eventType: slug, start: form.start, invitee: { name: form.name, email: form.email, timezone }, notes: form.notes, source: 'booking_page' };
        const pending: PendingBooking = recurrence ? { kind: 'series', input: { ...base, recurrence, allowPartial: Boolean(form.allowPartial) } } : { kind: 'booking', input: { ...base, promoCode: form.promoCode } };
        const screened = await deps.services.spam.screen({ pending, address: ctx.ip || null, source: 'booking_page', honeypot: typeof body[HONEYPOT_FIELD] === 'string' ? body[HONEYPOT_FIELD] : null, formSeconds: formAgeSeconds(ctx, csrf) });
        if (screened.decision === 'challenge') return send(ctx, challengeSentPage(form.email, screened.expiresAt, timezone, isEmbedded(ctx)), 202);
        if (pending.kind === 'series') {
          const result = await booking.scheduleSeries(pending.input);
          if (result.occurrences[0]) await deps.services.spam.attachBooking(screened.decisionId, result.occurrences[0].booking.id);
          const eventType = await scheduling.findEventType({ user: username }, slug);
          await recordStep(deps.services, ctx, eventType.id, 'booked');
          const emailed = await deps.services.bookingPage.wasEmailQueued({ seriesId: result.series.id }, [form.email]);
          return send(ctx, seriesBookedPage(result, { eventTitle: eventType.title, timezone, kept: hiddenKept(ctx), emailed }), 201);
        }
        const result = await booking.scheduleBooking(pending.input);
        await deps.services.spam.attachBooking(screened.decisionId, result.booking.id);
        if (result.booking.eventType) await recordStep(deps.services, ctx, (await scheduling.findEventType({ user: username }, slug)).id, 'booked');
        ctx.status = 303;
        // A paid slot is held; the booker pays at the provider, who sends them back to /payments/return.
        if (result.booking.status === 'pending_payment') return ctx.redirect((await deps.services.payments.openCheckout(result.booking.id)).checkoutUrl!);
        ctx.redirect(
          `/meetings/${encodeURIComponent(result.booking.id)}?${new URLSearchParams({ token: result.manageToken, booked: '1', ...hiddenKept(ctx) }).toString()}`,
        );
      } catch (error) {
        if (isDomainError(error) && error.code === 'slot_unavailable') {
          // Taken meanwhile: the form again with what was typed, and the nearest free times to pick from.
          const nearest = ((error.details.alternatives as Array<{ start: string }> | undefined) ?? []).map((a) => a.start);
          if (nearest.length && !form.repeat && error.details.reason === 'taken') return formAgain(deps, ctx, error, 409, nearest);
          const date = DateTime.fromISO(form.start, { zone: timezone }).toISODate()!;
          return renderEventPage(ctx, username, slug, { timezone, date }, unavailableNotice(error), 409);
        }
        // A refused promo code: the booker fixes or removes it on the same form.
        if (isDomainError(error) && (error.code === 'promo_code_invalid' || error.code === 'promo_code_used_up')) return formAgain(deps, ctx, error, error.code === 'promo_code_used_up' ? 409 : 422);
        throw error;
      }
    }),
  );
}
