/**
 * The booking page's link funnel: page view → slot list viewed → slot picked → booked, per
 * event type. No third-party tracker and no personal data: a visitor is a truncated SHA-256 of
 * a random salt of the day, the address and the browser, counted once per step and day;
 * yesterday's salt is deleted. A browser sending `DNT: 1` or `Sec-GPC: 1` is not recorded.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { ResolvedScope } from './scope.js';
import { describeScope, num } from './sql.js';

export const FUNNEL_STEPS = ['page_view', 'slots_viewed', 'slot_picked', 'booked'] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];

export interface FunnelVisit {
  eventTypeId: string;
  step: FunnelStep;
  ip: string;
  userAgent: string;
  /** The request's `DNT` and `Sec-GPC` headers. */
  doNotTrack?: string;
  globalPrivacyControl?: string;
}

/** Whether the browser asked not to be tracked. */
export const optedOut = (visit: Pick<FunnelVisit, 'doNotTrack' | 'globalPrivacyControl'>): boolean => visit.doNotTrack?.trim() === '1' || visit.globalPrivacyControl?.trim() === '1';

async function saltOf(db: Knex, day: string): Promise<string> {
  await db('funnel_salts').insert({ day, salt: randomBytes(32).toString('base64url') }).onConflict('day').ignore();
  await db('funnel_salts').where('day', '<', day).delete();
  return ((await db('funnel_salts').where({ day }).first('salt')) as { salt: string }).salt;
}

/** Records one step (once per visitor, step, event type and day); records nothing for an opted-out browser. Returns whether it recorded. */
export async function recordFunnelStep(db: Knex, now: Date, visit: FunnelVisit): Promise<boolean> {
  if (optedOut(visit)) return false;
  const day = now.toISOString().slice(0, 10);
  const salt = await saltOf(db, day);
  const visitor = createHash('sha256').update(`${salt}\u0000${visit.ip}\u0000${visit.userAgent}\u0000${visit.eventTypeId}`).digest('base64url').slice(0, 22);
  await db('funnel_events').insert({ event_type_id: visit.eventTypeId, day, step: visit.step, visitor_hash: visitor, at: now }).onConflict(['event_type_id', 'day', 'step', 'visitor_hash']).ignore();
  return true;
}

/** Event types in scope: a team's own, or those its hosts own (`me`), or every one. */
function scopedEventTypes(db: Knex, scope: ResolvedScope): Knex.QueryBuilder {
  const q = db('event_types as e').select('e.id', 'e.slug', 'e.title');
  if (scope.eventTypeIds) q.whereIn('e.id', scope.eventTypeIds);
  else if (scope.hostIds) q.whereIn('e.owner_user_id', scope.hostIds);
  return q;
}

/** Visitors per step and event type in the range, with each step's conversion from the one before. */
export async function funnelMetric(db: Knex, scope: ResolvedScope) {
  const rows: Array<{ id: string; slug: string; title: string; step: FunnelStep; n: string }> = await db
    .with('e', scopedEventTypes(db, scope))
    .from('funnel_events as f')
    .join('e', 'e.id', 'f.event_type_id')
    .where('f.at', '>=', scope.from)
    .where('f.at', '<', scope.to)
    .select('e.id', 'e.slug', 'e.title', 'f.step')
    .count({ n: '*' })
    .groupBy('e.id', 'e.slug', 'e.title', 'f.step');
  const byType = new Map<string, { slug: string; title: string; counts: Record<FunnelStep, number> }>();
  for (const r of rows) {
    const entry = byType.get(r.id) ?? { slug: r.slug, title: r.title, counts: { page_view: 0, slots_viewed: 0, slot_picked: 0, booked: 0 } };
    entry.counts[r.step] = num(r.n, 0);
    byType.set(r.id, entry);
  }
  const stepsOf = (counts: Record<FunnelStep, number>) =>
    FUNNEL_STEPS.map((step, i) => {
      const before = i === 0 ? null : counts[FUNNEL_STEPS[i - 1]!];
      return { step, visitors: counts[step], conversion: before === null ? null : before > 0 ? num(counts[step] / before, 4) : 0 };
    });
  const total: Record<FunnelStep, number> = { page_view: 0, slots_viewed: 0, slot_picked: 0, booked: 0 };
  for (const { counts } of byType.values()) for (const s of FUNNEL_STEPS) total[s] += counts[s];
  return {
    metric: 'funnel',
    ...describeScope(scope),
    steps: stepsOf(total),
    overallConversion: total.page_view ? num(total.booked / total.page_view, 4) : 0,
    eventTypes: [...byType.values()].sort((a, b) => a.slug.localeCompare(b.slug)).map((e) => ({ slug: e.slug, title: e.title, steps: stepsOf(e.counts), overallConversion: e.counts.page_view ? num(e.counts.booked / e.counts.page_view, 4) : 0 })),
  };
}
