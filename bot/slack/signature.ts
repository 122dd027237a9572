import { createHmac, timingSafeEqual } from 'node:crypto';

export const SLACK_MAX_SKEW_SECONDS = 5 * 60;

/** `v0=` + HMAC-SHA256(secret, `v0:{timestamp}:{rawBody}`), the value of `X-Slack-Signature`. */
export function signSlackRequest(secret: string, timestamp: number | string, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

/**
 * Whether a request is from Slack: a fresh timestamp (within five minutes of `nowMs`, either
 * way, against replays) and a matching signature, compared in constant time.
 */
export function isValidSlackSignature(options: { secret: string; signature: string | undefined; timestamp: string | undefined; rawBody: string; nowMs: number }): boolean {
  const { secret, signature, timestamp, rawBody, nowMs } = options;
  if (!signature || !timestamp || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > SLACK_MAX_SKEW_SECONDS) return false;
  const expected = Buffer.from(signSlackRequest(secret, timestamp, rawBody));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
