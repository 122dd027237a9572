import type { BookingDetails } from '../booking/index.js';

/** What voice answers to one turn. */
export interface VoiceReply {
  /** One or two sentences that read well aloud. */
  speech: string;
  /** The meeting booked by this turn, if any. */
  meeting?: BookingDetails;
  /** True when the speech is a question whose answer continues the same request. */
  expectsAnswer: boolean;
}

/** A sentence that ends the exchange. */
export const said = (speech: string): VoiceReply => ({ speech, expectsAnswer: false });
