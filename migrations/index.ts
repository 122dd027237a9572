import type { Knex } from 'knex';
import * as createAccounts from './20261124000100_create_accounts.js';
import * as createScheduling from './20261124000200_create_scheduling.js';
import * as createNotifications from './20261124000300_create_notifications.js';
import * as addOutboxLockOwner from './20261124001000_add_outbox_lock_owner.js';
import * as createChatProposals from './20261124020000_create_chat_proposals.js';
import * as addEmailVerification from './20261130020000_add_email_verification.js';
import * as addSessionGeneration from './20261130021000_add_session_generation.js';
import * as createCalendarConnections from './20261130040000_create_calendar_connections.js';
import * as createJobRuns from './20261130050000_create_job_runs.js';
import * as createHostDataVersions from './20261130050100_create_host_data_versions.js';
import * as createMeetingRequests from './20261130070000_create_meeting_requests.js';
import * as createPayments from './20261201040000_create_payments.js';
import * as createBilling from './20261201050000_create_billing.js';
import * as createWebhooksAndInbox from './20261201070000_create_webhooks_and_inbox.js';
import * as teamRoles from './20261201030000_team_roles.js';
import * as addMeetingLimits from './20261201030100_add_meeting_limits.js';
import * as createOAuthCodes from './20261201090000_create_oauth_codes.js';
import * as createBookingSeries from './20261201020000_create_booking_series.js';
import * as createAuditLog from './20261201080000_create_audit_log.js';
import * as addAnalyticsIndexes from './20261201080100_add_analytics_indexes.js';
import * as createFunnelEvents from './20261201080200_create_funnel_events.js';
import * as createReminders from './20261201060000_create_reminders.js';
import * as addOutboxRequestId from './20261201090100_add_outbox_request_id.js';
import * as addSeatsAndWaitlist from './20261201010000_add_seats_and_waitlist.js';
import * as createRoutingForms from './20261202150000_create_routing_forms.js';
import * as createSpamDefence from './20261202110000_create_spam_defence.js';
import * as addAnalyticsCoveringIndexes from './20261202110100_add_analytics_covering_indexes.js';
import * as addWebhookEventsCreatedIndex from './20261202110200_add_webhook_events_created_index.js';
import * as addBookingHostIds from './20261203100000_add_booking_host_ids.js';
import * as addUserMeetingPreferences from './20261202140000_add_user_meeting_preferences.js';
import * as createRepairProposals from './20261202140100_create_repair_proposals.js';
import * as createMeetingSummaries from './20261202150100_create_meeting_summaries.js';
import * as addBrandingEmbedsSeo from './20261202130000_add_branding_embeds_seo.js';
import * as addBookingVersion from './20261202120000_add_booking_version.js';
import * as createConferencing from './20261202150200_create_conferencing.js';
import * as createChatMessageDeliveries from './20261203130000_create_chat_message_deliveries.js';
import * as addOutboxSeq from './20261204090000_add_outbox_seq.js';
import * as addPlanSubscriptionEventOrder from './20261204090100_add_plan_subscription_event_order.js';
import * as addRefreshTokenClientId from './20261204110000_add_refresh_token_client_id.js';
import * as addCalendarSeenUntil from './20261205090000_add_calendar_seen_until.js';
import * as addCanceledWaitlistStatus from './20261206090000_add_canceled_waitlist_status.js';
import * as endOrphanedWaitlistEntries from './20261207090000_end_orphaned_waitlist_entries.js';
import * as contestedCustomDomains from './20261208090000_contested_custom_domains.js';
import * as addPaymentRefundWindowClosed from './20261208100000_add_payment_refund_window_closed.js';
import * as addCalendarExpandedUntil from './20261209090000_add_calendar_expanded_until.js';
import * as bindCalendarOAuthToBrowser from './20261210090000_bind_calendar_oauth_to_browser.js';
import * as respellTimeZones from './20261210093000_respell_time_zones.js';
import * as addOutboxCalendarSyncIndex from './20261210100000_add_outbox_calendar_sync_index.js';
import * as createCalendarWriteClaims from './20261210110000_create_calendar_write_claims.js';
import * as addCalendarPushDeliveriesCreatedIndex from './20261211090000_add_calendar_push_deliveries_created_index.js';
import * as createEventTypeHostInvitations from './20261211094500_create_event_type_host_invitations.js';
import * as addCalendarSyncClaims from './20261211100000_add_calendar_sync_claims.js';
import * as addCalendarGrantVersion from './20261211110000_add_calendar_grant_version.js';
import * as createEventTypeHostRefusals from './20261212100000_create_event_type_host_refusals.js';
import * as addHostInvitationNotificationKind from './20261212101000_add_host_invitation_notification_kind.js';
import * as narrowCalendarVersionBumps from './20261212120000_narrow_calendar_version_bumps.js';
import * as respellJsonTimeZones from './20261212123000_respell_json_time_zones.js';
import * as addPaymentProcessingSince from './20261212130000_add_payment_processing_since.js';
import * as createCreditNotes from './20261212140000_create_credit_notes.js';
import * as addRefundFailure from './20261212150000_add_refund_failure.js';

/** Every migration, in order. A landed migration is never edited: add a new one. */
export const migrations: Array<{ name: string } & Knex.Migration> = [
  { name: '20261124000100_create_accounts', ...createAccounts },
  { name: '20261124000200_create_scheduling', ...createScheduling },
  { name: '20261124000300_create_notifications', ...createNotifications },
  { name: '20261124001000_add_outbox_lock_owner', ...addOutboxLockOwner },
  { name: '20261124020000_create_chat_proposals', ...createChatProposals },
  { name: '20261130020000_add_email_verification', ...addEmailVerification },
  { name: '20261130021000_add_session_generation', ...addSessionGeneration },
  { name: '20261130040000_create_calendar_connections', ...createCalendarConnections },
  { name: '20261130050000_create_job_runs', ...createJobRuns },
  { name: '20261130050100_create_host_data_versions', ...createHostDataVersions },
  { name: '20261130070000_create_meeting_requests', ...createMeetingRequests },
  { name: '20261201040000_create_payments', ...createPayments },
  { name: '20261201050000_create_billing', ...createBilling },
  { name: '20261201070000_create_webhooks_and_inbox', ...createWebhooksAndInbox },
  { name: '20261201030000_team_roles', ...teamRoles },
  { name: '20261201030100_add_meeting_limits', ...addMeetingLimits },
  { name: '20261201090000_create_oauth_codes', ...createOAuthCodes },
  { name: '20261201020000_create_booking_series', ...createBookingSeries },
  { name: '20261201080000_create_audit_log', ...createAuditLog },
  { name: '20261201080100_add_analytics_indexes', ...addAnalyticsIndexes },
  { name: '20261201080200_create_funnel_events', ...createFunnelEvents },
  { name: '20261201060000_create_reminders', ...createReminders },
  { name: '20261201090100_add_outbox_request_id', ...addOutboxRequestId },
  { name: '20261201010000_add_seats_and_waitlist', ...addSeatsAndWaitlist },
  { name: '20261202150000_create_routing_forms', ...createRoutingForms },
  { name: '20261202110000_create_spam_defence', ...createSpamDefence },
  { name: '20261202140000_add_user_meeting_preferences', ...addUserMeetingPreferences },
  { name: '20261202150100_create_meeting_summaries', ...createMeetingSummaries },
  { name: '20261202130000_add_branding_embeds_seo', ...addBrandingEmbedsSeo },
  { name: '20261202120000_add_booking_version', ...addBookingVersion },
  { name: '20261202110100_add_analytics_covering_indexes', ...addAnalyticsCoveringIndexes },
  { name: '20261202140100_create_repair_proposals', ...createRepairProposals },
  { name: '20261202150200_create_conferencing', ...createConferencing },
  { name: '20261202110200_add_webhook_events_created_index', ...addWebhookEventsCreatedIndex },
  { name: '20261203100000_add_booking_host_ids', ...addBookingHostIds },
  { name: '20261203130000_create_chat_message_deliveries', ...createChatMessageDeliveries },
  { name: '20261204090000_add_outbox_seq', ...addOutboxSeq },
  { name: '20261204090100_add_plan_subscription_event_order', ...addPlanSubscriptionEventOrder },
  { name: '20261204110000_add_refresh_token_client_id', ...addRefreshTokenClientId },
  { name: '20261205090000_add_calendar_seen_until', ...addCalendarSeenUntil },
  { name: '20261206090000_add_canceled_waitlist_status', ...addCanceledWaitlistStatus },
  { name: '20261207090000_end_orphaned_waitlist_entries', ...endOrphanedWaitlistEntries },
  { name: '20261208090000_contested_custom_domains', ...contestedCustomDomains },
  { name: '20261208100000_add_payment_refund_window_closed', ...addPaymentRefundWindowClosed },
  { name: '20261209090000_add_calendar_expanded_until', ...addCalendarExpandedUntil },
  { name: '20261210090000_bind_calendar_oauth_to_browser', ...bindCalendarOAuthToBrowser },
  { name: '20261210093000_respell_time_zones', ...respellTimeZones },
  { name: '20261210100000_add_outbox_calendar_sync_index', ...addOutboxCalendarSyncIndex },
  { name: '20261210110000_create_calendar_write_claims', ...createCalendarWriteClaims },
  { name: '20261211090000_add_calendar_push_deliveries_created_index', ...addCalendarPushDeliveriesCreatedIndex },
  { name: '20261211094500_create_event_type_host_invitations', ...createEventTypeHostInvitations },
  { name: '20261211100000_add_calendar_sync_claims', ...addCalendarSyncClaims },
  { name: '20261211110000_add_calendar_grant_version', ...addCalendarGrantVersion },
  { name: '20261212100000_create_event_type_host_refusals', ...createEventTypeHostRefusals },
  { name: '20261212101000_add_host_invitation_notification_kind', ...addHostInvitationNotificationKind },
  { name: '20261212120000_narrow_calendar_version_bumps', ...narrowCalendarVersionBumps },
  { name: '20261212123000_respell_json_time_zones', ...respellJsonTimeZones },
  { name: '20261212130000_add_payment_processing_since', ...addPaymentProcessingSince },
  { name: '20261212140000_create_credit_notes', ...createCreditNotes },
  { name: '20261212150000_add_refund_failure', ...addRefundFailure },
];
