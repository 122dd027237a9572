import { expect } from 'chai';
import type { ApiCall } from './server.js';
import { registerUser } from './server.js';

/** Asserts an RFC 9457 problem response with the given status and code. */
export function expectProblem(res: { status: number; headers: Headers; body: any }, status: number, code: string): void {
  expect(res.status, JSON.stringify(res.body)).to.equal(status);
  expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
  expect(res.body.code).to.equal(code);
}

export const WORK_WEEK = (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({ day, start: '09:00', end: '17:00' }));

/** Registers a host with a schedule (default Mon–Fri 09–17 in `timezone`). */
export async function createHost(call: ApiCall, username: string, options: { timezone?: string; weekly?: Array<{ day: string; start: string; end: string }>; overrides?: unknown[] } = {}) {
  const timezone = options.timezone ?? 'UTC';
  const session = await registerUser(call, { username, timezone, email: `${username}@example.com` });
  const res = await call('PUT', '/api/availability/schedule', { token: session.accessToken, body: { timezone, weekly: options.weekly ?? WORK_WEEK, overrides: options.overrides ?? [] } });
  if (res.status !== 200) throw new Error(`schedule failed: ${res.status} ${res.text}`);
  return { token: session.accessToken, user: session.user, username };
}

/** Creates an event type; returns the response body. */
export async function createEventType(call: ApiCall, token: string, body: Record<string, unknown>) {
  const res = await call('POST', '/api/event-types', { token, body: { title: String(body.slug), durationMinutes: 30, ...body } });
  if (res.status !== 201) throw new Error(`event type failed: ${res.status} ${res.text}`);
  return res.body;
}

/** Accepts every open invitation to host someone's event type that `token`'s user has; returns how many. */
export async function acceptHostInvitations(call: ApiCall, token: string): Promise<number> {
  const { body } = await call('GET', '/api/event-types/host-invitations', { token });
  for (const invitation of body.invitations) {
    const res = await call('POST', `/api/event-types/host-invitations/${invitation.id}/accept`, { token });
    if (res.status !== 200) throw new Error(`accepting failed: ${res.status} ${res.text}`);
  }
  return body.invitations.length;
}

export const invitee = (n = 1) => ({ name: `Guest ${n}`, email: `guest${n}@example.org`, timezone: 'Europe/Paris' });

/** The next Tuesday at 08:00 UTC after today: tomorrow is a working Wednesday (voice and linking tests). */
export function nextTuesday(): Date {
  const d = new Date();
  d.setUTCHours(8, 0, 0, 0);
  do d.setUTCDate(d.getUTCDate() + 1);
  while (d.getUTCDay() !== 2);
  return d;
}
