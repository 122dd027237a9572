import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { CALENDAR_WRITE_CHANNEL, createCalendarNotifier } from './calendars/outbound.js';
import { createSecretBox } from './calendars/secretBox.js';
import { calendarSettingsFrom, createCalendarService } from './calendars/service.js';
import { purgeOAuthFlows } from './calendars/oauth.js';
import { purgePushDeliveries } from './calendars/pushes.js';
import { CALENDAR_SYNC_CHANNEL, purgeFinishedSyncs } from './calendars/syncQueue.js';
import type { ChannelSender } from './notify/dispatcher.js';
import { combineNotifiers } from './notify/types.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import type { AvailabilityCache } from './cache/availabilityCache.js';
import { authServiceConfig, createAuthService } from './auth/service.js';
import { createChatAccountService } from './chat/accounts.js';
import { createBookingService, createSchedulingService } from './booking/index.js';
import { purgeExpiredIdempotencyKeys } from './booking/idempotency.js';
import { purgeHostRefusals } from './booking/hostInvitationCooldown.js';
import { HOUR_MS, MINUTE_MS } from './time/units.js';
import { createWaitlistService, waitlistSeatFreer, waitlistSessionFollower } from './waitlist/index.js';
import { DomainError } from './errors.js';
import { createBookingPageService } from './bookingPage/service.js';
import { createSiteService } from './site/service.js';
import { createIntelligenceService } from './intelligence/service.js';
import { createRepairService } from './repair/service.js';
import { createFeedService } from './feeds/service.js';
import { createNotifyService } from './notify/service.js';
import type { UnsubscribeTarget } from './notify/preferences/unsubscribe.js';
import { createRequestService } from './requests/index.js';
import type { PubSub } from './cache/pubsub.js';
import { createActivityNotifier } from './notify/activity.js';
import { createInboxService } from './notify/inbox/service.js';
import { createWebhookService } from './webhooks/service.js';
import { createAdminService } from './admin/service.js';
import { createAnalyticsService } from './analytics/service.js';
import { createLoginThrottle } from './auth/throttle.js';
import { createPaymentService } from './payments/service.js';
import { paymentSettingsFrom } from './payments/settings.js';
import { paymentEventData } from './payments/paymentEvents.js';
import { createBillingService } from './billing/service.js';
import { createRoutingService } from './routing/service.js';
import { routingNotifier } from './routing/responses.js';
import { createSpamService } from './spam/service.js';
import { createSummaryService } from './summaries/service.js';
import { createConferencingService } from './conferencing/service.js';
import { conferencingNotifier } from './conferencing/locations.js';
import { InvalidParseOptionsError, createLlmClientFromEnv, createLlmParser, parseRequestWithLlm, type Intent } from './nlp/index.js';

export interface CoreDeps {
  db: Knex;
  clock: Clock;
  config: Config & { jwtSecret: string; encryptionKey?: Buffer };
  logger: Logger;
  /** The availability cache (Redis); without it every slot query computes. */
  slotCache?: AvailabilityCache;
  /** The read replica (DATABASE_READ_URL) for availability reads. */
  readDb?: Knex;
  /** Pub/sub shared with the API processes (Redis) for live notifications; in-process when absent. */
  pubsub?: PubSub;
}

/** How long a webhook delivery is retried before its subscription is disabled. */
export const WEBHOOK_RETRY_MS = 24 * HOUR_MS;

/** Every core service, built once per process from the same dependencies. */
export function createServices(deps: CoreDeps) {
  const { db, clock, config } = deps;
  const auth = createAuthService({ db, clock, config: authServiceConfig(config, config.jwtSecret) });
  const nlp = createNlpService(deps);
  // A chat account linked after booking gets the chat reminders of the meetings already booked (notify is built below).
  const chatAccounts = createChatAccountService({ db, clock, onLinked: (trx, userId) => notify.replan(trx, { userIds: [userId], emails: [] }) });
  const billing = createBillingService({ db, clock, config, logger: deps.logger });
  // Paid event types ask the payment service (built below, with the notifier) whether their provider is configured.
  const paidEventTypes = { requirePaidEventTypeAllowed: (provider: 'stripe' | 'paypal') => payments.requirePaidEventTypeAllowed(provider) };
  // Changed working hours: conflict repair (built below) proposes new times for bookings that no longer fit.
  const onScheduleChanged = (userId: string) => repairs.repairHostBookings(userId, 'the host changed their working hours');
  const inbox = createInboxService({ db, clock, pubsub: deps.pubsub });
  // Invitation e-mails carry the same signed unsubscribe links as every other notice (notify is built below).
  const notices = { inbox: inbox.writer, maxAttempts: config.OUTBOX_MAX_ATTEMPTS, publicUrl: config.publicUrl, unsubscribeUrl: (target: UnsubscribeTarget) => notify.unsubscribeUrl(target) };
  const scheduling = createSchedulingService({ db, clock, logger: deps.logger, slotCache: deps.slotCache, readDb: deps.readDb, payments: paidEventTypes, plans: billing.plans, onScheduleChanged, onHostLeftTeam: (userId, teamId) => repairs.repairAfterHostLeft(userId, teamId), notices });
  const senders: Record<string, ChannelSender> = {};
  const housekeeping = [{ name: 'idempotency-keys-purge', intervalMs: HOUR_MS, runAtStart: true, run: () => purgeExpiredIdempotencyKeys(db, clock.now()) }];
  // A decline or leave holds back new host invitations for a week; older records are dropped.
  housekeeping.push({ name: 'host-refusals-purge', intervalMs: HOUR_MS, runAtStart: true, run: () => purgeHostRefusals(db, clock.now()) });
  // Unpaid holds end within half a minute of their expiry, on whichever worker runs the dispatcher.
  housekeeping.push({ name: 'payment-holds-expire', intervalMs: 30_000, runAtStart: true, run: () => payments.expireDueHolds() });
  // Calendar syncs and calendar writes each run in a loop of their own, one row per claim: a long sync, or a write waiting
  // (up to 20 s) for its write claim or on a slow provider, delays no e-mail, reminder or webhook, nor another worker's rows.
  const lanes = [
    { name: 'calendar-sync-dispatch', channels: [CALENDAR_SYNC_CHANNEL], batchSize: 1 },
    { name: 'calendar-write-dispatch', channels: [CALENDAR_WRITE_CHANNEL], batchSize: 1 },
  ];
  const notify = createNotifyService({ db, clock, config, logger: deps.logger, senders, housekeeping, lanes });
  const settings = calendarSettingsFrom(config);
  const notifier = combineNotifiers(notify.notifier, createCalendarNotifier({ clock, settings }), createActivityNotifier({ clock, inbox: inbox.writer, retryForMs: WEBHOOK_RETRY_MS }), routingNotifier(), conferencingNotifier({ clock, maxAttempts: config.OUTBOX_MAX_ATTEMPTS }), waitlistSessionFollower({ clock, maxAttempts: config.OUTBOX_MAX_ATTEMPTS }));
  // Without a key (a test building services directly) tokens are sealed with a key that lives as long as the process.
  const box = createSecretBox(config.encryptionKey ?? randomBytes(32));
  const payments = createPaymentService({ db, clock, settings: paymentSettingsFrom(config), notifier, box, logger: deps.logger, inbox: inbox.writer, maxAttempts: config.OUTBOX_MAX_ATTEMPTS });
  billing.registerWebhookHandlers(payments.webhooks);
  senders.payment_refund = payments.refundSender;
  senders.payment_checkout_close = payments.checkoutCloser;
  const waitlistDeps = { db, clock, notifier, holdMinutes: config.WAITLIST_HOLD_MINUTES, publicUrl: config.publicUrl, maxAttempts: config.OUTBOX_MAX_ATTEMPTS, manageSecret: config.jwtSecret };
  const waitlist = createWaitlistService(waitlistDeps);
  housekeeping.push({ name: 'waitlist-offers-expire', intervalMs: MINUTE_MS, runAtStart: true, run: () => waitlist.expireOffers() });
  const booking = createBookingService({ db, clock, logger: deps.logger, notifier, box, payments: payments.bookingHooks, manageSecret: config.jwtSecret, freeSeat: waitlistSeatFreer(waitlistDeps) });
  // Conflict repair: a sync that finds an outside event over a booking proposes other times to its invitees.
  const repairs = createRepairService({ db, clock, notifier, secret: config.jwtSecret, publicUrl: config.publicUrl, outboxMaxAttempts: config.OUTBOX_MAX_ATTEMPTS, chat: Boolean(config.SLACK_BOT_TOKEN || config.DISCORD_TOKEN), rescheduleIn: (trx, id, start, actor) => booking.rescheduleBookingIn(trx, id, { start }, actor) });
  // A push queues its calendar's sync and wakes this process's dispatcher of syncs, if it runs one (role worker or all); else a worker's poll finds it.
  const calendars = createCalendarService({ db, clock, logger: deps.logger, box, settings, notifier, bookings: booking, payments: payments.bookingHooks, repairs, syncQueued: () => notify.wakeDispatcher(CALENDAR_SYNC_CHANNEL) });
  senders[CALENDAR_WRITE_CHANNEL] = calendars.sender;
  senders.calendar_sync = calendars.syncSender;
  housekeeping.push({ name: 'calendar-syncs-purge', intervalMs: HOUR_MS, runAtStart: true, run: () => purgeFinishedSyncs(db, clock.now()) });
  housekeeping.push({ name: 'calendar-push-deliveries-purge', intervalMs: HOUR_MS, runAtStart: true, run: () => purgePushDeliveries(db, clock.now()) });
  housekeeping.push({ name: 'calendar-connect-attempts-purge', intervalMs: HOUR_MS, runAtStart: true, run: () => purgeOAuthFlows(db, clock.now()) });
  const webhooks = createWebhookService({ db, clock, box, policy: { allowPrivate: config.WEBHOOK_ALLOW_PRIVATE_URLS }, timeoutMs: config.WEBHOOK_TIMEOUT_MS, retryForMs: WEBHOOK_RETRY_MS, inbox: inbox.writer, maxAttempts: config.OUTBOX_MAX_ATTEMPTS });
  linkPaymentsToBilling(payments, billing, webhooks, clock);
  senders.webhook = webhooks.sender;
  housekeeping.push({ name: 'webhook-events-purge', intervalMs: HOUR_MS, runAtStart: true, run: () => webhooks.purgeEvents(config.WEBHOOK_EVENTS_RETENTION_DAYS) });
  const feeds = createFeedService({ db, clock, publicUrl: config.publicUrl, viewSecret: config.jwtSecret });
  const bookingPage = createBookingPageService({ db });
  const requests = createRequestService({ db, clock, nlp, scheduling, booking });
  const admin = createAdminService({ db, clock, booking, throttle: createLoginThrottle({ maxFailures: config.LOGIN_MAX_FAILURES, lockMinutes: config.LOGIN_LOCK_MINUTES }) });
  const spam = createSpamService({ db, clock, config, booking });
  const analytics = createAnalyticsService({ db: deps.readDb ?? db, writeDb: db, clock, logger: deps.logger });
  const llm = llmConfigOf(config);
  const routing = createRoutingService({ db, clock, llm, logger: deps.logger, publicUrl: config.publicUrl });
  const summaries = createSummaryService({ db, clock, llm, logger: deps.logger, publicUrl: config.publicUrl, maxAttempts: config.OUTBOX_MAX_ATTEMPTS });
  const intelligence = createIntelligenceService({ db: deps.readDb ?? db, clock });
  const conferencing = createConferencingService({ db, clock, config, notifier });
  senders.conference = conferencing.conferenceSender;
  senders.recording_copy = conferencing.recordingCopySender;
  const site = createSiteService({ db, clock, plans: billing.plans });
  return { site, intelligence, repairs, routing, summaries, conferencing, auth, nlp, chatAccounts, scheduling, booking, notify, feeds, bookingPage, calendars, requests, inbox, webhooks, admin, analytics, payments, billing, waitlist, spam };
}

/**
 * What payments tell billing and the host's webhooks, inside their own transactions: promo codes
 * price the hold; a confirmed payment issues the invoice and its receipt and is announced; an
 * unpaid hold gives its promo use back; a refund issues its credit note and is announced.
 */
function linkPaymentsToBilling(payments: ReturnType<typeof createPaymentService>, billing: ReturnType<typeof createBillingService>, webhooks: ReturnType<typeof createWebhookService>, clock: Clock): void {
  // Promo codes price the hold; a confirmed payment issues the invoice and its receipt (core/billing).
  payments.extensions.priceAdjusters.push(async (trx, quote) => {
    if (!quote.promoCode) return null;
    const promo = await billing.redeemPromoCode(trx, { code: quote.promoCode, eventTypeId: quote.eventTypeId, bookingId: quote.bookingId, now: clock.now() });
    return { amountMinor: promo.amountDueMinor, discountMinor: promo.discountMinor, promoCode: promo.code };
  });
  payments.extensions.paidListeners.push(async (trx, payment) => {
    await billing.issueInvoice(trx, { bookingId: payment.booking_id, amountMinor: payment.amount_minor, currency: payment.currency, paymentRef: payment.payment_ref });
  });
  // An unpaid hold that ends (expired, failed, canceled) gives its promo use back.
  payments.extensions.unpaidListeners.push(async (trx, payment) => {
    await billing.releasePromoRedemption(trx, payment.booking_id);
  });
  // The host's outgoing webhooks hear of each payment once (the confirming transaction runs once) and of each refund.
  payments.extensions.paidListeners.push(async (trx, payment) => {
    if (payment.host_user_id) await webhooks.recordEvent(trx, { userId: payment.host_user_id, type: 'payment.succeeded', data: paymentEventData(payment), bookingId: payment.booking_id });
  });
  // A refund of an invoiced payment the provider has taken issues its credit note (and e-mails it to the buyer) in the transaction that records it.
  payments.extensions.refundedListeners.push(async (trx, payment, refund) => {
    await billing.issueCreditNote(trx, { bookingId: payment.booking_id, refundId: refund.id, amountMinor: refund.amountMinor, currency: payment.currency, reason: refund.reason });
  });
  payments.extensions.refundListeners.push(async (trx, payment, refund) => {
    if (payment.host_user_id) await webhooks.recordEvent(trx, { userId: payment.host_user_id, type: 'payment.refunded', data: paymentEventData(payment, refund), bookingId: payment.booking_id });
  });
  payments.extensions.refundFailedListeners.push(async (trx, payment, refund) => {
    if (payment.host_user_id) await webhooks.recordEvent(trx, { userId: payment.host_user_id, type: 'payment.refund_failed', data: paymentEventData(payment, refund), bookingId: payment.booking_id });
  });
}

/** The OpenAI-compatible client of OPENAI_*, or null when none is configured. */
function llmConfigOf(config: Config) {
  return createLlmClientFromEnv({
    OPENAI_API_KEY: config.OPENAI_API_KEY,
    OPENAI_BASE_URL: config.OPENAI_BASE_URL,
    OPENAI_MODEL: config.OPENAI_MODEL,
    OPENAI_TIMEOUT_MS: String(config.OPENAI_TIMEOUT_MS),
  });
}

/** Natural-language requests: the rule parser, plus the LLM when one is configured. */
function createNlpService({ config, clock, logger }: CoreDeps) {
  const llmConfig = llmConfigOf(config);
  const llm = llmConfig ? createLlmParser({ ...llmConfig, logger }) : null;
  return {
    llmConfigured: Boolean(llm),
    /** Throws validation_failed for an unknown zone or an unreadable `now`. */
    async parse(text: string, options: { timezone: string; now?: string; locale?: string }): Promise<Intent> {
      try {
        return await parseRequestWithLlm(text, { timezone: options.timezone, now: options.now ?? clock.now().toISOString(), locale: options.locale }, llm);
      } catch (error) {
        if (error instanceof InvalidParseOptionsError) throw new DomainError('validation_failed', error.message, { errors: [{ field: 'timezone', message: error.message }] });
        throw error;
      }
    },
  };
}

export type Services = ReturnType<typeof createServices>;
