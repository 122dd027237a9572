import { expect } from 'chai';
import { createFixedClock } from '../../../core/clock.js';
import type { AskWhichTimeInput, StoredRequest } from '../../../core/requests/index.js';
import { createVoiceAssistant } from '../../../core/voice/assistant.js';

describe('core/voice/assistant', () => {
  const clock = createFixedClock('2026-11-24T08:00:00Z');
  const slot = (start: string) => ({ start, end: new Date(Date.parse(start) + 30 * 60_000).toISOString() });

  const questions: AskWhichTimeInput[] = [];

  /** What the assistant says when core proposes `starts` (best first) for a request that named `asked`. */
  async function offered(text: string, asked: string, starts: string[], proposal: Record<string, unknown> = {}, intent: Record<string, unknown> = {}): Promise<string> {
    const request = {
      id: 'r1',
      userId: 'u1',
      status: 'proposed',
      timezone: 'Europe/Paris',
      intent: { start: asked || null, ...intent },
      proposal: { participants: [{ username: 'alice', name: 'Alice' }], durationMinutes: 30, title: 'x', window: { from: '', to: '' }, slots: starts.map(slot), widened: true, ...proposal },
    } as unknown as StoredRequest;
    const askWhichTime = async (input: AskWhichTimeInput) => {
      questions.push(input);
      return request;
    };
    const nothing = async () => {
      throw new Error('nothing else is asked of core');
    };
    const requests = { proposeOrAnswer: async () => request, askWhichTime, openQuestion: async () => null, book: nothing, askAboutMeeting: nothing, close: nothing };
    const assistant = createVoiceAssistant({ clock, requests, booking: { listBookings: nothing, cancelBooking: nothing, rescheduleBooking: nothing } });
    const reply = await assistant.hear({ userId: 'u1', text });
    expect(reply.expectsAnswer, 'a question only when times are offered').to.equal(starts.length > 0);
    return reply.speech;
  }

  it('reads the best three free times in the order of the day, whatever order they were ranked in', async () => {
    // Ranked best first: 11:30, 10:30, 11:00 (Paris), then two more that are not read out.
    const ranked = ['2026-11-25T10:30:00.000Z', '2026-11-25T09:30:00.000Z', '2026-11-25T10:00:00.000Z', '2026-11-25T08:00:00.000Z', '2026-11-25T14:00:00.000Z'];
    expect(await offered('meeting with alice tomorrow at ten am', '2026-11-25T09:00:00.000Z', ranked)).to.equal(
      "You and Alice aren't all free tomorrow at 10 AM. The nearest free times are tomorrow at 10:30 AM, 11 AM or 11:30 AM. Which one should I book?",
    );
    // The same times are asked about, each by the words that name it, so the next turn can pick one.
    expect(questions.at(-1)!.choices).to.deep.equal([
      { label: '10:30 AM', start: '2026-11-25T09:30:00.000Z' },
      { label: '11 AM', start: '2026-11-25T10:00:00.000Z' },
      { label: '11:30 AM', start: '2026-11-25T10:30:00.000Z' },
    ]);
  });

  it('names a group as one list, and "all" for more than two', async () => {
    const people = [{ username: 'alice', name: 'Alice' }, { username: 'bob', name: 'Bob' }, { username: 'cy', name: 'Cy' }];
    expect(await offered('meeting with alice bob and cy', '', ['2026-11-25T09:00:00.000Z'], { participants: people, widened: false })).to.equal(
      'You, Alice, Bob and Cy are free tomorrow at 10 AM. Should I book it?',
    );
    expect(await offered('meeting with alice bob and cy', '', [], { participants: people })).to.equal("I couldn't find a time when you, Alice, Bob and Cy are all free in the next two weeks.");
    expect(await offered('meeting with alice', '', [])).to.equal("I couldn't find a time when you and Alice are both free in the next two weeks.");
  });

  it('offers the times of a choice ("monday or tuesday at 3 PM") instead of booking the first as if it alone were named', async () => {
    const monday = '2026-11-30T14:00:00.000Z';
    const tuesday = '2026-12-01T14:00:00.000Z';
    const alternatives = [monday, tuesday].map((start) => ({ start, end: null, window: null }));
    expect(await offered('meeting with alice monday or tuesday at 3 pm', monday, [monday, tuesday], { widened: false }, { alternatives })).to.equal(
      'You and Alice are free on Monday at 3 PM or on Tuesday, December 1 at 3 PM. Which one should I book?',
    );
  });

  it('says a time asked for has already passed instead of that someone is busy then', async () => {
    expect(await offered('meeting with alice yesterday at 3 pm', '2026-11-23T14:00:00.000Z', ['2026-11-24T09:00:00.000Z'], { past: true })).to.equal(
      'That time has already passed. You and Alice are free today at 10 AM. Should I book it?',
    );
  });
});
