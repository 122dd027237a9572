/**
 * Consent of the people named as hosts of a personal event type. Naming someone else invites
 * them (event_type_host_invitations): they take no bookings until they accept, which makes them a
 * host (event_type_hosts); declining deletes the invitation, and a host who accepted may leave
 * later; whoever declined or left is not invited again for a week (hostInvitationCooldown.ts).
 * The owner always hosts and hears of every answer. While anyone named has not answered, an event
 * type every host attends (collective, group) offers no times at all: a meeting "with Ada and Bob"
 * must not be booked without Bob. Team event types need none of this: membership in
 * a role that takes bookings is the consent (eventTypeHosts.ts).
 */
import type { Knex } from 'knex';
import { DomainError } from '../errors.js';
import { createInboxWriter } from '../notify/inbox/store.js';
import type { HostNotices, SchedulingContext } from './context.js';
import { recordHostRefusal, requireNoInvitationCooldown } from './hostInvitationCooldown.js';
import { tellInvitedHost, tellOwnerOfAnswer, tellRemovedHosts, type InvitedEventType, type NoticePerson } from './hostInvitationNotices.js';
import { invalidField } from './inputs.js';
import { UUID_RE, requireUsersByUsername, type EventTypeRow } from './records.js';
import { needsEveryHost } from './rules.js';
import type { EventKind, HostInvitation, HostedEventType, LeftEventType } from './types.js';

type Db = Knex | Knex.Transaction;

/** The context's notices, or in-app notices without live wake-ups and e-mails with OUTBOX_MAX_ATTEMPTS' default (8). */
const noticesOf = (ctx: SchedulingContext): HostNotices => ctx.notices ?? { inbox: createInboxWriter({ clock: ctx.clock }), maxAttempts: 8 };

interface HostedRow {
  id: string;
  slug: string;
  title: string;
  kind: EventKind;
  duration_minutes: number;
  owner_user_id: string;
  owner_username: string;
  owner_name: string;
}

/** Live personal event types with their owner's username and name. */
const hostedEventTypes = (db: Db) =>
  db('event_types as e')
    .join('users as o', 'o.id', 'e.owner_user_id')
    .whereNull('e.archived_at')
    .select('e.id', 'e.slug', 'e.title', 'e.kind', 'e.duration_minutes', 'e.owner_user_id', 'o.username as owner_username', 'o.name as owner_name');

const presentHosted = (r: HostedRow): HostedEventType => ({ id: r.id, slug: r.slug, title: r.title, kind: r.kind, durationMinutes: r.duration_minutes, owner: { username: r.owner_username, name: r.owner_name } });

const invited = (r: HostedRow): InvitedEventType => ({ id: r.id, slug: r.slug, title: r.title, kind: r.kind, durationMinutes: r.duration_minutes });

const person = (db: Db, id: string): Promise<NoticePerson> => db('users').where({ id }).first('id', 'username', 'name', 'email');

/**
 * Makes `usernames` the hosts of a personal event type, asking the others first: the owner is
 * always a host; a named user who already hosts or is already invited stays so (no second
 * invitation); a newly named user is invited and told; a host or invitation no longer named is
 * removed. Throws user_not_found, validation_failed (field hosts: someone besides the owner on a
 * one_on_one event type), invitation_cooldown (a newly named user declined or left it within the
 * last 7 days: hostInvitationCooldown.ts).
 *
 * @example await namePersonalHosts(ctx, trx, row, ['ada', 'bob']) // ada (the owner) hosts, bob is invited
 */
export async function namePersonalHosts(ctx: SchedulingContext, trx: Knex.Transaction, eventType: EventTypeRow, usernames: readonly string[]): Promise<void> {
  const ownerId = eventType.owner_user_id!;
  const named = (await requireUsersByUsername(trx, usernames)).filter((u) => u.id !== ownerId);
  if (eventType.kind === 'one_on_one' && named.length) throw invalidField('hosts', `a one_on_one event type is hosted by its owner alone; to ask ${named[0]!.username} to co-host, make it collective or round_robin`);
  const wanted = new Set(named.map((u) => u.id));
  const where = { event_type_id: eventType.id };
  const hostIds: string[] = await trx('event_type_hosts').where(where).pluck('user_id');
  const invitedIds: string[] = await trx('event_type_host_invitations').where(where).pluck('user_id');
  const unnamed = (ids: string[]) => ids.filter((id) => id !== ownerId && !wanted.has(id));
  const fresh = named.filter((u) => !hostIds.includes(u.id) && !invitedIds.includes(u.id));
  await requireNoInvitationCooldown(trx, eventType.id, fresh, ctx.clock.now());
  const removed = unnamed(hostIds);
  await trx('event_type_hosts').where(where).whereIn('user_id', removed).delete();
  await trx('event_type_host_invitations').where(where).whereIn('user_id', unnamed(invitedIds)).delete();
  await trx('event_type_hosts').insert({ ...where, user_id: ownerId }).onConflict(['event_type_id', 'user_id']).ignore();
  if (!fresh.length && !removed.length) return;
  const owner = await person(trx, ownerId);
  const what: InvitedEventType = { id: eventType.id, slug: eventType.slug, title: eventType.title, kind: eventType.kind, durationMinutes: eventType.duration_minutes };
  if (removed.length) await tellRemovedHosts(trx, noticesOf(ctx), { hostIds: removed, owner, eventType: what, at: ctx.clock.now() });
  if (!fresh.length) return;
  const rows: Array<{ id: string; user_id: string }> = await trx('event_type_host_invitations')
    .insert(fresh.map((u) => ({ ...where, user_id: u.id, created_at: ctx.clock.now() })))
    .returning(['id', 'user_id']);
  for (const row of rows) {
    await tellInvitedHost(trx, noticesOf(ctx), ctx.clock, { id: row.id, invitee: (await person(trx, row.user_id))!, owner, eventType: what });
  }
}

/** Throws validation_failed (field hosts) when a one_on_one event type would have invitations open. */
export async function requireNoInvitationsOnOneOnOne(trx: Knex, eventTypeId: string, kind: EventKind): Promise<void> {
  if (kind !== 'one_on_one') return;
  const open: string[] = await trx('event_type_host_invitations as i').join('users as u', 'u.id', 'i.user_id').where('i.event_type_id', eventTypeId).pluck('u.username');
  if (open.length) throw invalidField('hosts', `a one_on_one event type is hosted by its owner alone; ${open.join(', ')} ${open.length === 1 ? 'is' : 'are'} still invited: leave them out of hosts first`);
}

/**
 * Whether the event type can take no booking until someone named answers: a collective or group
 * event type (every host attends) with an open invitation.
 */
export async function isAwaitingHosts(db: Db, eventType: EventTypeRow): Promise<boolean> {
  if (!needsEveryHost(eventType.kind)) return false;
  if (eventType.hosts_pending !== undefined) return eventType.hosts_pending;
  return Boolean(await db('event_type_host_invitations').where({ event_type_id: eventType.id }).first('id'));
}

/** The refusal for a booking of an event type that is awaiting hosts. */
export function hostsPendingError(): DomainError {
  return new DomainError('slot_unavailable', 'This meeting cannot be booked yet: not everyone hosting it has accepted. Try again later.', { details: { reason: 'hosts_pending', alternatives: [] } });
}

/** The user's open invitations to host someone's event type, oldest first. */
export async function listHostInvitations(ctx: SchedulingContext, userId: string): Promise<HostInvitation[]> {
  const rows: Array<HostedRow & { invitation_id: string; created_at: Date }> = await hostedEventTypes(ctx.db)
    .join('event_type_host_invitations as i', 'i.event_type_id', 'e.id')
    .where('i.user_id', userId)
    .orderBy([{ column: 'i.created_at' }, { column: 'i.id' }])
    .select('i.id as invitation_id', 'i.created_at');
  return rows.map((r) => ({ id: r.invitation_id, status: 'pending', eventType: presentHosted(r), createdAt: new Date(r.created_at).toISOString() }));
}

/** Other users' personal event types the user hosts (accepted), by title. */
export async function listCoHostedEventTypes(ctx: SchedulingContext, userId: string): Promise<HostedEventType[]> {
  const rows: HostedRow[] = await hostedEventTypes(ctx.db)
    .join('event_type_hosts as h', 'h.event_type_id', 'e.id')
    .where('h.user_id', userId)
    .whereNot('e.owner_user_id', userId)
    .orderBy([{ column: 'e.title' }, { column: 'e.id' }]);
  return rows.map(presentHosted);
}

/**
 * Takes the user's open invitation `id` out (in `trx`). Throws not_found for an id that is not an
 * open invitation of theirs to a live event type (answered, withdrawn, archived, someone else's).
 */
async function takeInvitation(trx: Knex.Transaction, userId: string, id: string): Promise<{ row: HostedRow; createdAt: Date }> {
  const [taken]: Array<{ event_type_id: string; created_at: Date }> = UUID_RE.test(id) ? await trx('event_type_host_invitations').where({ id, user_id: userId }).delete().returning(['event_type_id', 'created_at']) : [];
  const row: HostedRow | undefined = taken && (await hostedEventTypes(trx).where('e.id', taken.event_type_id).first());
  if (!taken || !row) throw new DomainError('not_found', `You have no open invitation "${id}" to host an event type (it may have been answered or withdrawn); see yours with yava event-types invitations or GET /api/event-types/host-invitations`);
  return { row, createdAt: taken.created_at };
}

/**
 * Accepts the user's invitation: they host the event type from now on, and its owner is told.
 * Throws not_found (not an open invitation of theirs).
 */
export async function acceptHostInvitation(ctx: SchedulingContext, userId: string, id: string): Promise<HostInvitation> {
  return ctx.db.transaction(async (trx) => {
    const { row, createdAt } = await takeInvitation(trx, userId, id);
    await trx('event_type_hosts').insert({ event_type_id: row.id, user_id: userId }).onConflict(['event_type_id', 'user_id']).ignore();
    await tellOwnerOfAnswer(trx, noticesOf(ctx), { answer: 'accepted', host: await person(trx, userId), ownerId: row.owner_user_id, eventType: invited(row), dedupKey: `event-type-host-accepted:${id}` });
    return { id, status: 'accepted', eventType: presentHosted(row), createdAt: new Date(createdAt).toISOString() };
  });
}

/**
 * Declines the user's invitation: they are no longer named as a host, and the owner is told and
 * cannot invite them to it again for 7 days (hostInvitationCooldown.ts): `reinviteAllowedAt` says
 * from when. Throws not_found (not an open invitation of theirs).
 */
export async function declineHostInvitation(ctx: SchedulingContext, userId: string, id: string): Promise<HostInvitation> {
  return ctx.db.transaction(async (trx) => {
    const { row, createdAt } = await takeInvitation(trx, userId, id);
    const reinviteAt = await recordHostRefusal(trx, { eventTypeId: row.id, userId, reason: 'declined', at: ctx.clock.now() });
    await tellOwnerOfAnswer(trx, noticesOf(ctx), { answer: 'declined', host: await person(trx, userId), ownerId: row.owner_user_id, eventType: invited(row), dedupKey: `event-type-host-declined:${id}`, reinviteAllowedAt: reinviteAt });
    return { id, status: 'declined', eventType: presentHosted(row), createdAt: new Date(createdAt).toISOString(), reinviteAllowedAt: reinviteAt.toISOString() };
  });
}

/**
 * The user stops hosting someone else's personal event type they accepted; its owner is told and
 * cannot invite them to it again for 7 days (`reinviteAllowedAt` says from when). Meetings already
 * booked stay. Throws event_type_not_found (not a live personal event type they co-host), conflict
 * (they own it: the owner always hosts).
 */
export async function leaveEventType(ctx: SchedulingContext, userId: string, eventTypeId: string): Promise<LeftEventType> {
  return ctx.db.transaction(async (trx) => {
    const row: HostedRow | undefined = UUID_RE.test(eventTypeId) ? await hostedEventTypes(trx).where('e.id', eventTypeId).first() : undefined;
    if (row?.owner_user_id === userId) throw new DomainError('conflict', 'You own this event type, so you always host it; archive it instead (yava event-types delete, or DELETE /api/event-types/:id)');
    const left: unknown[] = row ? await trx('event_type_hosts').where({ event_type_id: row.id, user_id: userId }).delete().returning('user_id') : [];
    if (!row || !left.length) throw new DomainError('event_type_not_found', `You host no personal event type "${eventTypeId}" of someone else; see those you do with yava event-types invitations or GET /api/event-types/co-hosted`);
    const reinviteAt = await recordHostRefusal(trx, { eventTypeId: row.id, userId, reason: 'left', at: ctx.clock.now() });
    // An event type from before invitations may have had others as its only hosts: its owner takes over.
    await trx.raw('INSERT INTO event_type_hosts (event_type_id, user_id) SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM event_type_hosts WHERE event_type_id = ?)', [row.id, row.owner_user_id, row.id]);
    await tellOwnerOfAnswer(trx, noticesOf(ctx), { answer: 'left', host: await person(trx, userId), ownerId: row.owner_user_id, eventType: invited(row), dedupKey: `event-type-host-left:${row.id}:${userId}:${ctx.clock.now().getTime()}`, reinviteAllowedAt: reinviteAt });
    return { eventType: presentHosted(row), reinviteAllowedAt: reinviteAt.toISOString() };
  });
}
