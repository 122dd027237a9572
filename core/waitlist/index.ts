/** The waitlist service: the use cases of ./service.ts bound to one set of dependencies. */
import type { Knex } from 'knex';
import type { SeatFreer } from '../booking/cancelSeat.js';
import type { BookingNotifier } from '../notify/types.js';
import { passSeatOn, type WaitlistDeps } from './offers.js';
import { confirmWaitlistOffer, expireWaitlistOffers, getWaitlistOffer, joinWaitlist, type JoinWaitlistInput } from './service.js';

export { waitlistSessionFollower } from './followSession.js';
export type { JoinWaitlistInput, WaitlistEntryDetails, WaitlistOffer } from './service.js';

export function createWaitlistService(deps: WaitlistDeps & { notifier: BookingNotifier }) {
  return {
    join: (input: JoinWaitlistInput) => joinWaitlist(deps, input),
    getOffer: (token: string) => getWaitlistOffer(deps, token),
    confirm: (token: string) => confirmWaitlistOffer(deps, token),
    expireOffers: (now?: Date) => expireWaitlistOffers(deps, now),
  };
}

/** What happens to a seat an attendee gave up: offered to the session's waitlist, else freed. */
export function waitlistSeatFreer(deps: Omit<WaitlistDeps, 'db'> & { db?: Knex }): SeatFreer {
  return (trx, session, now) => passSeatOn({ ...deps, db: trx }, trx, session, now);
}

export type WaitlistService = ReturnType<typeof createWaitlistService>;
