/** The invitee's meeting pages: summary, add-to-calendar, reschedule and cancel (by manage token). */
import type Router from '@koa/router';
import { visitorLocale } from './locale.js';
import { DomainError, isDomainError } from '../../../core/errors.js';
import { googleCalendarLink } from '../../../core/ics/calendar.js';
import { html } from '../../../core/notify/html.js';
import { isValidTimeZone } from '../../../core/time/zones.js';
import type { AppState } from '../../context.js';
import { parseInput } from '../../validate.js';
import { csrfToken, verifyCsrf } from './csrf.js';
import { type PageRouteDeps, page, send, unavailableNotice, zoneOr } from './render.js';
import {
  cancelFormSchema,
  meetingQuerySchema,
  rescheduleConfirmQuerySchema,
  rescheduleFormSchema,
  slotQuerySchema,
} from './schema.js';
import { formatRange, hiddenFields, layout, meetingPage, notice } from './views.js';
import { embedEvent } from './embed.js';
import { applyMeetingEmbedMode, keptQuery } from './pageExtras.js';

/** The booked banner: an e-mail is promised only when one was queued to the invitee (none after they unsubscribed). */
function bookedText(status: string, emailed: boolean): string {
  if (status === 'pending') return emailed ? 'Request sent. The host will confirm it; we emailed you the details.' : 'Request sent. The host will confirm it. No e-mail is coming to you, so keep the link to this page.';
  return emailed ? 'You are booked. We emailed you a confirmation with a calendar invite.' : 'You are booked. No confirmation e-mail is coming to you: add the meeting to your calendar with the .ics download below.';
}

export function mountMeetingPages(router: Router<AppState>, deps: PageRouteDeps): void {
  mountMeetingSummary(router, deps);
  mountReschedule(router, deps);
  mountCancel(router, deps);
}

function mountMeetingSummary(router: Router<AppState>, deps: PageRouteDeps): void {
  const { booking, bookingPage, payments } = deps.services;
  const { csrf } = deps;
  router.get(
    '/meetings/:id',
    page(async (ctx) => {
      const query = parseInput(meetingQuerySchema, ctx.query, 'query');
      const token = query.token ?? null;
      if (!token && !ctx.state.principal)
        throw new DomainError(
          'unauthorized',
          'Open this meeting with the link from your confirmation email (it carries your personal token).',
        );
      const meeting = await booking.getBooking(
        ctx.params.id!,
        { manageToken: token ?? undefined, userId: ctx.state.principal?.userId },
        { timezone: query.timezone && isValidTimeZone(query.timezone) ? query.timezone : undefined },
      );
      const viewerZone = meeting.local?.timezone ?? 'UTC';
      const hostZone = meeting.hosts[0]?.timezone ?? viewerZone;
      const banner = query.booked
        ? notice('ok', bookedText(meeting.status, await bookingPage.wasEmailQueued({ bookingId: meeting.id }, meeting.attendees.map((a) => a.email))))
        : query.rescheduled
          ? notice('ok', 'Rescheduled. We emailed everyone the new time.')
          : query.canceled
            ? notice('ok', 'The meeting is canceled. We let everyone know.')
            : undefined;
      const actions = await bookingPage.allowedActions(meeting);
      // An unpaid hold shows what is due and where to pay (the checkout GET /api/meetings/:id/payment shows); a refund, how it goes.
      const payment = await payments.paymentOfMeeting(meeting.id, meeting.viewer);
      // In an embed, the booker stays in the frame: the hosts' allowed sites may frame it, and hear of the booking.
      const embedded = await applyMeetingEmbedMode(deps.services, ctx, meeting);
      // embed=1, the prefill and utm_* go on with every link and form, so Reschedule and Cancel stay framable too.
      const kept = keptQuery(ctx);
      const q = token ? `?token=${encodeURIComponent(token)}` : '';
      send(
        ctx,
        meetingPage({
          meeting,
          token,
          hour12: visitorLocale(ctx.get('accept-language')).hour12,
          viewerZone,
          hostZone,
          csrf: csrfToken(ctx, csrf),
          banner,
          icsHref: `/meetings/${meeting.id}.ics${q}`,
          googleHref: googleCalendarLink({
            title: meeting.title,
            start: new Date(meeting.start),
            end: new Date(meeting.end),
            description: meeting.notes,
            location: meeting.location,
          }),
          actions,
          payment,
          hidden: kept,
          brand: meeting.hosts[0] ? (await bookingPage.getPageOwner(meeting.hosts[0].username).catch(() => null))?.brand : undefined,
          ...(embedded ? { meta: { embed: true }, marker: query.booked ? embedEvent('booking_created', { meetingId: meeting.id, status: meeting.status }) : undefined } : {}),
          rescheduleHref:
            token && actions.includes('reschedule')
              ? `/meetings/${meeting.id}/reschedule?${new URLSearchParams({ token, timezone: viewerZone, ...kept }).toString()}`
              : null,
        }),
      );
    }),
  );
}

function mountReschedule(router: Router<AppState>, deps: PageRouteDeps): void {
  const { booking } = deps.services;
  const { csrf, bookingLimit } = deps;
  const { renderReschedulePicker } = deps.renderers;
  router.get(
    '/meetings/:id/reschedule',
    page(async (ctx) => {
      const query = parseInput(slotQuerySchema, ctx.query, 'query');
      if (!query.token)
        throw new DomainError('unauthorized', 'Open this page with the link from your confirmation email.');
      await renderReschedulePicker(ctx, ctx.params.id!, query.token, query);
    }),
  );

  router.get(
    '/meetings/:id/reschedule/confirm',
    page(async (ctx) => {
      const query = parseInput(rescheduleConfirmQuerySchema, ctx.query, 'query');
      const meeting = await booking.getBooking(ctx.params.id!, { manageToken: query.token });
      const embedded = await applyMeetingEmbedMode(deps.services, ctx, meeting);
      // As the picker: a canceled meeting (an old tab, the back button) says why instead of offering "Move the meeting".
      await deps.services.bookingPage.rescheduleSource(meeting);
      const zone = zoneOr(query.timezone, meeting.local?.timezone ?? 'UTC');
      const end = new Date(Date.parse(query.start) + meeting.durationMinutes * 60_000).toISOString();
      const hour12 = visitorLocale(ctx.get('accept-language')).hour12;
      const kept = keptQuery(ctx);
      const body = html`<h1>Reschedule: ${meeting.title}</h1>
<div class="card"><dl class="facts"><dt>Now</dt><dd>${formatRange(meeting.start, meeting.end, zone, hour12)}</dd><dt>New time</dt><dd><strong>${formatRange(query.start, end, zone, hour12)}</strong> <span class="muted">(${zone.replace(/_/g, ' ')})</span></dd></dl></div>
<form method="post" action="/meetings/${meeting.id}/reschedule">
<input type="hidden" name="_csrf" value="${csrfToken(ctx, csrf)}">
<input type="hidden" name="token" value="${query.token}">
<input type="hidden" name="start" value="${query.start}">
<input type="hidden" name="timezone" value="${zone}">
${hiddenFields(kept)}
<div class="actions"><button type="submit">Move the meeting</button><a class="button secondary" href="/meetings/${meeting.id}/reschedule?${new URLSearchParams({ token: query.token, timezone: zone, ...kept }).toString()}">Choose another time</a></div>
</form>`;
      send(ctx, layout(`Reschedule ${meeting.title}`, body, { meta: { noindex: true, embed: embedded } }));
    }),
  );

  router.post(
    '/meetings/:id/reschedule',
    bookingLimit,
    page(async (ctx) => {
      verifyCsrf(ctx, csrf);
      const form = parseInput(rescheduleFormSchema, ctx.request.body, 'form');
      const id = ctx.params.id!;
      try {
        await booking.rescheduleBooking(id, { start: form.start }, { manageToken: form.token });
      } catch (error) {
        if (isDomainError(error) && error.code === 'slot_unavailable') {
          return renderReschedulePicker(
            ctx,
            id,
            form.token,
            { timezone: form.timezone },
            unavailableNotice(error),
            409,
          );
        }
        throw error;
      }
      ctx.status = 303;
      ctx.redirect(
        `/meetings/${encodeURIComponent(id)}?${new URLSearchParams({ token: form.token, rescheduled: '1', ...keptQuery(ctx) }).toString()}`,
      );
    }),
  );
}

function mountCancel(router: Router<AppState>, deps: PageRouteDeps): void {
  const { booking } = deps.services;
  const { csrf, bookingLimit } = deps;
  router.post(
    '/meetings/:id/cancel',
    bookingLimit,
    page(async (ctx) => {
      verifyCsrf(ctx, csrf);
      const form = parseInput(cancelFormSchema, ctx.request.body, 'form');
      const id = ctx.params.id!;
      await booking.cancelBooking(id, { reason: form.reason }, { manageToken: form.token });
      ctx.status = 303;
      ctx.redirect(
        `/meetings/${encodeURIComponent(id)}?${new URLSearchParams({ token: form.token, canceled: '1', ...keptQuery(ctx) }).toString()}`,
      );
    }),
  );
}
