/** Shapes of the team-admin answers the CLI reads (the API's routes are the source of truth). */
import type { Meeting } from './types.js';

export interface TeamScheduleMember {
  username: string;
  name: string;
  role: string;
  timezone: string;
  load: { meetings: number; busyMinutes: number };
  bookings: Array<{ id: string; title: string; status: string; start: string; end: string; eventType: string | null; assignmentReason: string | null }>;
  /** The member's bookings that are not the team's: times only (absent from servers before it). */
  busy?: Array<{ start: string; end: string }>;
  free: Array<{ start: string; end: string }>;
}

export interface TeamScheduleResponse {
  team: string;
  timezone: string;
  from: string;
  to: string;
  members: TeamScheduleMember[];
}

export interface PendingRequest extends Meeting {
  team: string | null;
  mine: boolean;
}

export interface DecisionResponse {
  results: Array<{ id: string; ok: true; meeting: Meeting } | { id: string; ok: false; error: { code: string; message: string } }>;
  succeeded: number;
  failed: number;
}

/** "✔ 9b2c41d0 approved" / "✘ 77aa01ff invalid_transition: A scheduled meeting cannot be approved", one line per id. */
export function decisionLines(res: DecisionResponse, verb: string): string[] {
  return [
    ...res.results.map((r) => (r.ok ? `✔ ${r.id.slice(0, 8)} ${verb}` : `✘ ${r.id.slice(0, 8)} ${r.error.code}: ${r.error.message}`)),
    `${res.succeeded} ${verb}, ${res.failed} failed`,
  ];
}
