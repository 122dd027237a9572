import { expect } from 'chai';
import { createConversation, type Asker, type Conversation, type Reply } from '../../../bot/conversation/index.js';
import { setUpRequestWorld, type RequestWorld } from '../../core/requests/helpers.js';

describe('createConversation: moving a meeting from chat (core’s meeting-change dialog, on a real database)', function () {
  this.timeout(60_000);
  let world: RequestWorld;
  let chat: Conversation;
  let ada: Asker;
  /** Ada's meetings (ada is in UTC; the clock is Tuesday 24 Nov 2026, 10:00 UTC). */
  const ids = { bobWed: '', cyWed: '', bobThu: '' };
  const noLookup = async () => null;

  beforeEach(async () => {
    world = await setUpRequestWorld();
    chat = createConversation({
      requests: world.requests,
      booking: world.booking,
      chatAccounts: { findLinkedUser: async () => null, linkByVerifiedEmail: async () => null, createLinkCode: async () => ({ code: 'yava_link_test', expiresAt: '2026-11-24T10:15:00.000Z' }) },
      clock: world.clock,
      publicUrl: 'https://yava.example',
    });
    ada = { identity: { platform: 'slack', workspaceId: 'T1', externalUserId: 'UADA' }, user: { userId: world.users.ada, username: 'ada', name: 'Ada', email: 'ada@example.com', timezone: 'UTC' } };
    const book = async (username: string, start: string) =>
      (await world.booking.scheduleAdHocBooking({ organizerUserId: world.users.ada, usernames: [username], start, durationMinutes: 30, title: `Ada / ${username}`, source: 'api' })).id;
    ids.bobWed = await book('bob', '2026-11-25T10:00:00Z');
    ids.cyWed = await book('cy', '2026-11-25T14:00:00Z');
    ids.bobThu = await book('bob', '2026-11-26T15:00:00Z');
  });

  const meet = (text: string) => chat.handleText(ada, text, noLookup);
  const startOf = async (id: string) => new Date((await world.db('bookings').where({ id }).first('start_at')).start_at).toISOString();
  /** The buttons of a question: their labels, and a click on the one labelled `label`. */
  const buttons = (reply: Reply) => {
    if (reply.kind !== 'question' || !reply.choices) throw new Error(`expected a question with buttons, got ${JSON.stringify(reply)}`);
    const { requestId, labels, mode } = reply.choices;
    return { labels, click: (label: string) => chat.answerChoice(ada, requestId, labels.indexOf(label), mode) };
  };

  it('moves a meeting by the shift said, after a Yes button, through core’s reschedule', async () => {
    const asked = await meet('push my 2pm back an hour');
    expect(asked).to.deep.include({ kind: 'question', text: 'Move your meeting with CY tomorrow at 2 PM to tomorrow at 3 PM?' });
    expect(buttons(asked).labels).to.deep.equal(['Yes', 'No']);
    expect(await startOf(ids.cyWed), 'nothing moves before a yes').to.equal('2026-11-25T14:00:00.000Z');
    expect(await buttons(asked).click('Yes')).to.deep.equal({ kind: 'text', text: "I've moved your meeting with CY to tomorrow at 3 PM." });
    expect(await startOf(ids.cyWed)).to.equal('2026-11-25T15:00:00.000Z');
    expect(await buttons(asked).click('Yes'), 'a second click moves nothing').to.deep.include({ kind: 'error' });
    expect(await startOf(ids.cyWed)).to.equal('2026-11-25T15:00:00.000Z');
  });

  it('moves a meeting by a day or a week said, after a Yes button, at the same time of day', async () => {
    const asked = await meet('push my 2pm back a day');
    expect(asked).to.deep.include({ kind: 'question', text: 'Move your meeting with CY tomorrow at 2 PM to Thursday at 2 PM?' });
    expect(await startOf(ids.cyWed), 'nothing moves before a yes').to.equal('2026-11-25T14:00:00.000Z');
    expect(await buttons(asked).click('Yes')).to.deep.equal({ kind: 'text', text: "I've moved your meeting with CY to Thursday at 2 PM." });
    expect(await startOf(ids.cyWed)).to.equal('2026-11-26T14:00:00.000Z');

    expect(await meet('postpone my meeting with bob on thursday by a week')).to.deep.include({ kind: 'question', text: 'Move your meeting with BOB on Thursday at 3 PM to Thursday, December 3 at 3 PM?' });
    expect(await meet('yes')).to.deep.include({ kind: 'text' });
    expect(await startOf(ids.bobThu)).to.equal('2026-12-03T15:00:00.000Z');
  });

  it('asks which meeting when several fit, and takes typed answers (/meet the second one, /meet yes)', async () => {
    const asked = await meet('delay my meeting with bob by half an hour');
    expect(asked).to.deep.include({ kind: 'question', text: 'Which one should I move: the one tomorrow at 10 AM or the one on Thursday at 3 PM?' });
    expect(buttons(asked).labels).to.deep.equal(['tomorrow at 10 AM', 'on Thursday at 3 PM']);
    expect(await meet('the second one')).to.deep.include({ kind: 'question', text: 'Move your meeting with BOB on Thursday at 3 PM to Thursday at 3:30 PM?' });
    expect(await meet('yes')).to.deep.equal({ kind: 'text', text: "I've moved your meeting with BOB to Thursday at 3:30 PM." });
    expect(await startOf(ids.bobThu)).to.equal('2026-11-26T15:30:00.000Z');
    expect(await startOf(ids.bobWed)).to.equal('2026-11-25T10:00:00.000Z');
  });

  it('says why a shifted time is not free, offers the nearest free times as buttons, and moves to the one picked', async () => {
    // 12:00 UTC is 7 AM for CY in New York, before their working hours.
    expect(await meet('bring my 2pm forward by 2 hours')).to.deep.include({ kind: 'question', text: 'Move your meeting with CY tomorrow at 2 PM to tomorrow at noon?' });
    const refused = await meet('yes');
    expect(refused).to.deep.include({ kind: 'question', text: 'That time is outside the working hours of someone in the meeting. The nearest free times are tomorrow at 2 PM, 2:30 PM or 3 PM. Which one should I move it to?' });
    expect(await startOf(ids.cyWed), 'nothing moved').to.equal('2026-11-25T14:00:00.000Z');
    const { labels, click } = buttons(refused);
    expect(labels).to.deep.equal(['2 PM', '2:30 PM', '3 PM']);
    expect(await click('2:30 PM')).to.deep.equal({ kind: 'text', text: "I've moved your meeting with CY to tomorrow at 2:30 PM." });
    expect(await startOf(ids.cyWed)).to.equal('2026-11-25T14:30:00.000Z');
  });

  it('leaves the meeting where it is on No, and a new request replaces the question', async () => {
    const asked = await meet('move my 2pm 30 minutes later');
    expect(await buttons(asked).click('No')).to.deep.equal({ kind: 'text', text: "Okay, I won't move it." });
    await meet('push my 2pm back an hour');
    expect(await meet('cancel my 10am'), 'another request, not an answer').to.deep.include({ kind: 'question', text: 'Cancel your meeting with BOB tomorrow at 10 AM?' });
    expect(await startOf(ids.cyWed)).to.equal('2026-11-25T14:00:00.000Z');
  });

  describe('cancelling by words: asked first, like a move (words can fit a meeting the asker did not mean)', () => {
    const statusOf = async (id: string) => (await world.db('bookings').where({ id }).first('status')).status as string;

    it('/meet cancel my 10am asks with Yes / No buttons and cancels on Yes; a plain-words request is asked the same', async () => {
      const asked = await meet('cancel my 10am');
      expect(asked).to.deep.include({ kind: 'question', text: 'Cancel your meeting with BOB tomorrow at 10 AM?' });
      expect(buttons(asked).labels).to.deep.equal(['Yes', 'No']);
      expect(await statusOf(ids.bobWed), 'nothing is canceled before a yes').to.equal('scheduled');
      expect(await buttons(asked).click('Yes')).to.deep.include({ kind: 'text' });
      expect(await statusOf(ids.bobWed)).to.equal('canceled');

      expect(await meet('please cancel my meeting with cy')).to.deep.include({ kind: 'question', text: 'Cancel your meeting with CY tomorrow at 2 PM?' });
      expect(await meet('no')).to.deep.equal({ kind: 'text', text: "Okay, I won't cancel it." });
      expect(await statusOf(ids.cyWed)).to.equal('scheduled');
    });

    it('asks which when several fit, and cancels nothing until one is picked and confirmed', async () => {
      const asked = await meet('cancel my meeting with bob');
      expect(asked).to.deep.include({ kind: 'question', text: 'Which one should I cancel: the one tomorrow at 10 AM or the one on Thursday at 3 PM?' });
      expect(await buttons(asked).click('on Thursday at 3 PM')).to.deep.include({ kind: 'question', text: 'Cancel your meeting with BOB on Thursday at 3 PM?' });
      expect(await statusOf(ids.bobThu)).to.equal('scheduled');
      await meet('yes');
      expect(await statusOf(ids.bobThu)).to.equal('canceled');
      expect(await statusOf(ids.bobWed)).to.equal('scheduled');
    });

    it('an id, or its first 8 characters, still cancels at once, as the cancel button does', async () => {
      expect(await meet(`cancel ${ids.cyWed.slice(0, 8)}`)).to.deep.include({ kind: 'canceled' });
      expect(await statusOf(ids.cyWed)).to.equal('canceled');
    });
  });
});
