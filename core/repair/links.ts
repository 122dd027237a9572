/**
 * One-click accept links of a repair proposal: `/repairs/<id>/accept?choice=<n>&sig=<hmac>`,
 * signed with the server secret so only the links we sent work. Single use is the proposal's
 * status (core/repair/acceptRepair.ts), not the link.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../errors.js';

export function signChoice(secret: string, proposalId: string, choice: number): string {
  return createHmac('sha256', secret).update(`repair:${proposalId}:${choice}`).digest('base64url');
}

export function isValidChoiceSignature(secret: string, proposalId: string, choice: number, signature: string): boolean {
  const expected = Buffer.from(signChoice(secret, proposalId, choice));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function acceptLink(publicUrl: string, secret: string, proposalId: string, choice: number): string {
  const query = new URLSearchParams({ choice: String(choice), sig: signChoice(secret, proposalId, choice) });
  return `${publicUrl}/repairs/${proposalId}/accept?${query.toString()}`;
}

/** Throws forbidden unless `signature` is ours for this proposal and choice. */
export function requireSignedChoice(ctx: { secret: string }, id: string, choice: number, signature: string): void {
  if (!/^[0-9a-f-]{36}$/i.test(id) || !Number.isInteger(choice) || !isValidChoiceSignature(ctx.secret, id, choice, signature)) {
    throw new DomainError('forbidden', 'This link is not valid: use the link from the e-mail');
  }
}
