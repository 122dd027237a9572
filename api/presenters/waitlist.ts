import type { WaitlistEntryDetails } from '../../core/waitlist/index.js';

/** The fields of a waitlist entry that leave the API. */
export function presentWaitlistEntry(e: WaitlistEntryDetails) {
  return { id: e.id, start: e.start, status: e.status, position: e.position, name: e.name, email: e.email, offerExpiresAt: e.offerExpiresAt, createdAt: e.createdAt };
}
