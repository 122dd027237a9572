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
import { isValidTimeZone, parseLocalDate } from '../../../core/time/zones.js';
import type { AppContext, AppDeps } from '../../context.js';
import type { CsrfOptions } from './csrf.js';
import { errorPage, formatRange, notice } from './views.js';
import { slotPickerPage } from './slotPicker.js';
import { visitorLocale } from './locale.js';
import { applyMeetingEmbedMode, isEmbedded, keptQuery, pageExtrasOf } from './pageExtras.js';
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
  'app',
  'repairs',
]);

export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; manifest-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/** The CSP of a page whose form leads on (by redirect) to `origin`: browsers check form-action on each redirect of a form's submission too. */
export const cspWithFormTarget = (origin: string) => CONTENT_SECURITY_POLICY.replace("form-action 'self'", `form-action 'self' ${origin}`);

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

/** Search engines index no error page: the header says so as well as the page's meta tag. */
export const NOINDEX = 'noindex, nofollow';

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
    // Manage links, forms and waitlist offers are private: kept out of search engines.
    if (/^\/(meetings|waitlist|repairs)\/|\/book$/.test(ctx.path)) ctx.set('X-Robots-Tag', NOINDEX);
    ctx.state.renderError = (error: DomainError, status: number) => {
      const message = status >= 500 ? 'Something went wrong on our side. Please try again in a moment.' : error.message;
      // Inside an embed (embed=1), the error shows in the host's frame without Yava's chrome.
      send(ctx, errorPage(status, TITLES[status] ?? 'Error', message, undefined, isEmbedded(ctx)), status);
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
  if (reason === 'hosts_pending') return notice('error', error.message);
  return notice('error', `${error.message.split('. ')[0]}. Here are the times still free.`);
}

type MonthLoader = ReturnType<typeof createMonthLoader>;
export interface PickerQuery {
  timezone?: string;
  date?: string;
  month?: string;
}

const isCalendarDate = (date: string) => {
  try {
    parseLocalDate(date);
    return true;
  } catch {
    return false;
  }
};

/**
 * A month of free slots in `timezone` (default: the host's zone): the month of `date` (the chosen
 * day) or `month`, from today on; the chosen day is `date`, else the month's first day with a time.
 */
function createMonthLoader({ services, clock }: Pick<AppDeps, 'services' | 'clock'>) {
  const { scheduling } = services;
  return async function loadMonth(ref: { user?: string; team?: string; eventType: string }, query: PickerQuery) {
    const hostZone =
      (await scheduling.listSlots({ ...ref, from: undefined, to: undefined, timezone: undefined }).catch(() => null))
        ?.timezone ?? 'UTC';
    const chosen = Boolean(query.timezone && isValidTimeZone(query.timezone));
    const timezone = zoneOr(query.timezone, hostZone);
    const today = DateTime.fromJSDate(clock.now(), { zone: timezone }).toISODate()!;
    // The visitor's own parameters are named in the error, not the range they are turned into.
    if (query.date && !isCalendarDate(query.date)) throw new DomainError('validation_failed', `"${query.date}" is not a date; use YYYY-MM-DD, e.g. ${today}`, { errors: [{ field: 'date', message: 'expected a date YYYY-MM-DD' }] });
    if (query.month && !(/^\d{4}-\d{2}$/.test(query.month) && isCalendarDate(`${query.month}-01`))) throw new DomainError('validation_failed', `"${query.month}" is not a month; use YYYY-MM, e.g. ${today.slice(0, 7)}`, { errors: [{ field: 'month', message: 'expected a month YYYY-MM' }] });
    const date = query.date && query.date >= today ? query.date : undefined;
    const wanted = date?.slice(0, 7) ?? query.month ?? today.slice(0, 7);
    const month = wanted < today.slice(0, 7) ? today.slice(0, 7) : wanted;
    const first = `${month}-01`;
    const from = first > today ? first : today;
    const to = DateTime.fromISO(first).endOf('month').toISODate()!;
    const list = await scheduling.listSlots({ ...ref, from, to, timezone });
    const firstFree = list.slots[0] ? DateTime.fromISO(list.slots[0].start, { zone: timezone }).toISODate()! : null;
    const day = date ?? firstFree;
    // Smart times: the best three of the week from the chosen day, for this visitor (their zone's working day, when they chose one).
    const weekFrom = day ?? from;
    const suggested = list.slots.length > 3 ? (await scheduling.listSlots({ ...ref, from: weekFrom, to: addDays(weekFrom, WEEK_DAYS - 1), timezone, limit: 3, smart: { inviteeTimezone: chosen ? timezone : null } })).slots : [];
    return { timezone, chosen, month, today, from, day, slots: list.slots, full: list.full ?? [], suggested, awaitingHosts: Boolean(list.awaitingHosts) };
  };
}

/** The slot pickers of the booking page and of the reschedule page. */
export function createPageRenderers(deps: Pick<AppDeps, 'services' | 'clock'>) {
  const loadMonth = createMonthLoader(deps);
  return {
    renderEventPage: eventPageRenderer(deps, loadMonth),
    renderReschedulePicker: reschedulePickerRenderer(deps, loadMonth),
  };
}

function eventPageRenderer({ services }: Pick<AppDeps, 'services'>, loadMonth: MonthLoader) {
  const { scheduling } = services;
  return async function renderEventPage(ctx: AppContext, username: string, slug: string, query: PickerQuery, message?: SafeHtml, status = 200) {
    const eventType = await scheduling.findEventType({ user: username }, slug);
    if (!eventType.isPublic) throw new DomainError('event_type_not_found', 'This meeting type does not exist');
    const month = await loadMonth({ user: username, eventType: slug }, query);
    const weekFrom = month.day ?? month.from;
    const people = eventType.kind === 'collective' && month.slots.length === 0 && !month.awaitingHosts ? await scheduling.listEventTypeStates({ user: username, eventType: slug, from: weekFrom, to: addDays(weekFrom, WEEK_DAYS - 1), timezone: month.timezone }) : undefined;
    const base = `/${encodeURIComponent(username)}/${encodeURIComponent(slug)}`;
    const extras = await pageExtrasOf(services, ctx, { username, eventType });
    send(
      ctx,
      slotPickerPage({
        heading: eventType.title,
        eventType,
        hostNames: eventType.hosts.map((h) => h.name).join(', '),
        pagePath: base,
        slotHref: (s: SlotDetails) => `${base}/book?${new URLSearchParams({ ...extras.keep, start: s.start, timezone: month.timezone }).toString()}`,
        ...month,
        timezoneChosen: month.chosen,
        locale: visitorLocale(ctx.get('accept-language')),
        message,
        waitlistAction: `${base}/waitlist`,
        people,
        ...extras,
      }),
      status,
    );
    // A first look at the page (not a refused booking shown again) counts; a list with free slots counts as seen.
    if (status === 200) {
      await recordStep(services, ctx, eventType.id, 'page_view');
      if (month.slots.length) await recordStep(services, ctx, eventType.id, 'slots_viewed');
    }
  };
}

function reschedulePickerRenderer({ services }: Pick<AppDeps, 'services'>, loadMonth: MonthLoader) {
  const { booking, bookingPage } = services;
  return async function renderReschedulePicker(ctx: AppContext, id: string, token: string, query: PickerQuery, message?: SafeHtml, status = 200) {
    const meeting = await booking.getBooking(id, { manageToken: token });
    const embedded = await applyMeetingEmbedMode(services, ctx, meeting);
    const kept = keptQuery(ctx);
    const ref = await bookingPage.rescheduleSource(meeting);
    const month = await loadMonth(ref, { ...query, timezone: query.timezone ?? meeting.local?.timezone });
    const base = `/meetings/${encodeURIComponent(id)}/reschedule`;
    const slots = month.slots.filter((s) => s.start !== meeting.start);
    send(
      ctx,
      slotPickerPage({
        heading: `Reschedule: ${meeting.title}`,
        eventType: { title: meeting.title, durationMinutes: meeting.durationMinutes, description: `Now: ${formatRange(meeting.start, meeting.end, month.timezone)} (${month.timezone.replace(/_/g, ' ')})`, location: meeting.location },
        hostNames: meeting.hosts.map((h) => h.name).join(', '),
        pagePath: base,
        slotHref: (s) => `${base}/confirm?${new URLSearchParams({ token, start: s.start, timezone: month.timezone, ...kept }).toString()}`,
        ...month,
        day: month.day && slots.some((s) => DateTime.fromISO(s.start, { zone: month.timezone }).toISODate() === month.day) ? month.day : (slots[0] ? DateTime.fromISO(slots[0].start, { zone: month.timezone }).toISODate()! : month.day),
        slots,
        timezoneChosen: true,
        locale: visitorLocale(ctx.get('accept-language')),
        message,
        keep: { ...kept, token },
        meta: { noindex: true, embed: embedded },
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
