/**
 * Intelligence: learned durations (event type insights) and, with the slot ranking in
 * core/availability/ranking.ts, the smarter answers the rest of Yava gives.
 */
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import { eventTypeInsights } from './eventTypeInsights.js';

export interface IntelligenceServiceDeps {
  db: Knex;
  clock: Clock;
}

export function createIntelligenceService(deps: IntelligenceServiceDeps) {
  return {
    /** Learned durations of an event type: GET /api/event-types/:id/insights. */
    eventTypeInsights: (userId: string, eventTypeId: string) => eventTypeInsights(deps, userId, eventTypeId),
  };
}

export type IntelligenceService = ReturnType<typeof createIntelligenceService>;
