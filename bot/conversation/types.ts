import type { ChatIdentity, LinkedChatUser } from '../../core/chat/accounts.js';
import type { BookingDetails } from '../../core/booking/types.js';

export type { ChatIdentity, LinkedChatUser };

/** Who is talking to the bot: the chat account and the Yava user it is linked to. */
export interface Asker {
  identity: ChatIdentity;
  user: LinkedChatUser;
}

/**
 * Finds the Yava user behind a platform mention (`<@U123>` on Slack, `<@1234>` on Discord)
 * that is not linked yet, e.g. through the verified email the platform reports. Null when none.
 */
export type MentionLookup = (externalUserId: string) => Promise<LinkedChatUser | null>;

/** One time a person can pick; `label` is in the asker's zone. */
export interface SlotOption {
  start: string;
  end: string;
  label: string;
}

/** What the bot answers, before a platform renders it (Block Kit, Discord components). */
export type Reply =
  | { kind: 'text'; text: string }
  | {
      kind: 'question';
      text: string;
      /** The answers offered ("Maria Chen", "Maria Park"), for buttons; typing one works as well. */
      choices?: QuestionChoices;
    }
  | { kind: 'error'; text: string }
  | { kind: 'help'; text: string }
  | { kind: 'link'; linked: boolean; text: string }
  | {
      kind: 'slots';
      proposalId: string;
      title: string;
      durationMinutes: number;
      withNames: string[];
      timezone: string;
      slots: SlotOption[];
      /** Said above the buttons, e.g. "That time was just taken." */
      note?: string;
    }
  | {
      kind: 'booked';
      meeting: BookingDetails;
      label: string;
      timezone: string;
      /** Every Yava user in the meeting (hosts and attendees), to message each of them. */
      participantUserIds: string[];
    }
  | {
      kind: 'meetings';
      meetings: MeetingSummary[];
      timezone: string;
      /** Said above the list. */
      note?: string;
      /** More upcoming meetings come after these (the list is the first page). */
      more?: boolean;
    }
  | { kind: 'canceled'; meeting: MeetingSummary };

/** How `/meet` was asked: to book (`/meet …`) or to list free times (`/meet slots …`). */
export type RequestMode = 'book' | 'slots';

/** A question's choices as buttons: which request, each label in order, and the mode to answer in. */
export interface QuestionChoices {
  requestId: string;
  labels: string[];
  mode: RequestMode;
}

export interface MeetingSummary {
  id: string;
  title: string;
  start: string;
  end: string;
  label: string;
  withNames: string[];
  /** The others' usernames and emails (to find "my meeting with mpark"). */
  withHandles?: string[];
}
