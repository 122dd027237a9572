export { createSpamService, refusal, APPEAL_PAGE, type SpamService, type BookingAttempt, type ScreenResult, type ConfirmedBooking } from './service.js';
export { CONFIRM_BOOKING_PAGE, type PendingBooking } from './challenges.js';
export type { BlockEntry, BlockKind } from './blocklist.js';
export type { DecisionRecord } from './decisions.js';
export { scoreBooking, type SpamDecision, type SpamReason, type SpamSignals, type SpamPolicy } from './score.js';
export { networkOf } from './network.js';
