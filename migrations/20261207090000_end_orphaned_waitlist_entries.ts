import type { Knex } from 'knex';

// Before 20261206090000 a host's cancel of a group session left its line waiting: nothing ended the
// entries, and a session later booked at the same time would have offered its seats to them. The
// current code ends such a line as `canceled` (core/waitlist/followSession.ts); this ends the old ones.
// Recognised only where it is certain:
// - an offer whose own session (booking_id) is canceled: the seat it held belongs to that session,
//   so no seat of a live session stays held by an ended offer;
// - a waiting entry (it holds no seat and names no session) whose time has a canceled session of
//   its event type and no open one: there is nothing at that time for it to wait for.
// Nobody is e-mailed: the session was canceled long ago, and a migration sends nothing.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`UPDATE waitlist_entries w SET status = 'canceled', updated_at = now()
    WHERE (w.status = 'offered' AND EXISTS (SELECT 1 FROM bookings b WHERE b.id = w.booking_id AND b.status = 'canceled'))
       OR (w.status = 'waiting'
           AND EXISTS (SELECT 1 FROM bookings b WHERE b.event_type_id = w.event_type_id AND b.start_at = w.start_at AND b.seats_total IS NOT NULL AND b.status = 'canceled')
           AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.event_type_id = w.event_type_id AND b.start_at = w.start_at AND b.seats_total IS NOT NULL AND b.status IN ('pending', 'scheduled')))`);
}

// The entries ended here cannot be told from those the code ended since, and `canceled` is true of
// both: they stay ended (20261206090000's down turns every `canceled` into `left`).
export async function down(): Promise<void> {}
