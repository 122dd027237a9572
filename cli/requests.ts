import type { Api } from './client.js';
import type { Intent, Meeting, Slot } from './types.js';

/** A natural-language request as `POST /api/requests` answers it. */
export interface MeetingRequest {
  id: string;
  status: 'question' | 'proposed' | 'booking' | 'booked' | 'unsupported' | 'closed';
  text: string;
  timezone: string;
  intent: Intent;
  question: string | null;
  slots: Slot[];
  widened: boolean;
  /** The time asked for has already passed (servers before it say nothing: undefined). */
  past?: boolean;
  with: Array<{ username: string; name: string }>;
  durationMinutes: number | null;
  title: string | null;
  bookingId: string | null;
}

/** The server reads the sentence in `zone` and proposes free times for everyone named, or asks one question. */
export const proposeRequest = (client: Api, body: { text: string; timezone: string; title?: string }): Promise<MeetingRequest> =>
  client.request<MeetingRequest>('POST', '/api/requests', { body });

/** Continues a request that asked a question. */
export const answerRequest = (client: Api, id: string, text: string): Promise<MeetingRequest> =>
  client.request<MeetingRequest>('POST', `/api/requests/${encodeURIComponent(id)}/answer`, { body: { text } });

/** Books a proposed request at `start`. */
export const bookRequest = (client: Api, id: string, body: { start: string; notes?: string }): Promise<Meeting> =>
  client.request<Meeting>('POST', `/api/requests/${encodeURIComponent(id)}/book`, { body });
