/**
 * Refund policies of paid event types, and what a cancellation gives back. Pure: the caller
 * passes the amounts and the times.
 */
import { DomainError } from '../errors.js';
import { roundDownToStep } from './providers/amountSteps.js';

/** Full refund until `hours` before the start and none after; never a refund; or always `percent` %. */
export type RefundPolicy = { type: 'full_until'; hours: number } | { type: 'none' } | { type: 'percentage'; percent: number };

export const DEFAULT_REFUND_POLICY: RefundPolicy = { type: 'full_until', hours: 24 };

/** Reads a stored policy (jsonb), defaulting when absent. Throws validation_failed for a malformed one. */
export function parseRefundPolicy(value: unknown): RefundPolicy {
  if (value === null || value === undefined) return DEFAULT_REFUND_POLICY;
  const v = (typeof value === 'string' ? JSON.parse(value) : value) as Record<string, unknown>;
  if (v.type === 'none') return { type: 'none' };
  if (v.type === 'full_until' && Number.isInteger(v.hours) && (v.hours as number) >= 0) return { type: 'full_until', hours: v.hours as number };
  if (v.type === 'percentage' && Number.isInteger(v.percent) && (v.percent as number) >= 0 && (v.percent as number) <= 100) return { type: 'percentage', percent: v.percent as number };
  throw new DomainError('validation_failed', 'refundPolicy: expected {type: "full_until", hours}, {type: "none"} or {type: "percentage", percent}', { errors: [{ field: 'refundPolicy', message: 'invalid policy' }] });
}

export interface RefundByPolicyInput {
  policy: RefundPolicy;
  /** What was paid and not yet refunded, in minor units. */
  refundableMinor: number;
  /** The step the provider refunds this currency in (providers/amountSteps.ts): 1 for most. */
  amountStep: number;
  startMs: number;
  nowMs: number;
  /** A host who cancels gives everything back, whatever the policy. */
  canceledByHost: boolean;
  /** The invitee moved the meeting after its full-refund window closed (refundPayment.ts): it stays closed. */
  windowClosed?: boolean;
}

/**
 * The amount a cancellation refunds, in minor units (rounded down to a whole minor unit, and to
 * the provider's step: half of 1.250 KWD through Stripe is 0.620).
 *
 * @example refundByPolicy({ policy: { type: 'percentage', percent: 50 }, refundableMinor: 2999, amountStep: 1, startMs, nowMs, canceledByHost: false }) // 1499
 */
export function refundByPolicy(input: RefundByPolicyInput): number {
  const { policy, refundableMinor } = input;
  if (refundableMinor <= 0) return 0;
  if (input.canceledByHost) return refundableMinor;
  if (policy.type === 'none') return 0;
  if (policy.type === 'percentage') return roundDownToStep(Math.floor((refundableMinor * policy.percent) / 100), input.amountStep);
  return !input.windowClosed && input.startMs - input.nowMs >= policy.hours * 3_600_000 ? refundableMinor : 0;
}
