/**
 * What every booking-page route shares: sending HTML with a strict CSP, error pages, and the
 * week of free slots a visitor (or an invitee rescheduling) picks from.
 */
import type { Middleware, Next } from 'koa';
import { DateTime } from 'luxon';
import type { SlotDetails } from '../../../core/booking/types.js';
import { DomainError } from '../../../core/errors.js';
import type { SafeHtml } from '../../../core/notify/html.js';
import { addDays } from '../../../core/time/units.js';
import { isValidTimeZone } from '../../../core/time/zones.js';
import type { AppContext, AppDeps } from '../../context.js';
import type { CsrfOptions } from './csrf.js';
import { errorPage, formatRange, notice, slotPickerPage } from './views.js';
import { recordStep } from './funnel.js';

/** First path segments that belong to other routers, never to a username. */
export const RESERVED_SEGMENTS = new Set([
  'api',
  'ics',
  'assets',
  'meetings',
  'health',
  'ready',
  'slack',
  'discord',
  'webhooks',
  'payments',
  'favicon.ico',
  'robots.txt',
  'openapi.json',
  'docs',
  'j',
  'waitlist',
  'confirm-booking',
  'appeal',
]);

export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export const WEEK_DAYS = 7;
const TITLES: Record<number, string> = {
  400: 'Please check the form',
  401: 'Link needed',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Not possible',
  410: 'Link no longer valid',
  429: 'Slow down',
  500: 'Something went wrong',
};

export function send(ctx: AppContext, page: string, status = 200): void {
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('Cache-Control', 'no-store');
  ctx.body = page;
}

/** Wraps a page handler: reserved paths pass through; errors render as HTML pages; strict CSP. */
export function page(handler: (ctx: AppContext, next: Next) => Promise<void>) {
  return async (ctx: AppContext, next: Next) => {
    const first = ctx.path.split('/')[1] ?? '';
    if (ctx.params && 'username' in ctx.params && RESERVED_SEGMENTS.has(first.toLowerCase())) return next();
    ctx.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    ctx.state.renderError = (error: DomainError, status: number) => {
      const message = status >= 500 ? 'Something went wrong on our side. Please try again in a moment.' : error.message;
      send(ctx, errorPage(status, TITLES[status] ?? 'Error', message), status);
    };
    await handler(ctx, next);
  };
}

export const zoneOr = (zone: string | undefined, fallback: string) => (zone && isValidTimeZone(zone) ? zone : fallback);

/**
 * Above the free times after a refused pick: core's reason in its own words ("That time is
 * outside the host's working hours"), or "just taken" when someone else was quicker.
 */
export function unavailableNotice(error: DomainError): SafeHtml {
  const reason = error.details.reason;
  if (typeof reason !== 'string' || reason === 'taken')
    return notice('error', 'Sorry, that time was just taken. Here are the times still free.');
  return notice('error', `${error.message.split('. ')[0]}. Here are the times still free.`);
}

type WeekLoader = ReturnType<typeof createWeekLoader>;

/** Slots for a week from `date` in `timezone` (default: the host's zone, today). */
function createWeekLoader({ services, clock }: Pick<AppDeps, 'services' | 'clock'>) {
  const { scheduling } = services;
  return async function loadWeek(
    ref: { user?: string; team?: string; eventType: string },
    query: { timezone?: string; date?: string },
  ) {
    const hostZone =
      (await scheduling.listSlots({ ...ref, from: undefined, to: undefined, timezone: undefined }).catch(() => null))
        ?.timezone ?? 'UTC';
    const chosen = Boolean(query.timezone && isValidTimeZone(query.timezone));
    const timezone = zoneOr(query.timezone, hostZone);
    const today = DateTime.fromJSDate(clock.now(), { zone: timezone }).toISODate()!;
    const from = query.date && query.date > today ? query.date : today;
    const range = { ...ref, from, to: addDays(from, WEEK_DAYS - 1), timezone };
    const list = await scheduling.listSlots(range);
    // Smart times: the week's best three for this visitor (their zone's working day, when they chose one).
    const suggested = list.slots.length > 3 ? (await scheduling.listSlots({ ...range, limit: 3, smart: { inviteeTimezone: chosen ? timezone : null } })).slots : [];
    return { timezone, chosen, from, slots: list.slots, full: list.full ?? [], suggested };
  };
}

/** The slot pickers of the booking page and of the reschedule page. */
export function createPageRenderers(deps: Pick<AppDeps, 'services' | 'clock'>) {
  const loadWeek = createWeekLoader(deps);
  return {
    renderEventPage: eventPageRenderer(deps, loadWeek),
    renderReschedulePicker: reschedulePickerRenderer(deps, loadWeek),
  };
}

function eventPageRenderer({ services }: Pick<AppDeps, 'services'>, loadWeek: WeekLoader) {
  const { scheduling } = services;
  return async function renderEventPage(
    ctx: AppContext,
    username: string,
    slug: string,
    query: { timezone?: string; date?: string },
    message?: SafeHtml,
    status = 200,
  ) {
    const eventType = await scheduling.findEventType({ user: username }, slug);
    if (!eventType.isPublic) throw new DomainError('event_type_not_found', 'This meeting type does not exist');
    const week = await loadWeek({ user: username, eventType: slug }, query);
    const people = eventType.kind === 'collective' && week.slots.length === 0 ? await scheduling.listEventTypeStates({ user: username, eventType: slug, from: week.from, to: addDays(week.from, WEEK_DAYS - 1), timezone: week.timezone }) : undefined;
    const base = `/${encodeURIComponent(username)}/${encodeURIComponent(slug)}`;
    send(
      ctx,
      slotPickerPage({
        heading: eventType.title,
        eventType,
        hostNames: eventType.hosts.map((h) => h.name).join(', '),
        pagePath: base,
        slotHref: (s: SlotDetails) =>
          `${base}/book?${new URLSearchParams({ start: s.start, timezone: week.timezone }).toString()}`,
        timezone: week.timezone,
        timezoneChosen: week.chosen,
        from: week.from,
        days: WEEK_DAYS,
        slots: week.slots,
        suggested: week.suggested,
        message,
        full: week.full,
        waitlistAction: `${base}/waitlist`,
        people,
      }),
      status,
    );
    // A first look at the page (not a refused booking shown again) counts; a list with free slots counts as seen.
    if (status === 200) {
      await recordStep(services, ctx, eventType.id, 'page_view');
      if (week.slots.length) await recordStep(services, ctx, eventType.id, 'slots_viewed');
    }
  };
}

function reschedulePickerRenderer({ services }: Pick<AppDeps, 'services'>, loadWeek: WeekLoader) {
  const { booking, bookingPage } = services;
  return async function renderReschedulePicker(
    ctx: AppContext,
    id: string,
    token: string,
    query: { timezone?: string; date?: string },
    message?: SafeHtml,
    status = 200,
  ) {
    const meeting = await booking.getBooking(id, { manageToken: token });
    const ref = await bookingPage.rescheduleSource(meeting);
    const week = await loadWeek(ref, { timezone: query.timezone ?? meeting.local?.timezone, date: query.date });
    const base = `/meetings/${encodeURIComponent(id)}/reschedule`;
    send(
      ctx,
      slotPickerPage({
        heading: `Reschedule: ${meeting.title}`,
        eventType: {
          title: meeting.title,
          durationMinutes: meeting.durationMinutes,
          description: `Now: ${formatRange(meeting.start, meeting.end, week.timezone)}`,
          location: meeting.location,
        },
        hostNames: meeting.hosts.map((h) => h.name).join(', '),
        pagePath: base,
        slotHref: (s) =>
          `${base}/confirm?${new URLSearchParams({ token, start: s.start, timezone: week.timezone }).toString()}`,
        timezone: week.timezone,
        timezoneChosen: true,
        from: week.from,
        days: WEEK_DAYS,
        slots: week.slots.filter((s) => s.start !== meeting.start),
        message,
        keep: { token },
      }),
      status,
    );
  };
}

export type PageRenderers = ReturnType<typeof createPageRenderers>;

/** What the page routes share: core's services, the CSRF settings, the booking limit and the pickers. */
export interface PageRouteDeps {
  services: AppDeps['services'];
  csrf: CsrfOptions;
  bookingLimit: Middleware;
  renderers: PageRenderers;
}

/**
 * What a GET form for one slot of a public event type starts from (the booking form, the
 * waitlist form): the event type (a private one is not found), the visitor's zone, the page's
 * base path and the slot's start.
 */
export async function publicSlotForm(scheduling: PageRouteDeps['services']['scheduling'], params: { username: string; slug: string }, query: { timezone?: string; start: string }) {
  const eventType = await scheduling.findEventType({ user: params.username }, params.slug);
  if (!eventType.isPublic) throw new DomainError('event_type_not_found', 'This meeting type does not exist');
  return {
    eventType,
    timezone: zoneOr(query.timezone, 'UTC'),
    base: `/${encodeURIComponent(params.username)}/${encodeURIComponent(params.slug)}`,
    start: new Date(query.start).toISOString(),
  };
}
