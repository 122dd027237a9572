import { usageError } from './errors.js';

/** `alice/intro` → {user: "alice", eventType: "intro"}; `alice` → {user: "alice"}. A leading @ is dropped. */
export function parseTarget(text: string): { user: string; eventType?: string } {
  const m = /^@?([A-Za-z0-9_-]{1,64})(?:\/([A-Za-z0-9_-]{1,64}))?$/.exec(text.trim());
  if (!m) throw usageError(`Expected <user> or <user>/<event-type>, such as demo/intro (got "${text}")`);
  return { user: m[1]!.toLowerCase(), ...(m[2] ? { eventType: m[2].toLowerCase() } : {}) };
}

export const looksLikeTarget = (text: string): boolean => /^@?[A-Za-z0-9_-]{1,64}\/[A-Za-z0-9_-]{1,64}$/.test(text.trim());

/** A bare username (`demo`, `@demo`): no spaces, no slash — an event type left out, never a sentence. */
export const looksLikeUser = (text: string): boolean => /^@?[A-Za-z0-9_-]{1,64}$/.test(text.trim());
