/**
 * Routing forms in the database: a host manages them; a visitor answers one on the host's
 * booking link (`/:username/forms/:slug`). Each response stores its answers, the route taken and
 * why; when the respondent then books the event type they were sent to, the response is linked
 * to that booking (see routingNotifier).
 */
import type { Knex } from 'knex';
import { DomainError } from '../errors.js';
import { type FormDefinition, type Question, type Route, formDefinitionSchema } from './rules.js';

export interface RoutingFormRow {
  id: string;
  owner_user_id: string;
  slug: string;
  title: string;
  questions: Question[];
  rules: FormDefinition['rules'];
  fallback: Route;
  scoring: FormDefinition['scoring'] | null;
  created_at: Date;
  updated_at: Date;
}

export interface RoutingForm extends FormDefinition {
  id: string;
  owner: string;
  slug: string;
  title: string;
  createdAt: string;
  updatedAt: string;
}

export interface RoutingFormInput {
  slug: string;
  title: string;
  definition: unknown;
}

const SELECT = ['f.*', 'u.username as owner'];

export function toForm(row: RoutingFormRow & { owner: string }): RoutingForm {
  return {
    id: row.id,
    owner: row.owner,
    slug: row.slug,
    title: row.title,
    questions: row.questions,
    rules: row.rules,
    fallback: row.fallback,
    scoring: row.scoring ?? null,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** Parses a definition; `validation_failed` with each problem's path. */
export function parseDefinition(raw: unknown): FormDefinition {
  const parsed = formDefinitionSchema.safeParse(raw);
  if (!parsed.success) {
    throw new DomainError('validation_failed', 'The routing form is not valid', { errors: parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'form', message: i.message })) });
  }
  return parsed.data;
}

/** A live (not archived) event type of this user with this slug. */
const hasEventType = async (db: Knex, userId: string, slug: string) => Boolean(await db('event_types').where({ owner_user_id: userId, slug }).whereNull('archived_at').first('id'));

/**
 * Every event type and member a route names must exist, so respondents never land nowhere: an
 * unknown event type of yours or member is 404; a member route's `eventType` must be one of that
 * member's own event types (it sends to /<member>/<eventType>), else validation_failed naming the field.
 */
async function checkRoutes(db: Knex, ownerUserId: string, form: FormDefinition): Promise<void> {
  const routes = [...form.rules.map((r, i) => ({ route: r.route, field: `rules.${i}.route` })), { route: form.fallback, field: 'fallback' }];
  for (const { route, field } of routes) {
    if (route.type === 'event_type' && !(await hasEventType(db, ownerUserId, route.eventType))) {
      throw new DomainError('event_type_not_found', `No event type "${route.eventType}" of yours to route to`);
    }
    if (route.type !== 'member') continue;
    const user = await db('users').where({ username: route.username }).first('id');
    if (!user) throw new DomainError('user_not_found', `No user "${route.username}" to route to`);
    if (route.eventType && !(await hasEventType(db, user.id, route.eventType))) {
      const message = `${route.username} has no event type "${route.eventType}"`;
      throw new DomainError('validation_failed', `The routing form is not valid: ${message}`, { errors: [{ field: `${field}.eventType`, message }] });
    }
  }
}

const columns = (form: FormDefinition) => ({
  questions: JSON.stringify(form.questions),
  rules: JSON.stringify(form.rules),
  fallback: JSON.stringify(form.fallback),
  scoring: form.scoring ? JSON.stringify(form.scoring) : null,
});

async function loadForm(db: Knex, where: Record<string, string>): Promise<RoutingForm> {
  const row = await db('routing_forms as f').join('users as u', 'u.id', 'f.owner_user_id').where(where).first(SELECT);
  if (!row) throw new DomainError('not_found', 'No such routing form');
  return toForm(row);
}

export const getForm = (db: Knex, ownerUserId: string, id: string) =>
  /^[0-9a-f-]{36}$/i.test(id) ? loadForm(db, { 'f.id': id, 'f.owner_user_id': ownerUserId }) : loadForm(db, { 'f.slug': id, 'f.owner_user_id': ownerUserId });

export const getPublicForm = (db: Knex, username: string, slug: string) => loadForm(db, { 'u.username': username, 'f.slug': slug });

export async function listForms(db: Knex, ownerUserId: string): Promise<RoutingForm[]> {
  const rows = await db('routing_forms as f').join('users as u', 'u.id', 'f.owner_user_id').where('f.owner_user_id', ownerUserId).orderBy('f.slug').select(SELECT);
  return rows.map(toForm);
}

/** @throws validation_failed, event_type_not_found, user_not_found, slug_taken */
export async function createForm(db: Knex, ownerUserId: string, input: RoutingFormInput): Promise<RoutingForm> {
  const form = parseDefinition(input.definition);
  await checkRoutes(db, ownerUserId, form);
  const taken = await db('routing_forms').where({ owner_user_id: ownerUserId, slug: input.slug }).first('id');
  if (taken) throw new DomainError('slug_taken', `You already have a routing form "${input.slug}"`);
  const [row] = await db('routing_forms').insert({ owner_user_id: ownerUserId, slug: input.slug, title: input.title, ...columns(form) }).returning('id');
  return getForm(db, ownerUserId, row.id);
}

/** Replaces title and/or definition. */
export async function updateForm(db: Knex, ownerUserId: string, id: string, input: Partial<RoutingFormInput>, now: Date): Promise<RoutingForm> {
  const current = await getForm(db, ownerUserId, id);
  const patch: Record<string, unknown> = { updated_at: now };
  if (input.title) patch.title = input.title;
  if (input.definition !== undefined) {
    const form = parseDefinition(input.definition);
    await checkRoutes(db, ownerUserId, form);
    Object.assign(patch, columns(form));
  }
  await db('routing_forms').where({ id: current.id }).update(patch);
  return getForm(db, ownerUserId, current.id);
}

export async function deleteForm(db: Knex, ownerUserId: string, id: string): Promise<void> {
  const current = await getForm(db, ownerUserId, id);
  await db('routing_forms').where({ id: current.id }).delete().returning('id');
}
