/**
 * What people hear about host invitations, written in the transaction of the change: the invited
 * user gets an in-app notice and, unless they turned e-mail off for host invitations, an e-mail
 * (outbox) saying who asks, for what, and how to answer; the owner gets an in-app notice of each
 * answer and of a host leaving.
 */
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import { listNames } from '../notify/email/people.js';
import { formatNoticeInstant } from '../notify/email/render.js';
import { escapeHtml } from '../notify/html.js';
import { enqueueOutboxMessages, type EmailPayload } from '../notify/outbox.js';
import { withUnsubscribeLink } from '../notify/preferences/emailFilter.js';
import { isWanted, loadPreferenceState } from '../notify/preferences/store.js';
import type { HostNotices } from './context.js';
import { needsEveryHost } from './rules.js';
import type { EventKind } from './types.js';

export interface InvitedEventType {
  id: string;
  slug: string;
  title: string;
  kind: EventKind;
  durationMinutes: number;
}

export interface NoticePerson {
  id: string;
  username: string;
  name: string;
  email: string;
}

/** What hosting an event type of each kind means for the invited user. */
const KIND_MEANS: Record<EventKind, string> = {
  collective: 'a collective meeting: every meeting booked with it includes all its hosts, at times when all of them are free',
  group: 'a group session: every session booked with it includes all its hosts, at times when all of them are free',
  round_robin: 'a round-robin meeting: each meeting booked with it goes to one of its hosts in turn, so some of them would go to you',
  one_on_one: 'a one-on-one meeting',
};

const names = (usernames: readonly string[]) => listNames(usernames.map((name) => ({ name, email: name })));

/**
 * Tells `invitee` that `owner` asks them to host `eventType`: an in-app notice and an e-mail,
 * each sent once per invitation. The e-mail honours the invitee's preference for
 * `email`/`host_invitation` (turned off, or unsubscribed by link: none is queued; the in-app notice
 * still is) and carries an unsubscribe link when `notices` can make one.
 */
export async function tellInvitedHost(trx: Knex, notices: HostNotices, clock: Clock, invitation: { id: string; invitee: NoticePerson; owner: NoticePerson; eventType: InvitedEventType }): Promise<void> {
  const { id, invitee, owner, eventType } = invitation;
  const subject = `${owner.name} asks you to host "${eventType.title}"`;
  const what = `${owner.name} (${owner.username}) asks you to host their event type "${eventType.title}" (${eventType.slug}), ${eventType.durationMinutes} minutes, ${KIND_MEANS[eventType.kind]}.`;
  const means = 'If you accept, invitees can book meetings with you through it, within your working hours and around your calendars, and you get each meeting\'s e-mails and calendar events. Nothing is booked with you unless you accept, and you can leave it later.';
  const accept = `yava event-types accept ${id}`;
  const decline = `yava event-types decline ${id}`;
  const api = `${notices.publicUrl ?? ''}/api/event-types/host-invitations/${id}`;
  const dashboard = notices.publicUrl ? `${notices.publicUrl}/app/event-types` : null;
  const text = [
    `Hello ${invitee.name},`,
    '',
    what,
    '',
    means,
    '',
    `To accept:  ${accept}`,
    `To decline: ${decline}`,
    `Or, signed in as ${invitee.username}: POST ${api}/accept (or ${api}/decline)${dashboard ? `, or answer on ${dashboard}` : ''}.`,
    '',
    `Invitation: ${id}`,
    '',
  ].join('\n');
  const html = `<p>Hello ${escapeHtml(invitee.name)},</p><p>${escapeHtml(what)}</p><p>${escapeHtml(means)}</p><p>To accept: <code>${escapeHtml(accept)}</code><br>To decline: <code>${escapeHtml(decline)}</code></p><p>Or, signed in as ${escapeHtml(invitee.username)}: <code>POST ${escapeHtml(api)}/accept</code> (or <code>/decline</code>)${dashboard ? `, or answer on <a href="${escapeHtml(dashboard)}">${escapeHtml(dashboard)}</a>` : ''}.</p><p>Invitation: <code>${escapeHtml(id)}</code></p>`;
  const email: EmailPayload = { to: invitee.email, toName: invitee.name, subject, text, html, ics: null, icsMethod: null };
  if (isWanted(await loadPreferenceState(trx, [invitee.id], []), { userId: invitee.id }, 'email', 'host_invitation')) {
    const payload = notices.unsubscribeUrl ? withUnsubscribeLink(email, notices.unsubscribeUrl({ email: invitee.email, kind: 'host_invitation' })) : email;
    await enqueueOutboxMessages(trx, [{ channel: 'email', idempotencyKey: `email:event-type-host-invitation:${id}`, payload }], { clock, maxAttempts: notices.maxAttempts });
  }
  await notices.inbox.add(trx, [
    {
      userId: invitee.id,
      kind: 'event_type.host_invitation',
      title: subject,
      body: `"${eventType.title}" is ${KIND_MEANS[eventType.kind]}. Nothing is booked with you unless you accept: ${accept} (or decline: ${decline}).`,
      dedupKey: `event-type-host-invitation:${id}`,
    },
  ]);
}

/**
 * Tells hosts the owner took off an event type (a `hosts` list that leaves them out) that it
 * takes no bookings for them any more; meetings already booked with them stay. `at` keys the
 * notice, so a host removed, invited again and removed again hears it each time.
 */
export async function tellRemovedHosts(trx: Knex, notices: HostNotices, change: { hostIds: readonly string[]; owner: NoticePerson; eventType: InvitedEventType; at: Date }): Promise<void> {
  const { owner, eventType } = change;
  await notices.inbox.add(
    trx,
    change.hostIds.map((userId) => ({
      userId,
      kind: 'event_type.host_removed',
      title: `You no longer host "${eventType.title}"`,
      body: `${owner.name} (${owner.username}) took you off the hosts of ${eventType.slug}: it books nothing more with you. Meetings already booked with you stay as they are.`,
      dedupKey: `event-type-host-removed:${eventType.id}:${userId}:${change.at.getTime()}`,
    })),
  );
}

/** An answer the owner hears of. */
export type HostAnswer = 'accepted' | 'declined' | 'left';

const ANSWERED: Record<HostAnswer, (host: NoticePerson, eventType: InvitedEventType) => { title: string; body: string }> = {
  accepted: (host, e) => ({ title: `${host.name} accepted to host "${e.title}"`, body: `${host.username} now takes bookings of ${e.slug}.` }),
  declined: (host, e) => ({ title: `${host.name} declined to host "${e.title}"`, body: `${host.username} is no longer named as a host of ${e.slug}.` }),
  left: (host, e) => ({ title: `${host.name} no longer hosts "${e.title}"`, body: `${host.username} left ${e.slug}; meetings already booked with them stay as they are.` }),
};

/**
 * Tells the owner that `host` answered (or left): an in-app notice saying who hosts the event type
 * now and, while someone has not answered, that a collective or group one offers no times; after
 * a decline or a leave, from when (`reinviteAllowedAt`, written in the owner's zone) the owner may
 * invite them to it again. `dedupKey` makes a retried change tell once.
 */
export async function tellOwnerOfAnswer(
  trx: Knex,
  notices: HostNotices,
  change: { answer: HostAnswer; host: NoticePerson; ownerId: string; eventType: InvitedEventType; dedupKey: string; reinviteAllowedAt?: Date },
): Promise<void> {
  const { eventType } = change;
  const usernamesIn = (table: string): Promise<string[]> => trx(`${table} as h`).join('users as u', 'u.id', 'h.user_id').where('h.event_type_id', eventType.id).orderBy('u.username').pluck('u.username');
  const hosts = await usernamesIn('event_type_hosts');
  const pending = await usernamesIn('event_type_host_invitations');
  const { title, body } = ANSWERED[change.answer](change.host, eventType);
  const waiting = pending.length === 0 ? '' : needsEveryHost(eventType.kind) ? ` No times are offered until ${names(pending)} ${pending.length === 1 ? 'accepts' : 'accept'}.` : ` Still waiting for ${names(pending)} to answer.`;
  const again = change.reinviteAllowedAt ? ` You can ask ${change.host.username} to host it again from ${formatNoticeInstant(change.reinviteAllowedAt, await timezoneOf(trx, change.ownerId))}.` : '';
  await notices.inbox.add(trx, [{ userId: change.ownerId, kind: `event_type.host_${change.answer}`, title, body: `${body}${again} Hosts now: ${names(hosts)}.${waiting}`, dedupKey: change.dedupKey }]);
}

const timezoneOf = async (trx: Knex, userId: string): Promise<string> => (await trx('users').where({ id: userId }).first('timezone'))?.timezone ?? 'UTC';
