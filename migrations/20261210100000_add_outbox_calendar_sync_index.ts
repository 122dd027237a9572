import type { Knex } from 'knex';

// Calendar syncs queued by pushes (core/calendars/syncQueue.ts) are looked up by calendar while
// pending: a push joins the one waiting, and the dispatcher holds one back while another of the
// same calendar runs. Pending rows also hold every future reminder, so they are indexed apart.
export async function up(knex: Knex): Promise<void> {
  await knex.raw("CREATE INDEX outbox_pending_calendar_syncs ON outbox ((payload->>'calendarId')) WHERE status = 'pending' AND channel = 'calendar_sync'");
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX outbox_pending_calendar_syncs');
}
