/**
 * The manage tokens an e-mail, SMS or push about a change may carry for each attendee: the ones
 * the change itself carries (a new booking or seat), else those that can be recomputed from the
 * server's secret (core/booking/manageTokens.ts). Read once per change and shared by every
 * notifier told of it, like the meeting snapshot.
 */
import type { Knex } from 'knex';
import { recoverManageTokens } from '../booking/manageTokens.js';
import type { MeetingSnapshot } from './meetingSnapshot.js';
import type { BookingChange } from './types.js';

const tokensOfChanges = new WeakMap<object, Promise<Record<string, string>>>();

/** By attendee id: the manage token to link to, for the attendees the change concerns. */
export function attendeeManageTokens(trx: Knex | Knex.Transaction, change: BookingChange, snapshot: MeetingSnapshot, secret: string | undefined): Promise<Record<string, string>> {
  let tokens = tokensOfChanges.get(change);
  if (!tokens) {
    const known = change.manageTokens ?? {};
    const only = change.attendeeIds ? new Set(change.attendeeIds) : null;
    const missing = snapshot.attendees.map((a) => a.id).filter((id) => !known[id] && (!only || only.has(id)));
    tokens = recoverManageTokens(trx, secret, missing).then((recovered) => ({ ...recovered, ...known }));
    tokensOfChanges.set(change, tokens);
  }
  return tokens;
}
