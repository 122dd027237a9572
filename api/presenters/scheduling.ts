import type { EventTypeDetails, HostInvitation, HostedEventType, ScheduleDetails, SlotDetails, SlotList, TeamDetails } from '../../core/booking/types.js';

export function presentSchedule(schedule: ScheduleDetails) {
  return { timezone: schedule.timezone, weekly: schedule.weekly, overrides: schedule.overrides, saved: schedule.saved };
}

/** Slots; `withHosts` adds the usernames free for each slot (round robin, collective). */
export function presentSlotList(list: SlotList, withHosts: boolean) {
  const seats = (s: SlotDetails) => (s.seatsTotal !== undefined ? { seatsTotal: s.seatsTotal, seatsLeft: s.seatsLeft } : {});
  const smart = (s: SlotDetails) => (s.score !== undefined ? { score: s.score, reasons: s.reasons ?? [] } : {});
  const slot = (s: SlotDetails) => (withHosts ? { start: s.start, end: s.end, hosts: s.hosts, ...seats(s), ...smart(s) } : { start: s.start, end: s.end, ...seats(s), ...smart(s) });
  return { timezone: list.timezone, slots: list.slots.map(slot), ...(list.full ? { full: list.full.map(slot) } : {}), ...(list.awaitingHosts ? { awaitingHosts: true } : {}) };
}

/** A host invitation as its invitee sees it; a declined one says from when the owner may invite them again. */
export function presentHostInvitation(i: HostInvitation) {
  return { id: i.id, status: i.status, eventType: presentHostedEventType(i.eventType), createdAt: i.createdAt, ...(i.reinviteAllowedAt ? { reinviteAllowedAt: i.reinviteAllowedAt } : {}) };
}

/** Someone's personal event type as an invited user or a co-host sees it. */
export function presentHostedEventType(e: HostedEventType) {
  return { id: e.id, slug: e.slug, title: e.title, kind: e.kind, durationMinutes: e.durationMinutes, owner: { username: e.owner.username, name: e.owner.name } };
}

export function presentEventType(e: EventTypeDetails) {
  return {
    id: e.id,
    slug: e.slug,
    title: e.title,
    description: e.description,
    kind: e.kind,
    durationMinutes: e.durationMinutes,
    bufferBeforeMinutes: e.bufferBeforeMinutes,
    bufferAfterMinutes: e.bufferAfterMinutes,
    minimumNoticeMinutes: e.minimumNoticeMinutes,
    slotStepMinutes: e.slotStepMinutes,
    maxDaysAhead: e.maxDaysAhead,
    dailyLimit: e.dailyLimit,
    requiresApproval: e.requiresApproval,
    requiresApprovalForNewInvitees: e.requiresApprovalForNewInvitees,
    pendingHoldsSlot: e.pendingHoldsSlot,
    conflictRepair: e.conflictRepair,
    location: e.location,
    isPublic: e.isPublic,
    allowsSeries: e.allowsSeries,
    seriesMaxOccurrences: e.seriesMaxOccurrences,
    seats: e.seats ?? null,
    owner: e.owner,
    team: e.team,
    hosts: e.hosts.map((h) => h.username),
    pendingHosts: e.pendingHosts.map((h) => h.username),
    price: e.price,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  };
}

export function presentTeam(t: TeamDetails) {
  return { id: t.id, slug: t.slug, name: t.name, members: t.members.map((m) => ({ username: m.username, name: m.name, role: m.role, priority: m.priority, weight: m.weight })) };
}
