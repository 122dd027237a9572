/** Channels a notification can go out on; 'chat' is a direct message on the user's linked Slack or Discord account. */
export const NOTIFICATION_CHANNELS = ['email', 'sms', 'push', 'chat'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/**
 * What a notification is about; each can be turned off per channel. `host_invitation` is the e-mail
 * asking a user to host someone's event type (core/booking/hostInvitationNotices.ts).
 */
export const NOTIFICATION_KINDS = ['confirmation', 'reminder', 'cancellation', 'follow_up', 'weekly_summary', 'host_invitation'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Kinds that go out on some channels only: each with those channels. Every other kind is offered on every channel. */
const ONLY_ON: Partial<Record<NotificationKind, readonly NotificationChannel[]>> = { host_invitation: ['email'] };

/**
 * Whether preferences offer `kind` on `channel`: a setting for a channel that never carries the
 * kind would change nothing. `host_invitation` is an e-mail only (no SMS, push or chat is sent).
 * @example isOfferedOn('sms', 'host_invitation') // false
 */
export const isOfferedOn = (channel: NotificationChannel, kind: NotificationKind): boolean => channelsOfKind(kind).includes(channel);

/** The channels preferences offer `kind` on. */
export const channelsOfKind = (kind: NotificationKind): readonly NotificationChannel[] => ONLY_ON[kind] ?? NOTIFICATION_CHANNELS;

/** Every channel × kind pair preferences offer, channel by channel. */
export const OFFERED_PREFERENCES: ReadonlyArray<{ channel: NotificationChannel; kind: NotificationKind }> = NOTIFICATION_CHANNELS.flatMap((channel) =>
  NOTIFICATION_KINDS.filter((kind) => isOfferedOn(channel, kind)).map((kind) => ({ channel, kind })),
);

/** One reminder or follow-up rule of an event type. */
export interface NotificationRule {
  id: string;
  kind: 'reminder' | 'follow_up';
  channel: NotificationChannel;
  /** Reminder: minutes before the start. Follow-up: minutes after the end. */
  offsetMinutes: number;
  template: string | null;
}

/** What an 'sms' outbox row carries: the user and the text; the number is read when it is sent. */
export interface SmsPayload {
  userId: string;
  body: string;
  /** Sends to this number instead of the user's verified one (the verification code itself). */
  to?: string;
}

/** What a 'push' outbox row carries; it goes to every device the user subscribed. */
export interface PushPayload {
  userId: string;
  title: string;
  body: string;
  url: string | null;
}

/** What a 'chat' outbox row carries: a direct message on each chat account the user linked. */
export interface ChatPayload {
  userId: string;
  text: string;
}
