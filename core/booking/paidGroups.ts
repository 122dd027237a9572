/**
 * Paid group sessions are not supported yet. A seat would have to be held as pending until paid,
 * given back when its hold expires and refunded on cancel, and the seat model (bookSeat, cancelSeat,
 * waitlist offers) has none of that: a priced group event type would seat people for free. So a
 * price on a group is refused when the event type is written, and a paid group that exists from
 * before is refused when booked, rather than booked without payment.
 */
import { DomainError } from '../errors.js';
import { invalidField } from './inputs.js';
import type { EventKind } from './types.js';

const WHY = 'a group event type cannot have a price yet: paid seats are not supported; remove the price or use another kind';

/** Throws validation_failed (field `price`) for a group event type with a price. */
export function requireUnpricedGroup(kind: EventKind, hasPrice: boolean): void {
  if (kind === 'group' && hasPrice) throw invalidField('price', WHY);
}

/** The error for booking a group event type that has a price (stored before the rule existed). */
export function paidGroupBookingError(): DomainError {
  return new DomainError('unprocessable', 'This group session has a price, and paid group sessions are not supported yet: nothing was booked. The host must remove the price.', { details: { reason: 'paid_group_unsupported' } });
}
