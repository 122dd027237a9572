/**
 * Notifications, wired from the configuration: the outbox notifier the booking service
 * writes through, the e-mail sender, the dispatcher, and the read side (outbox and dev
 * mailbox listings for the API and CLI).
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { createNotificationChannels, type ChannelConfig } from './channels.js';
import { createOutboxDispatcher, type ChannelSender, type CreateOutboxDispatcherOptions, type OutboxDispatcher, type OutboxRow } from './dispatcher.js';
import { createEmailSender } from './email/mailer.js';
import { type OutboxViewRow, outboxViewColumns, recipientOf } from './log.js';
import { createOutboxNotifier } from './outbox.js';
import { createEmailPreferenceFilter } from './preferences/emailFilter.js';
import { createNotificationSettings } from './preferences/index.js';
import { unsubscribeKey, unsubscribeUrl, type UnsubscribeTarget } from './preferences/unsubscribe.js';
import { createReminderNotifier } from './reminders/notifier.js';
import { type NoticeRecipients, replanNoticesFor } from './reminders/replan.js';
import { weeklySummaryJob } from './summary/weeklySummary.js';
import { combineNotifiers } from './types.js';
import { OUTBOX_DISPATCH_JOB, startOutboxScheduler, type OutboxScheduler, type ScheduledJob } from './scheduler.js';

export interface NotifyServiceDeps {
  db: Knex;
  clock: Clock;
  config: Pick<Config, 'SMTP_URL' | 'MAIL_FROM' | 'OUTBOX_MAX_ATTEMPTS' | 'OUTBOX_POLL_MS' | 'publicUrl'> & ChannelConfig & { jwtSecret?: string };
  logger?: Logger;
  /** Senders for channels other than e-mail (e.g. 'calendar'), read when a dispatcher is made. */
  senders?: Record<string, ChannelSender>;
  /** Maintenance jobs the scheduler runs beside the dispatcher (e.g. purging expired idempotency keys). */
  housekeeping?: readonly ScheduledJob[];
  /** Channels delivered by a dispatcher loop of their own, out of the main one's way (core/notify/scheduler.ts). */
  lanes?: readonly ChannelLane[];
}

/** Channels the scheduler runs in a loop of their own, as job `name`. */
export interface ChannelLane {
  name: string;
  channels: readonly string[];
  /** Rows per claim (default the dispatcher's 20); 1 leaves the rest to other workers while a slow send runs. */
  batchSize?: number;
}

export type OutboxStatus = 'pending' | 'sent' | 'dead';

export interface OutboxEntry {
  id: string;
  channel: string;
  idempotencyKey: string;
  status: OutboxStatus;
  attempts: number;
  maxAttempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  bookingId: string | null;
  /** Where it goes and what it is about, as the notification log says it (`recipientOf`); never the body. */
  to: string | null;
  subject: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface MailEntry {
  id: number;
  messageId: string;
  to: string;
  subject: string;
  text: string;
  hasInvite: boolean;
  createdAt: string;
}

interface DevMailRow {
  id: number;
  message_id: string;
  to: string;
  subject: string;
  text: string;
  ics: string | null;
  created_at: Date | string;
}

/** The main dispatcher (every channel without a lane) and one per lane, each with only its channels' senders. */
function lanedDispatchers(createDispatcher: (overrides: Partial<CreateOutboxDispatcherOptions>) => OutboxDispatcher, senders: Record<string, ChannelSender>, lanes: readonly ChannelLane[]) {
  const pick = (keep: (channel: string) => boolean) => Object.fromEntries(Object.entries(senders).filter(([channel]) => keep(channel)));
  const laned = new Set(lanes.flatMap((lane) => lane.channels));
  return {
    dispatcher: createDispatcher({ senders: pick((c) => !laned.has(c)) }),
    lanes: lanes.map((lane) => ({ name: lane.name, dispatcher: createDispatcher({ senders: pick((c) => lane.channels.includes(c)), ...(lane.batchSize ? { batchSize: lane.batchSize } : {}) }) })),
  };
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export function createNotifyService({ db, clock, config, logger, senders = {}, housekeeping = [], lanes = [] }: NotifyServiceDeps) {
  const email = createEmailSender({ db, smtpUrl: config.SMTP_URL, from: config.MAIL_FROM });
  // SMS (Twilio) and web push, when configured (core/notify/channels.ts).
  // Someone newly reachable (a number verified, START, a push device) gets the reminders of meetings already booked.
  const channels = createNotificationChannels({ db, clock, config, replan: (trx, who) => replanNoticesFor(trx, reminders, who) });
  // Unsubscribe links are signed with a key derived from the server secret (a random one without it).
  const unsubscribe = unsubscribeKey(config.jwtSecret ?? randomUUID());
  const { publicUrl } = config;
  const reminders = { clock, publicUrl, maxAttempts: config.OUTBOX_MAX_ATTEMPTS, unsubscribeKey: unsubscribe, viewSecret: config.jwtSecret, channels: { has: (c: string) => c === 'email' || c in senders || c in channels.senders } };
  const notifier = combineNotifiers(
    createOutboxNotifier({ clock, publicUrl, maxAttempts: config.OUTBOX_MAX_ATTEMPTS, viewSecret: config.jwtSecret, decorate: createEmailPreferenceFilter({ publicUrl, unsubscribeKey: unsubscribe }) }),
    // Reminders and follow-ups (core/notify/reminders): planned, moved and withdrawn with the booking change.
    createReminderNotifier(reminders),
  );
  const allSenders = (): Record<string, ChannelSender> => ({ ...channels.senders, ...senders, email: email.send });
  const createDispatcher = (overrides: Partial<CreateOutboxDispatcherOptions> = {}) => createOutboxDispatcher({ db, clock, logger, senders: allSenders(), ...overrides });
  let scheduler: OutboxScheduler | null = null;

  return {
    notifier,
    /** Preferences, unsubscribe links, reminder and follow-up rules. */
    settings: createNotificationSettings({ db, clock, unsubscribeKey: unsubscribe, replan: (trx, who) => replanNoticesFor(trx, reminders, who) }),
    /** The one-click unsubscribe link of an address and kind, for e-mails queued outside the booking notifier (host invitations). */
    unsubscribeUrl: (target: UnsubscribeTarget) => unsubscribeUrl(publicUrl, unsubscribe, target),
    /** Phone numbers and Twilio callbacks (sms), push subscriptions (push). */
    sms: channels.sms,
    push: channels.push,
    /** Monday 08:00 local summaries (core/notify/summary), run by workers beside PERIODIC_JOBS. */
    weeklySummaryJob: weeklySummaryJob({ clock, publicUrl, unsubscribeKey: unsubscribe, maxAttempts: config.OUTBOX_MAX_ATTEMPTS }),
    /** Plans again the notices of a person whose reach changed (a chat account linked), inside `trx`. */
    replan: (trx: Knex.Transaction, who: NoticeRecipients) => replanNoticesFor(trx, reminders, who),
    /** Where e-mail goes: 'smtp' (SMTP_URL) or 'dev_mailbox'. */
    mailTransport: email.transport,
    createDispatcher,

    /** Starts the scheduled dispatchers (the main one and the lanes, every OUTBOX_POLL_MS) and the housekeeping jobs. */
    async startDispatcher(): Promise<OutboxScheduler> {
      scheduler ??= await startOutboxScheduler({ ...lanedDispatchers(createDispatcher, allSenders(), lanes), intervalMs: config.OUTBOX_POLL_MS, logger, housekeeping });
      return scheduler;
    },

    /**
     * Dispatches `channel` now (its lane's loop, else the main one), or without a channel every
     * loop (a change that queued rows of several channels, e-mails and calendar writes alike), if
     * this process runs the dispatcher (a worker or `all`); elsewhere a worker's poll finds the work.
     */
    wakeDispatcher(channel?: string): void {
      if (!scheduler) return;
      const jobs = channel === undefined ? [OUTBOX_DISPATCH_JOB, ...lanes.map((lane) => lane.name)] : [lanes.find((lane) => lane.channels.includes(channel))?.name ?? OUTBOX_DISPATCH_JOB];
      for (const job of jobs) void scheduler.tick(job);
    },

    async stopDispatcher(): Promise<void> {
      const s = scheduler;
      scheduler = null;
      if (s) await s.stop();
      email.close();
    },

    /** Outbox rows, newest first (admin view). */
    async listOutbox(options: { status?: OutboxStatus; limit?: number } = {}): Promise<OutboxEntry[]> {
      const q = db('outbox').select('outbox.*', ...outboxViewColumns(db)).orderBy('created_at', 'desc').orderBy('id').limit(options.limit ?? 100);
      if (options.status) q.where({ status: options.status });
      const rows = await q;
      return (rows as Array<OutboxRow & OutboxViewRow>).map((r) => {
        const { to, subject, heldBack } = recipientOf(r);
        return {
          id: r.id,
          channel: r.channel,
          idempotencyKey: r.idempotency_key,
          status: r.status,
          attempts: r.attempts,
          maxAttempts: r.max_attempts,
          nextAttemptAt: iso(r.next_attempt_at)!,
          lastError: r.last_error ?? heldBack,
          bookingId: r.booking_id,
          to,
          subject,
          createdAt: iso(r.created_at)!,
          sentAt: iso(r.sent_at),
        };
      });
    },

    /** Mail in the dev mailbox, newest first: to `email` only, or all when `email` is null (admins). */
    async listMail(options: { email: string | null; limit?: number }): Promise<MailEntry[]> {
      const q = db('dev_mailbox').orderBy('id', 'desc').limit(options.limit ?? 50);
      if (options.email !== null) q.whereRaw('lower("to") = ?', [options.email.toLowerCase()]);
      const rows = await q;
      return (rows as DevMailRow[]).map((r) => ({ id: r.id, messageId: r.message_id, to: r.to, subject: r.subject, text: r.text, hasInvite: Boolean(r.ics), createdAt: iso(r.created_at)! }));
    },
  };
}

export type NotifyService = ReturnType<typeof createNotifyService>;
