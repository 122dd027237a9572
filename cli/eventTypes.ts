import { Flags } from '@oclif/core';
import { needsEveryHost } from '../core/booking/rules.js';
import type { EventKind } from '../core/booking/types.js';
import type { Api } from './client.js';
import { CliError } from './errors.js';
import { EXIT } from './exitCodes.js';
import { formatInstant } from './format.js';
import type { EventType, HostedEventType } from './types.js';

/** Flags shared by `event-types create` and `edit`, and how each maps onto the API body. */
export const eventTypeFlags = {
  slug: Flags.string({ description: 'URL name, e.g. intro (lower-case letters, digits, "-").' }),
  title: Flags.string({ description: 'Title shown to bookers.' }),
  description: Flags.string({ description: 'A longer description.' }),
  duration: Flags.integer({ description: 'Length in minutes.', min: 1, max: 1440 }),
  'buffer-before': Flags.integer({ description: 'Free minutes kept before.', min: 0 }),
  'buffer-after': Flags.integer({ description: 'Free minutes kept after.', min: 0 }),
  notice: Flags.integer({ description: 'Minimum notice in minutes.', min: 0 }),
  step: Flags.integer({ description: 'Minutes between offered start times (default: the duration).', min: 1 }),
  'max-days': Flags.integer({ description: 'How many days ahead can be booked.', min: 1 }),
  'daily-limit': Flags.integer({ description: 'At most this many per day.', min: 1 }),
  approval: Flags.boolean({ description: 'Bookings wait for your approval.', allowNo: true }),
  kind: Flags.string({ description: 'one_on_one, collective, round_robin, or group (sessions with --seats).', options: ['one_on_one', 'collective', 'round_robin', 'group'] }),
  seats: Flags.integer({ description: 'Attendees per session (with --kind group).', min: 1, max: 10_000 }),
  hosts: Flags.string({ description: 'Host usernames, comma-separated. On your own event type, others named are asked and host once they accept.' }),
  location: Flags.string({ description: 'Where: a URL or an address.' }),
};

/** API fields whose flag has another name, for error messages. */
export const eventTypeFieldNames = {
  durationMinutes: '--duration',
  bufferBeforeMinutes: '--buffer-before',
  bufferAfterMinutes: '--buffer-after',
  minimumNoticeMinutes: '--notice',
  slotStepMinutes: '--step',
  maxDaysAhead: '--max-days',
  requiresApproval: '--approval',
  teamSlug: '--team',
};

type EventTypeFlagValues = { [K in keyof typeof eventTypeFlags]?: unknown };

export function eventTypeBody(f: EventTypeFlagValues): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const set = (key: string, value: unknown) => {
    if (value !== undefined) body[key] = value;
  };
  set('slug', f.slug);
  set('title', f.title);
  set('description', f.description);
  set('durationMinutes', f.duration);
  set('bufferBeforeMinutes', f['buffer-before']);
  set('bufferAfterMinutes', f['buffer-after']);
  set('minimumNoticeMinutes', f.notice);
  set('slotStepMinutes', f.step);
  set('maxDaysAhead', f['max-days']);
  set('dailyLimit', f['daily-limit']);
  set('requiresApproval', f.approval);
  set('kind', f.kind);
  set('seats', f.seats);
  set('location', f.location);
  if (typeof f.hosts === 'string') body.hosts = f.hosts.split(',').map((h) => h.trim().replace(/^@/, '')).filter(Boolean);
  return body;
}

/** What `create` and `edit` add when the event type names hosts who have not accepted yet, else null. */
export function pendingHostsNote(e: EventType): string | null {
  const pending = e.pendingHosts ?? [];
  if (!pending.length) return null;
  const meanwhile = needsEveryHost(e.kind as EventKind) ? 'until everyone has, it offers no times' : 'until then they take none of its bookings';
  return `Asked ${pending.join(', ')} to host it: they host once they accept (${meanwhile}).`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An event type by id or by one of your slugs. */
export async function findEventType(client: Api, idOrSlug: string): Promise<EventType> {
  if (UUID.test(idOrSlug)) return client.get<EventType>(`/api/event-types/${idOrSlug}`);
  const { eventTypes } = await client.get<{ eventTypes: EventType[] }>('/api/event-types');
  const found = eventTypes.filter((e) => e.slug === idOrSlug.toLowerCase());
  if (found.length === 1) return found[0]!;
  if (found.length > 1) throw new CliError(`Several event types are called "${idOrSlug}" (yours and a team's); use the id: ${found.map((e) => e.id).join(', ')}`, { exit: EXIT.usage, code: 'ambiguous' });
  throw new CliError(`No event type "${idOrSlug}"; see \`yava event-types list\``, { exit: EXIT.notFound, code: 'event_type_not_found', status: 404 });
}

/** "ada/pairing": how a co-hosted event type is named, after its booking link. */
export const hostedName = (e: HostedEventType): string => `${e.owner.username}/${e.slug}`;

/**
 * "Ada Lovelace can invite you to host it again from Tue 01 Dec 2026 11:00 (Europe/Berlin)": what
 * declining or leaving means for the user, read in `zone`, from the server's `reinviteAllowedAt`
 * (a server that does not send it: the rule itself).
 */
export function reinviteNote(owner: HostedEventType['owner'], reinviteAllowedAt: string | undefined, zone: string): string {
  if (!reinviteAllowedAt) return `${owner.name} cannot invite you to host it again for 7 days.`;
  return `${owner.name} can invite you to host it again from ${formatInstant(reinviteAllowedAt, zone)} (${zone}).`;
}

/** Someone else's personal event type you host, by id or `owner/slug`. */
export async function findCoHostedEventType(client: Api, ref: string): Promise<HostedEventType> {
  const { eventTypes } = await client.get<{ eventTypes: HostedEventType[] }>('/api/event-types/co-hosted');
  const found = eventTypes.find((e) => e.id === ref || hostedName(e).toLowerCase() === ref.toLowerCase().replace(/^@/, ''));
  if (found) return found;
  throw new CliError(`You host no event type "${ref}" of someone else; see those you do with \`yava event-types invitations\``, { exit: EXIT.notFound, code: 'event_type_not_found', status: 404 });
}
