import type { BookingActor, BookingDetails } from '../../../core/booking/types.js';
import type { ChatIdentity, LinkedChatUser } from '../../../core/chat/accounts.js';
import { createFixedClock } from '../../../core/clock.js';
import type { DomainError } from '../../../core/errors.js';
import { parseRequest } from '../../../core/nlp/index.js';
import type { AnswerQuestionInput, BookRequestInput, ProposeMeetingInput, StoredRequest } from '../../../core/requests/index.js';
import type { ConversationPorts } from '../../../bot/conversation/index.js';

export const NOW = '2026-11-24T10:00:00.000Z';

export const ADA: LinkedChatUser = { userId: 'u-ada', username: 'ada', name: 'Ada', email: 'ada@example.com', timezone: 'Europe/Paris' };
export const ALICE: LinkedChatUser = { userId: 'u-alice', username: 'alice', name: 'Alice', email: 'alice@example.com', timezone: 'America/New_York' };
export const ADA_IDENTITY: ChatIdentity = { platform: 'slack', workspaceId: 'T1', externalUserId: 'UADA' };

/** A meeting as core's booking service returns it. */
export function booking(overrides: Partial<BookingDetails> = {}): BookingDetails {
  return {
    id: '11111111-2222-4333-8444-555555555555',
    title: 'Ada / Alice',
    notes: null,
    hostNotes: null,
    version: 1,
    status: 'scheduled',
    start: '2026-11-25T14:00:00.000Z',
    end: '2026-11-25T14:30:00.000Z',
    durationMinutes: 30,
    eventType: null,
    location: null,
    icalUid: 'x@yava',
    sequence: 0,
    source: 'slack',
    assignmentReason: null,
    canceledBy: null,
    cancelReason: null,
    createdByUserId: ADA.userId,
    hosts: [ADA, ALICE].map((u) => ({ userId: u.userId, username: u.username, name: u.name, email: u.email, timezone: u.timezone })),
    attendees: [],
    statusHistory: [],
    createdAt: NOW,
    updatedAt: NOW,
    ...overrides,
  };
}

/** A request as core's request service stores it: proposed slots unless overridden. */
export function storedRequest(text: string, overrides: Partial<StoredRequest> = {}): StoredRequest {
  const intent = parseRequest(text.replace(/<@\w+>/g, '@alice'), { timezone: 'Europe/Paris', now: NOW });
  return {
    id: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
    userId: ADA.userId,
    source: 'slack',
    status: 'proposed',
    text,
    timezone: 'Europe/Paris',
    intent,
    question: null,
    proposal: {
      participants: [{ username: 'alice', name: 'Alice' }],
      durationMinutes: 30,
      title: 'Ada / Alice',
      window: { from: '2026-11-25T14:00:00.000Z', to: '2026-11-25T14:30:00.000Z' },
      slots: [{ start: '2026-11-25T14:00:00.000Z', end: '2026-11-25T14:30:00.000Z' }],
      widened: false,
    },
    bookingId: null,
    expiresAt: '2026-11-25T10:00:00.000Z',
    createdAt: NOW,
    referenceAt: NOW,
    pending: null,
    about: null,
    ...overrides,
  };
}

/**
 * Fakes of the ports the conversation uses, recording each call. `next` sets what core answers
 * next (a request, or an error to throw).
 */
export function fakePorts() {
  const calls = {
    proposeOrAnswer: [] as ProposeMeetingInput[],
    answer: [] as AnswerQuestionInput[],
    book: [] as BookRequestInput[],
    listBookings: [] as Array<{ userId: string; input: unknown }>,
    cancelBooking: [] as Array<{ id: string; actor: BookingActor }>,
    linkByVerifiedEmail: [] as string[],
  };
  const next = {
    request: storedRequest('30 min with <@UALICE> tomorrow 3pm'),
    booked: { meeting: booking(), replayed: false },
    bookError: null as DomainError | null,
    bookings: [booking()],
    /** The cursor of the page after `bookings` (null: nothing after). */
    nextCursor: null as string | null,
    linked: new Map<string, LinkedChatUser>([['UADA', ADA]]),
  };
  const ports: ConversationPorts = {
    requests: {
      proposeOrAnswer: async (input) => {
        calls.proposeOrAnswer.push(input);
        return next.request;
      },
      answer: async (input) => {
        calls.answer.push(input);
        return next.request;
      },
      book: async (input) => {
        calls.book.push(input);
        if (next.bookError) throw next.bookError;
        return next.booked;
      },
      get: async () => next.request,
      askAboutMeeting: async () => next.request,
      // No question about a meeting is open: the dialog itself runs on a real database (moves.test.ts).
      openQuestion: async () => null,
      close: async () => {},
    },
    booking: {
      listBookings: async (userId, input) => {
        calls.listBookings.push({ userId, input });
        return { bookings: next.bookings, nextCursor: next.nextCursor };
      },
      cancelBooking: async (id, _input, actor) => {
        calls.cancelBooking.push({ id, actor });
        return booking({ id, status: 'canceled' });
      },
      rescheduleBooking: async (id, input) => booking({ id, start: input.start }),
    },
    chatAccounts: {
      findLinkedUser: async (identity) => next.linked.get(identity.externalUserId) ?? null,
      linkByVerifiedEmail: async (_identity, email) => {
        calls.linkByVerifiedEmail.push(email);
        return email === ALICE.email ? ALICE : null;
      },
      createLinkCode: async () => ({ code: 'yava_link_test', expiresAt: NOW }),
    },
    clock: createFixedClock(NOW),
    publicUrl: 'https://yava.example',
  };
  return { ports, calls, next };
}
