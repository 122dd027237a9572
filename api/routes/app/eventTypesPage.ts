/**
 * /app/event-types: the signed-in user's event types (and their teams'), each an edit form over
 * core's updateEventType, and a "New event type" form checked as POST /api/event-types checks it
 * (the API's schema, then core's createEventType), for the signed-in user only. A refused form
 * comes back with what was typed and the error beside its field. Invitations to host someone
 * else's event type are answered here too, and an event type one hosts for someone is left here.
 */
import type Router from '@koa/router';
import { z } from 'zod';
import { SLUG_RE } from '../../../core/booking/eventTypes.js';
import { HOST_INVITATION_COOLDOWN_MS } from '../../../core/booking/hostInvitationCooldown.js';
import { needsEveryHost } from '../../../core/booking/rules.js';
import type { HostInvitation, HostedEventType } from '../../../core/booking/types.js';
import { html, type SafeHtml } from '../../../core/notify/html.js';
import { DAY_MS } from '../../../core/time/units.js';
import type { AppContext, AppState } from '../../context.js';
import { parseInput } from '../../validate.js';
import { createEventTypeSchema } from '../eventTypes/schema.js';
import { checked, csrfField, errorSummary, fieldError, formErrorsOf, invalidAttrs, saved, type FormErrors } from './forms.js';
import type { Viewer } from './layout.js';
import { notice, redirectTo, render, viewerOf, type AppRouteDeps } from './shared.js';

/** The server's bounds of a duration, which the form's input repeats (min, max, required). */
const DURATION = { min: 5, max: 1440 } as const;
const durationRule = `whole minutes from ${DURATION.min} to ${DURATION.max} (a day)`;
const minutes = z
  .string({ error: `give the duration in ${durationRule}` })
  .trim()
  .regex(/^\d+$/, `give the duration in ${durationRule}`)
  .transform(Number)
  .pipe(z.number().min(DURATION.min, `a meeting lasts at least ${DURATION.min} minutes`).max(DURATION.max, `a meeting lasts at most ${DURATION.max} minutes (a day)`));
const eventTypeForm = z
  .object({ title: z.string({ error: 'give a title' }).trim().min(1, 'give a title').max(200), durationMinutes: minutes, location: z.string().trim().max(2000).optional(), isPublic: z.literal('on').optional(), requiresApproval: z.literal('on').optional() })
  .loose();
const slugRule = 'lower-case letters, digits and "-" between them, such as intro-call';
const createForm = eventTypeForm.extend({ slug: z.string({ error: `give a slug: ${slugRule}` }).trim().toLowerCase().min(1, `give a slug: ${slugRule}`).max(64, 'at most 64 characters').regex(SLUG_RE, `use ${slugRule}`) });

type EventType = Awaited<ReturnType<AppRouteDeps['services']['scheduling']['listEventTypes']>>[number];
/** An event type's form as shown: saved values, or what was typed into a refused form. */
interface EventTypeValues {
  title: string;
  /** Only the new event type's form has it. */
  slug: string;
  durationMinutes: string;
  location: string;
  isPublic: boolean;
  requiresApproval: boolean;
}
/** A refused form: which one (an event type's id, or NEW), what was typed, and the errors. */
type RefusedForm = { id: string; values: EventTypeValues; errors: FormErrors };
const NEW = 'new';
const BLANK: EventTypeValues = { title: '', slug: '', durationMinutes: '30', location: '', isPublic: true, requiresApproval: false };

const valuesOfEventType = (e: EventType): EventTypeValues => ({ title: e.title, slug: e.slug, durationMinutes: String(e.durationMinutes), location: e.location ?? '', isPublic: e.isPublic, requiresApproval: e.requiresApproval });
function typedValues(body: unknown): EventTypeValues {
  const f = (body ?? {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return { title: text(f.title), slug: text(f.slug), durationMinutes: text(f.durationMinutes), location: text(f.location), isPublic: f.isPublic === 'on', requiresApproval: f.requiresApproval === 'on' };
}

/** The field errors of a refused event type form; other errors are thrown again. */
function eventTypeFormErrors(error: unknown): FormErrors {
  // A taken slug, or a plan with no room for another event type, is about what was typed: the form says so.
  const errors = formErrorsOf(error, ['slug_taken', 'plan_required']);
  // The slot step is not on these forms: what core says of it is about the duration typed.
  if (errors.has('slotStepMinutes') && !errors.has('durationMinutes')) errors.set('durationMinutes', errors.get('slotStepMinutes')!);
  errors.delete('slotStepMinutes');
  return errors;
}

/** A text input with its label and error; its id is `${short}-${key}` (key: the event type's id, or NEW). */
function input(key: string, errors: FormErrors | undefined, f: { name: keyof EventTypeValues; short: string; label: string; value: string; attrs: SafeHtml }): SafeHtml {
  const id = `${f.short}-${key}`;
  return html`<div class="field"><label for="${id}">${f.label}</label><input id="${id}" name="${f.name}"${f.attrs} value="${f.value}"${invalidAttrs(errors, f.name, id)}>${fieldError(errors, f.name, id)}</div>`;
}

/** Title, (slug,) duration and location, then the two checkboxes: what both forms show. */
function fields(key: string, v: EventTypeValues, errors: FormErrors | undefined, withSlug: boolean): SafeHtml {
  const slug = withSlug ? input(key, errors, { name: 'slug', short: 'slug', label: 'Slug (the end of the booking link)', value: v.slug, attrs: html` required maxlength="64" autocapitalize="none" spellcheck="false"` }) : '';
  return html`<div class="grid">${input(key, errors, { name: 'title', short: 'title', label: 'Title', value: v.title, attrs: html` required maxlength="200"` })}${slug}
${input(key, errors, { name: 'durationMinutes', short: 'dur', label: 'Duration (minutes)', value: v.durationMinutes, attrs: html` type="number" required min="${DURATION.min}" max="${DURATION.max}" step="1"` })}
${input(key, errors, { name: 'location', short: 'loc', label: 'Location', value: v.location, attrs: html` maxlength="2000"` })}</div>
<p><label><input type="checkbox" name="isPublic"${checked(v.isPublic)}> On my booking page</label> <label><input type="checkbox" name="requiresApproval"${checked(v.requiresApproval)}> I approve each booking</label></p>`;
}

/** The public booking page of a personal event type (a team's has none). */
const bookingLinkOf = (deps: AppRouteDeps, e: EventType): string | null => (e.owner && !e.team ? `${deps.config.publicUrl}/${encodeURIComponent(e.owner)}/${encodeURIComponent(e.slug)}` : null);

/** Where people book it, or why they cannot. */
function whereBooked(deps: AppRouteDeps, e: EventType): SafeHtml {
  const link = bookingLinkOf(deps, e);
  if (!link) return html`<p class="muted">An event type of the team ${e.team} (slug ${e.slug}): it has no booking link of its own.</p>`;
  if (!e.isPublic) return html`<p class="muted">Not on your booking page, so nobody can book it: tick “On my booking page” and save to share ${link}.</p>`;
  return html`<p>Booking link: <a href="${link}">${link}</a></p>`;
}

/** Who was asked to host it and has not answered: they take none of its bookings yet. */
function pendingHostsLine(e: EventType): SafeHtml | string {
  if (!e.pendingHosts.length) return '';
  const names = e.pendingHosts.map((h) => h.username).join(', ');
  const meanwhile = needsEveryHost(e.kind) ? 'until everyone has, nobody can book it' : 'until then they take none of its bookings';
  return html`<p class="muted">Waiting for ${names} to accept hosting it: ${meanwhile}.</p>`;
}

function eventTypeCard(ctx: AppContext, deps: AppRouteDeps, e: EventType, form?: RefusedForm): SafeHtml {
  const created = ctx.query.created === e.id ? notice('ok', `Created “${e.title}”. ${e.isPublic ? 'Share its booking link below.' : 'It is not on your booking page yet.'}`) : '';
  return html`<form class="card" id="et-${e.id}" method="post" action="/app/event-types/${e.id}">${csrfField(ctx, deps)}
<h2>${e.title}</h2>${created}${whereBooked(deps, e)}${pendingHostsLine(e)}${errorSummary(form?.errors)}
${fields(e.id, form?.values ?? valuesOfEventType(e), form?.errors, false)}
<button type="submit">Save ${e.title}</button></form>`;
}

function newEventTypeCard(ctx: AppContext, deps: AppRouteDeps, viewer: Viewer, form?: RefusedForm): SafeHtml {
  // The fragment brings a refused form back into view (and a redirect after it keeps its own).
  return html`<form class="card" id="${NEW}" method="post" action="/app/event-types#${NEW}" aria-labelledby="${NEW}-heading">${csrfField(ctx, deps)}
<h2 id="${NEW}-heading">New event type</h2>${errorSummary(form?.errors)}
${fields(NEW, form?.values ?? BLANK, form?.errors, true)}
<p class="muted">Its booking link will be ${deps.config.publicUrl}/${viewer.username}/<em>slug</em>. Buffers, notice, limits and the rest start at their defaults; <code>yava event-types edit</code> changes them.</p>
<button type="submit">Create event type</button></form>`;
}

const KIND_WORDS: Record<string, string> = { collective: 'everyone hosting attends each meeting', group: 'everyone hosting attends each session', round_robin: 'its meetings go to one host in turn' };
const COOLDOWN = `cannot ask you to host it again for ${HOST_INVITATION_COOLDOWN_MS / DAY_MS} days`;
const ANSWERED: Record<string, string> = { accepted: 'Accepted: you host it now.', declined: `Declined: its owner is told, and ${COOLDOWN}.`, left: `You no longer host it; meetings already booked stay. Its owner ${COOLDOWN}.` };

/** Invitations to host someone else's event type (Accept, Decline) and those the viewer hosts (Stop hosting); nothing when there are none. */
function hostingCard(ctx: AppContext, deps: AppRouteDeps, invitations: HostInvitation[], coHosted: HostedEventType[]): SafeHtml | string {
  const answered = typeof ctx.query.hosting === 'string' && ANSWERED[ctx.query.hosting] ? notice('ok', ANSWERED[ctx.query.hosting]!) : '';
  if (!invitations.length && !coHosted.length) return answered;
  const button = (action: string, label: string, aria: string, secondary = false) =>
    html`<form method="post" action="${action}">${csrfField(ctx, deps)}<button type="submit"${secondary ? html` class="secondary"` : ''} aria-label="${aria}">${label}</button></form>`;
  const asked = invitations.map(({ id, eventType: e }) => html`<li><p>${e.owner.name} (${e.owner.username}) asks you to host “${e.title}”, ${e.durationMinutes} min${KIND_WORDS[e.kind] ? `: ${KIND_WORDS[e.kind]}` : ''}. Nothing is booked with you unless you accept.</p>
<span class="actions">${button(`/app/event-types/host-invitations/${id}/accept`, 'Accept', `Accept hosting ${e.title}`)}${button(`/app/event-types/host-invitations/${id}/decline`, 'Decline', `Decline hosting ${e.title}`, true)}</span></li>`);
  const hosting = coHosted.map((e) => html`<li><p>“${e.title}” of ${e.owner.name} (${e.owner.username}/${e.slug})</p><span class="actions">${button(`/app/event-types/co-hosted/${e.id}/leave`, 'Stop hosting', `Stop hosting ${e.title}`, true)}</span></li>`);
  return html`<section class="card" id="hosting" aria-labelledby="hosting-heading"><h2 id="hosting-heading">Hosting for others</h2>${answered}
${asked.length ? html`<ul class="plain">${asked}</ul>` : ''}${hosting.length ? html`<h3>You host</h3><ul class="plain">${hosting}</ul>` : ''}</section>`;
}

/** The event types page; a refused form (`form.id`) shows what was typed and its errors. */
async function eventTypesPage(ctx: AppContext, deps: AppRouteDeps, viewer: Viewer, form?: RefusedForm): Promise<void> {
  const userId = ctx.state.principal!.userId;
  const list = await deps.services.scheduling.listEventTypes(userId);
  const hosting = hostingCard(ctx, deps, await deps.services.scheduling.listHostInvitations(userId), await deps.services.scheduling.listCoHostedEventTypes(userId));
  const lead = list.length
    ? html`<p><a href="#${NEW}">New event type</a></p>`
    : html`<p>No event types yet. An event type is a meeting people can book with you, such as a 30-minute intro call: <a href="#${NEW}">create your first one</a> below, then share its booking link.</p>`;
  const cards = list.map((e) => eventTypeCard(ctx, deps, e, form?.id === e.id ? form : undefined));
  const body = html`<h1>Event types</h1>${saved(ctx)}${hosting}${lead}${cards}${newEventTypeCard(ctx, deps, viewer, form?.id === NEW ? form : undefined)}`;
  render(ctx, deps, viewer, 'Event types', body, '/app/event-types', form ? 400 : 200);
}

export function mountEventTypesPage(router: Router<AppState>, deps: AppRouteDeps): void {
  const { scheduling } = deps.services;
  const uid = (ctx: AppContext) => ctx.state.principal!.userId;

  router.get('/app/event-types', async (ctx) => {
    const viewer = await viewerOf(ctx, deps);
    if (viewer) await eventTypesPage(ctx, deps, viewer);
  });
  router.post('/app/event-types', async (ctx) => {
    const viewer = await viewerOf(ctx, deps);
    if (!viewer) return;
    let id: string;
    try {
      const f = parseInput(createForm, ctx.request.body);
      // Always the signed-in user's own: the form has no owner or team, and fields it does not show are ignored.
      const input = parseInput(createEventTypeSchema, { slug: f.slug, title: f.title, durationMinutes: f.durationMinutes, location: f.location || null, isPublic: f.isPublic === 'on', requiresApproval: f.requiresApproval === 'on' });
      ({ id } = await scheduling.createEventType(uid(ctx), input));
    } catch (error) {
      return eventTypesPage(ctx, deps, viewer, { id: NEW, values: typedValues(ctx.request.body), errors: eventTypeFormErrors(error) });
    }
    redirectTo(ctx, `/app/event-types?created=${encodeURIComponent(id)}#et-${id}`);
  });
  // Answering an invitation to host, or leaving an event type one hosts: not_found and the like come back as the error page.
  for (const [path, act, outcome] of [
    ['/app/event-types/host-invitations/:id/accept', (ctx: AppContext) => scheduling.acceptHostInvitation(uid(ctx), ctx.params.id!), 'accepted'],
    ['/app/event-types/host-invitations/:id/decline', (ctx: AppContext) => scheduling.declineHostInvitation(uid(ctx), ctx.params.id!), 'declined'],
    ['/app/event-types/co-hosted/:id/leave', (ctx: AppContext) => scheduling.leaveEventType(uid(ctx), ctx.params.id!), 'left'],
  ] as const) {
    router.post(path, async (ctx) => {
      if (!(await viewerOf(ctx, deps))) return;
      await act(ctx);
      redirectTo(ctx, `/app/event-types?hosting=${outcome}#hosting`);
    });
  }
  router.post('/app/event-types/:id', async (ctx) => {
    const viewer = await viewerOf(ctx, deps);
    if (!viewer) return;
    try {
      const f = parseInput(eventTypeForm, ctx.request.body);
      await scheduling.updateEventType(uid(ctx), ctx.params.id!, { title: f.title, durationMinutes: f.durationMinutes, location: f.location || null, isPublic: f.isPublic === 'on', requiresApproval: f.requiresApproval === 'on' });
    } catch (error) {
      return eventTypesPage(ctx, deps, viewer, { id: ctx.params.id!, values: typedValues(ctx.request.body), errors: eventTypeFormErrors(error) });
    }
    redirectTo(ctx, '/app/event-types?saved=1');
  });
}
