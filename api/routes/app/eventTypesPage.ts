/**
 * /app/event-types: the signed-in user's event types (and their teams'), each an edit form over
 * core's updateEventType; a refused form comes back with what was typed and the error beside its field.
 */
import type Router from '@koa/router';
import { z } from 'zod';
import { html, type SafeHtml } from '../../../core/notify/html.js';
import type { AppContext, AppState } from '../../context.js';
import { parseInput } from '../../validate.js';
import { checked, csrfField, errorSummary, fieldError, formErrorsOf, invalidAttrs, saved, type FormErrors } from './forms.js';
import type { Viewer } from './layout.js';
import { redirectTo, render, viewerOf, type AppRouteDeps } from './shared.js';

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

type EventType = Awaited<ReturnType<AppRouteDeps['services']['scheduling']['listEventTypes']>>[number];
/** An event type's form as shown: saved values, or what was typed into a refused form. */
interface EventTypeValues {
  title: string;
  durationMinutes: string;
  location: string;
  isPublic: boolean;
  requiresApproval: boolean;
}

const valuesOfEventType = (e: EventType): EventTypeValues => ({ title: e.title, durationMinutes: String(e.durationMinutes), location: e.location ?? '', isPublic: e.isPublic, requiresApproval: e.requiresApproval });
function typedValues(body: unknown): EventTypeValues {
  const f = (body ?? {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return { title: text(f.title), durationMinutes: text(f.durationMinutes), location: text(f.location), isPublic: f.isPublic === 'on', requiresApproval: f.requiresApproval === 'on' };
}

function eventTypeCard(ctx: AppContext, deps: AppRouteDeps, username: string, e: EventType, form?: { values: EventTypeValues; errors: FormErrors }): SafeHtml {
  const id = (f: string) => `${f}-${e.id}`;
  const v = form?.values ?? valuesOfEventType(e);
  const errors = form?.errors;
  const marks = (field: string, short: string) => invalidAttrs(errors, field, id(short));
  return html`<form class="card" method="post" action="/app/event-types/${e.id}">${csrfField(ctx, deps)}
<h2>${e.title} <span class="muted">/${username}/${e.slug}</span></h2>${errorSummary(errors)}
<div class="grid"><div class="field"><label for="${id('title')}">Title</label><input id="${id('title')}" name="title" value="${v.title}" required maxlength="200"${marks('title', 'title')}>${fieldError(errors, 'title', id('title'))}</div>
<div class="field"><label for="${id('dur')}">Duration (minutes)</label><input id="${id('dur')}" name="durationMinutes" type="number" required min="${DURATION.min}" max="${DURATION.max}" step="1" value="${v.durationMinutes}"${marks('durationMinutes', 'dur')}>${fieldError(errors, 'durationMinutes', id('dur'))}</div>
<div class="field"><label for="${id('loc')}">Location</label><input id="${id('loc')}" name="location" value="${v.location}" maxlength="2000"${marks('location', 'loc')}>${fieldError(errors, 'location', id('loc'))}</div></div>
<p><label><input type="checkbox" name="isPublic"${checked(v.isPublic)}> On my booking page</label> <label><input type="checkbox" name="requiresApproval"${checked(v.requiresApproval)}> I approve each booking</label></p>
<button type="submit">Save ${e.title}</button></form>`;
}

/** The event types page; a refused form (`form.id`) shows what was typed and its errors. */
async function eventTypesPage(ctx: AppContext, deps: AppRouteDeps, viewer: Viewer, form?: { id: string; values: EventTypeValues; errors: FormErrors }): Promise<void> {
  const list = await deps.services.scheduling.listEventTypes(ctx.state.principal!.userId);
  const cards = list.map((e) => eventTypeCard(ctx, deps, viewer.username, e, form?.id === e.id ? form : undefined));
  render(ctx, deps, viewer, 'Event types', html`<h1>Event types</h1>${saved(ctx)}${list.length ? cards : html`<p class="muted">None yet: <code>yava event-types create</code>.</p>`}`, '/app/event-types', form ? 400 : 200);
}

export function mountEventTypesPage(router: Router<AppState>, deps: AppRouteDeps): void {
  router.get('/app/event-types', async (ctx) => {
    const viewer = await viewerOf(ctx, deps);
    if (viewer) await eventTypesPage(ctx, deps, viewer);
  });
  router.post('/app/event-types/:id', async (ctx) => {
    const viewer = await viewerOf(ctx, deps);
    if (!viewer) return;
    try {
      const f = parseInput(eventTypeForm, ctx.request.body);
      await deps.services.scheduling.updateEventType(ctx.state.principal!.userId, ctx.params.id!, { title: f.title, durationMinutes: f.durationMinutes, location: f.location || null, isPublic: f.isPublic === 'on', requiresApproval: f.requiresApproval === 'on' });
    } catch (error) {
      const errors = formErrorsOf(error);
      // The slot step is not on this form: what core says of it is about the duration typed.
      if (errors.has('slotStepMinutes') && !errors.has('durationMinutes')) errors.set('durationMinutes', errors.get('slotStepMinutes')!);
      errors.delete('slotStepMinutes');
      return eventTypesPage(ctx, deps, viewer, { id: ctx.params.id!, values: typedValues(ctx.request.body), errors });
    }
    redirectTo(ctx, '/app/event-types?saved=1');
  });
}
