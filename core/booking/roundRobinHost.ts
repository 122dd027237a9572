/**
 * Picks the host of a round-robin booking from the hosts free for the slot, by team priority,
 * weight and each host's bookings of the event type in the last 30 days.
 */
import type { Knex } from 'knex';
import { pickRoundRobinHost, type RoundRobinCandidate } from '../availability/index.js';
import { DAY_MS } from '../time/units.js';
import { loadMemberSettings, type EventTypeRow } from './records.js';

/** Each free host's priority, weight and recent bookings of the event type. */
async function roundRobinCandidates(db: Knex, eventType: EventTypeRow, hostIds: string[], now: Date): Promise<RoundRobinCandidate[]> {
  const settings = await loadMemberSettings(db, eventType.team_id, hostIds);
  const { rows } = await db.raw<{ rows: Array<{ user_id: string; recent: number | string; last: Date | null }> }>(
    `SELECT bh.user_id, count(*) FILTER (WHERE b.created_at >= ?) AS recent, max(b.created_at) AS last
       FROM booking_hosts bh JOIN bookings b ON b.id = bh.booking_id
      WHERE bh.user_id = ANY(?::uuid[]) AND b.event_type_id = ? AND b.status NOT IN ('canceled', 'rejected')
      GROUP BY bh.user_id`,
    [new Date(now.getTime() - 30 * DAY_MS), hostIds, eventType.id],
  );
  const stats = new Map(rows.map((r) => [r.user_id, r]));
  return hostIds.map((hostId) => {
    const stat = stats.get(hostId);
    const setting = settings.get(hostId) ?? { priority: 0, weight: 100 };
    return { hostId, priority: setting.priority, weight: setting.weight, recentBookings: Number(stat?.recent ?? 0), lastBookedAt: stat?.last ? new Date(stat.last).getTime() : null };
  });
}

/** The host who gets the booking, and why (stored as the booking's assignment reason). */
export async function assignRoundRobinHost(db: Knex, eventType: EventTypeRow, freeHostIds: string[], now: Date): Promise<{ hostId: string; reason: string }> {
  const pick = pickRoundRobinHost(await roundRobinCandidates(db, eventType, freeHostIds, now));
  return { hostId: pick.hostId, reason: `round robin: ${pick.reason}` };
}
