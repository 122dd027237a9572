import { DateTime } from 'luxon';
import type { Clock } from '../../core/clock.js';
import type { ChatAccountService, ChatIdentity, LinkedChatUser } from '../../core/chat/accounts.js';
import { DomainError } from '../../core/errors.js';
import type { BookingDetails } from '../../core/booking/types.js';
import { clarifyingQuestion, type Intent } from '../../core/nlp/index.js';
import { parseCommand } from './commands.js';
import { formatRange } from './format.js';
import { normalizeMentions } from './mentions.js';
import type { ProposalStore, SlotRequest } from './proposals.js';
import type { SchedulingPort } from './scheduling.js';
import type { Asker, MeetingSummary, MentionLookup, Reply, SlotOption } from './types.js';

export const MAX_SLOT_CHOICES = 5;
const SEARCH_DAYS = 7;
const DEFAULT_SLOTS_DURATION = 30;

export interface CreateConversationOptions {
  nlp: { parse(text: string, options: { timezone: string; now?: string }): Promise<Intent> };
  chatAccounts: ChatAccountService;
  scheduling: SchedulingPort;
  proposals: ProposalStore;
  clock: Clock;
  publicUrl: string;
}

export const HELP_TEXT = [
  '*/meet* schedules with people in plain words:',
  '• `/meet 30 min with @alice tomorrow afternoon`: pick one of the free times',
  '• `/meet slots @alice [when]`: common free times',
  '• `/meet list`: your upcoming meetings',
  '• `/meet cancel <id>`: cancel one',
  '• `/meet link`: connect this chat account to your Yava account',
].join('\n');

/**
 * The platform-neutral conversation: text → Intent → the next common free slots (in the
 * asker's zone) → a pick → a booking through the booking service, with one short question
 * when the request lacks something. Slack and Discord adapters render the {@link Reply}s.
 */
export function createConversation({ nlp, chatAccounts, scheduling, proposals, clock, publicUrl }: CreateConversationOptions) {
  const nowIso = () => clock.now().toISOString();

  /** Usernames for the `@handles` of an intent; mentions go through chat accounts, then `lookup`. */
  async function resolveAttendees(asker: Asker, intent: Intent, mentionIds: Set<string>, lookup: MentionLookup): Promise<Array<{ username: string; name: string }>> {
    const out: Array<{ username: string; name: string }> = [];
    for (const attendee of intent.attendees) {
      if (attendee.handle && mentionIds.has(attendee.handle)) {
        const identity: ChatIdentity = { ...asker.identity, externalUserId: attendee.handle };
        const linked = (await chatAccounts.findLinkedUser(identity)) ?? (await lookup(attendee.handle));
        if (!linked) throw new DomainError('user_not_found', `<@${attendee.handle}> has no Yava account linked yet: they can run /meet link`);
        out.push({ username: linked.username, name: linked.name });
      } else if (attendee.handle) {
        out.push({ username: attendee.handle, name: `@${attendee.handle}` });
      } else if (attendee.email) {
        const user = await chatAccounts.findUserByEmail(attendee.email);
        if (!user) throw new DomainError('user_not_found', `No Yava user has the email ${attendee.email}`);
        out.push({ username: user.username, name: user.name });
      } else if (attendee.name) {
        throw new DomainError('validation_failed', `Mention ${attendee.name} as @username so I know who you mean`);
      }
    }
    const seen = new Set<string>([asker.user.username.toLowerCase()]);
    return out.filter((a) => !seen.has(a.username.toLowerCase()) && seen.add(a.username.toLowerCase()));
  }

  function toOption(slot: { start: string; end: string }, zone: string): SlotOption {
    return { start: slot.start, end: slot.end, label: formatRange(slot.start, slot.end, zone) };
  }

  /** Up to five common free times; when none are in the range, the next ones within a week after it. */
  async function findSlots(request: SlotRequest): Promise<{ slots: SlotOption[]; widened: boolean }> {
    const from = new Date(Math.max(Date.parse(request.from), clock.now().getTime())).toISOString();
    const list = async (f: string, t: string) =>
      (await scheduling.listCommonSlots({ usernames: request.usernames, durationMinutes: request.durationMinutes, from: f, to: t, timezone: request.timezone })).slots;
    let slots = Date.parse(request.to) > Date.parse(from) ? await list(from, request.to) : [];
    let widened = false;
    if (!slots.length) {
      const after = new Date(Math.max(Date.parse(request.to), clock.now().getTime())).toISOString();
      slots = await list(after, DateTime.fromISO(after).plus({ days: SEARCH_DAYS }).toISO()!);
      widened = true;
    }
    return { slots: slots.slice(0, MAX_SLOT_CHOICES).map((s) => toOption(s, request.timezone)), widened };
  }

  async function offerSlots(asker: Asker, request: SlotRequest, note?: string): Promise<Reply> {
    const { slots, widened } = await findSlots(request);
    if (!slots.length) return { kind: 'text', text: `No common free time for ${request.durationMinutes} min in the next ${SEARCH_DAYS} days. Try a shorter meeting or other people.` };
    const proposalId = await proposals.saveSlots(asker.identity, asker.user.userId, request);
    const widenedNote = widened ? 'Nothing is free then; these are the next free times.' : undefined;
    return {
      kind: 'slots',
      proposalId,
      title: request.title,
      durationMinutes: request.durationMinutes,
      withNames: request.withNames,
      timezone: request.timezone,
      slots,
      note: [note, widenedNote].filter(Boolean).join(' ') || undefined,
    };
  }

  /** The range to search: the exact start, the part of day, or the next week. */
  function searchRange(intent: Intent, durationMinutes: number): { from: string; to: string } {
    if (intent.start) {
      const start = DateTime.fromISO(intent.start);
      return { from: start.toUTC().toISO()!, to: start.plus({ minutes: durationMinutes }).toUTC().toISO()! };
    }
    if (intent.window) return { from: DateTime.fromISO(intent.window.start).toUTC().toISO()!, to: DateTime.fromISO(intent.window.end).toUTC().toISO()! };
    const now = DateTime.fromJSDate(clock.now());
    return { from: now.toUTC().toISO()!, to: now.plus({ days: SEARCH_DAYS }).toUTC().toISO()! };
  }

  async function ask(asker: Asker, text: string, question: string): Promise<Reply> {
    await proposals.saveQuestion(asker.identity, asker.user.userId, { text });
    return { kind: 'question', text: question };
  }

  /** "30 min with @alice tomorrow afternoon" → slot buttons, or one question. */
  async function requestMeeting(asker: Asker, rawText: string, lookup: MentionLookup, mode: 'book' | 'slots'): Promise<Reply> {
    let { text, mentionIds } = normalizeMentions(rawText);
    const parseOptions = { timezone: asker.user.timezone, now: nowIso() };
    let intent = await nlp.parse(text, parseOptions);
    const open = await proposals.takeOpenQuestion(asker.identity);
    if (open && (intent.missing.length > 0 || intent.attendees.length === 0)) {
      // An answer to the question asked last: read it together with the request.
      const combinedRaw = `${open.text} ${rawText}`;
      const combined = normalizeMentions(combinedRaw);
      const merged = await nlp.parse(combined.text, parseOptions);
      if (merged.missing.length <= intent.missing.length) ({ rawText, text, mentionIds, intent } = { rawText: combinedRaw, text: combined.text, mentionIds: combined.mentionIds, intent: merged });
    }
    if (mode === 'book' && intent.action === 'list') return listMeetings(asker);
    if (mode === 'book' && (intent.action === 'cancel' || intent.action === 'reschedule')) {
      return { kind: 'text', text: 'To cancel, run `/meet list` and then `/meet cancel <id>`.' };
    }
    if (mode === 'slots' && intent.durationMinutes === null) {
      intent = { ...intent, durationMinutes: DEFAULT_SLOTS_DURATION, missing: intent.missing.filter((f) => f !== 'durationMinutes') };
    }
    const question = clarifyingQuestion(intent);
    if (question) return ask(asker, rawText, question);
    if (!intent.attendees.length) return ask(asker, rawText, 'Who should I invite? Mention them, e.g. @alice.');
    const attendees = await resolveAttendees(asker, intent, mentionIds, lookup);
    if (!attendees.length) return ask(asker, rawText, 'Who else should be in the meeting?');
    const durationMinutes = intent.durationMinutes ?? DEFAULT_SLOTS_DURATION;
    const withNames = attendees.map((a) => a.name);
    const request: SlotRequest = {
      usernames: [asker.user.username, ...attendees.map((a) => a.username)],
      withNames,
      durationMinutes,
      title: intent.title ?? `${asker.user.name} / ${withNames.join(', ')}`,
      timezone: asker.user.timezone,
      ...searchRange(intent, durationMinutes),
    };
    return offerSlots(asker, request);
  }

  function summarize(meeting: BookingDetails, viewer: LinkedChatUser): MeetingSummary {
    const others = [...meeting.hosts.map((h) => ({ userId: h.userId, name: h.name })), ...meeting.attendees.map((a) => ({ userId: a.userId, name: a.name }))]
      .filter((p) => p.userId !== viewer.userId)
      .map((p) => p.name);
    return { id: meeting.id, title: meeting.title, start: meeting.start, end: meeting.end, label: formatRange(meeting.start, meeting.end, viewer.timezone), withNames: [...new Set(others)] };
  }

  async function listMeetings(asker: Asker): Promise<Reply> {
    const meetings = await upcomingMeetings(asker);
    return { kind: 'meetings', meetings, timezone: asker.user.timezone };
  }

  async function upcomingMeetings(asker: Asker): Promise<MeetingSummary[]> {
    const meetings = await scheduling.listMeetings({ userId: asker.user.userId, from: nowIso(), timezone: asker.user.timezone });
    return meetings.filter((m) => m.status === 'scheduled' || m.status === 'pending').map((m) => summarize(m, asker.user));
  }

  async function cancelMeeting(asker: Asker, idOrPrefix: string): Promise<Reply> {
    const wanted = idOrPrefix.trim().toLowerCase();
    if (!wanted) return { kind: 'question', text: 'Which meeting? Run `/meet list` and then `/meet cancel <id>`.' };
    let id = wanted;
    if (!/^[0-9a-f-]{36}$/.test(wanted)) {
      const matches = (await upcomingMeetings(asker)).filter((m) => m.id.startsWith(wanted));
      if (matches.length !== 1) throw new DomainError('booking_not_found', matches.length ? `Several meetings start with ${wanted}: give more of the id` : `No upcoming meeting of yours has the id ${wanted}`);
      id = matches[0]!.id;
    }
    const meeting = await scheduling.cancelMeeting({ id, actor: { userId: asker.user.userId }, reason: 'Canceled from chat' });
    return { kind: 'canceled', meeting: summarize(meeting, asker.user) };
  }

  return {
    /**
     * The linked Yava user for a chat account: an existing link, else a link made by the
     * verified email the platform reports. Null when the person must link by code first.
     */
    async identify(identity: ChatIdentity, profile: { email?: string | null; timezone?: string | null } = {}): Promise<Asker | null> {
      const timezone = profile.timezone ?? null;
      const user = (await chatAccounts.findLinkedUser(identity, timezone)) ?? (profile.email ? await chatAccounts.linkByVerifiedEmail(identity, profile.email, timezone) : null);
      return user ? { identity, user } : null;
    },

    /** A one-time link code and how to redeem it. */
    async linkInstructions(identity: ChatIdentity): Promise<Reply> {
      const { code } = await chatAccounts.createLinkCode(identity);
      return {
        kind: 'link',
        linked: false,
        text: `Connect your Yava account first. Within 15 minutes, while logged in to Yava, send this one-time code: \`POST ${publicUrl}/api/chat/link {"code": "${code}"}\` (with your Bearer token). Then run /meet again.`,
      };
    },

    /** Everything typed after `/meet`. */
    async handleText(asker: Asker, text: string, lookup: MentionLookup): Promise<Reply> {
      const command = parseCommand(text);
      switch (command.name) {
        case 'help':
          return { kind: 'help', text: HELP_TEXT };
        case 'list':
          return listMeetings(asker);
        case 'cancel':
          return cancelMeeting(asker, command.args);
        case 'link':
          return { kind: 'link', linked: true, text: `This account is linked to Yava user @${asker.user.username} (${asker.user.email}); times are shown in ${asker.user.timezone}.` };
        case 'slots':
          return requestMeeting(asker, command.args, lookup, 'slots');
        default:
          return requestMeeting(asker, command.args, lookup, 'book');
      }
    },

    requestMeeting: (asker: Asker, text: string, lookup: MentionLookup) => requestMeeting(asker, text, lookup, 'book'),
    listMeetings,
    cancelMeeting,

    /**
     * Books the picked time. A time taken meanwhile answers with fresh times; a second pick of
     * the same proposal books nothing.
     */
    async chooseSlot(asker: Asker, proposalId: string, start: string): Promise<Reply> {
      const proposal = await proposals.findSlots(proposalId);
      if (!proposal || proposal.expiresAt.getTime() <= clock.now().getTime()) return { kind: 'error', text: 'These times have expired: run /meet again.' };
      const { identity } = proposal;
      if (identity.platform !== asker.identity.platform || identity.workspaceId !== asker.identity.workspaceId || identity.externalUserId !== asker.identity.externalUserId) {
        return { kind: 'error', text: 'Only the person who asked can pick a time.' };
      }
      if (!(await proposals.claim(proposalId))) return { kind: 'text', text: 'You already picked a time for this request.' };
      const request = proposal.request;
      try {
        const meeting = await scheduling.scheduleAdHocMeeting({
          organizerUserId: proposal.organizerUserId,
          usernames: request.usernames.filter((u) => u.toLowerCase() !== asker.user.username.toLowerCase()),
          start,
          durationMinutes: request.durationMinutes,
          title: request.title,
          source: identity.platform,
        });
        const participantUserIds = [...new Set([...meeting.hosts.map((h) => h.userId), ...meeting.attendees.map((a) => a.userId).filter((id): id is string => Boolean(id))])];
        return { kind: 'booked', meeting, label: formatRange(meeting.start, meeting.end, request.timezone), timezone: request.timezone, participantUserIds };
      } catch (error) {
        if (error instanceof DomainError && error.code === 'slot_unavailable') {
          return offerSlots(asker, { ...request, from: nowIso() }, 'That time was just taken; here are fresh times.');
        }
        await proposals.release(proposalId);
        throw error;
      }
    },

    /** Upcoming meetings for a home screen (Slack App Home). */
    upcomingMeetings,
  };
}

export type Conversation = ReturnType<typeof createConversation>;

/** The text of any error for the asker only: domain messages as they are, anything else generic. */
export function errorReply(error: unknown): Reply {
  if (error instanceof DomainError) return { kind: 'error', text: error.message };
  return { kind: 'error', text: 'Something went wrong on our side; please try again in a moment.' };
}
