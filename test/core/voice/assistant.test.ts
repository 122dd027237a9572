import { expect } from 'chai';
import { createFixedClock } from '../../../core/clock.js';
import type { StoredRequest } from '../../../core/requests/index.js';
import { createVoiceAssistant } from '../../../core/voice/assistant.js';

describe('core/voice/assistant', () => {
  const clock = createFixedClock('2026-11-24T08:00:00Z');
  const slot = (start: string) => ({ start, end: new Date(Date.parse(start) + 30 * 60_000).toISOString() });

  it('reads the best three free times in the order of the day, whatever order they were ranked in', async () => {
    // Ranked best first: 11:30, 10:30, 11:00 (Paris), then two more that are not read out.
    const ranked = ['2026-11-25T10:30:00.000Z', '2026-11-25T09:30:00.000Z', '2026-11-25T10:00:00.000Z', '2026-11-25T08:00:00.000Z', '2026-11-25T14:00:00.000Z'];
    const request = {
      id: 'r1',
      userId: 'u1',
      status: 'proposed',
      timezone: 'Europe/Paris',
      intent: { start: '2026-11-25T09:00:00.000Z' },
      proposal: { participants: [{ username: 'alice', name: 'Alice' }], durationMinutes: 30, title: 'x', window: { from: '', to: '' }, slots: ranked.map(slot), widened: true },
    } as unknown as StoredRequest;
    const assistant = createVoiceAssistant({ clock, requests: { proposeOrAnswer: async () => request, book: async () => { throw new Error('nothing is booked'); } } });
    const reply = await assistant.hear({ userId: 'u1', text: 'meeting with alice tomorrow at ten am' });
    expect(reply.speech).to.equal("You and Alice aren't all free tomorrow at 10 AM. The nearest free times are tomorrow at 10:30 AM, 11 AM or 11:30 AM. Say the meeting again with one of those times to book it.");
  });
});
