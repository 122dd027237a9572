import { expect } from 'chai';
import { createVoiceAssistant, type VoiceAssistant } from '../../../core/voice/assistant.js';
import { setUpRequestWorld, type RequestWorld } from '../requests/helpers.js';

describe('core/voice: listing, cancelling and moving meetings by voice', function () {
  this.timeout(60_000);
  let world: RequestWorld;
  let voice: VoiceAssistant;
  /** Ada's meetings (ada is in UTC; the clock is Tuesday 24 Nov 2026, 10:00 UTC). */
  const ids: Record<'bobWed' | 'cyWed' | 'bobThu' | 'cyFri', string> = { bobWed: '', cyWed: '', bobThu: '', cyFri: '' };

  beforeEach(async () => {
    world = await setUpRequestWorld();
    voice = createVoiceAssistant({ clock: world.clock, requests: world.requests, booking: world.booking });
    const book = async (username: string, start: string) =>
      (await world.booking.scheduleAdHocBooking({ organizerUserId: world.users.ada, usernames: [username], start, durationMinutes: 30, title: `Ada / ${username}`, source: 'api' })).id;
    ids.bobWed = await book('bob', '2026-11-25T10:00:00Z');
    ids.cyWed = await book('cy', '2026-11-25T14:00:00Z');
    ids.bobThu = await book('bob', '2026-11-26T15:00:00Z');
    ids.cyFri = await book('cy', '2026-11-27T15:00:00Z');
  });

  const say = (text: string, timezone?: string) => voice.hear({ userId: world.users.ada, text, timezone });
  const meeting = async (id: string) => {
    const row = await world.db('bookings').where({ id }).first('status', 'start_at');
    return { status: row.status as string, start: new Date(row.start_at).toISOString() };
  };

  describe('list', () => {
    it('reads the meetings of the day asked about, the day said once, in the listener’s zone', async () => {
      expect(await say("what's on my calendar tomorrow")).to.deep.equal({ speech: 'Tomorrow you have 2 meetings: 10 AM with BOB and 2 PM with CY.', expectsAnswer: false });
      expect((await say("what's on my calendar tomorrow", 'Europe/Paris')).speech).to.equal('Tomorrow you have 2 meetings: 11 AM with BOB and 3 PM with CY.');
      expect((await say('what do I have on saturday')).speech).to.equal('You have no meetings on Saturday.');
    });

    it('reads the next three with their days, and says how many more', async () => {
      expect((await say("what's on my calendar")).speech).to.equal('Your next meetings are tomorrow at 10 AM with BOB, tomorrow at 2 PM with CY, on Thursday at 3 PM with BOB and 1 more.');
      expect((await say('what meetings do I have next week')).speech).to.equal('You have no meetings then.');
    });
  });

  describe('cancel', () => {
    it('asks before it cancels the one meeting described, and cancels on yes', async () => {
      expect(await say('cancel my meeting with cy tomorrow')).to.deep.equal({ speech: 'Cancel your meeting with CY tomorrow at 2 PM?', expectsAnswer: true });
      expect((await meeting(ids.cyWed)).status, 'nothing is canceled before the yes').to.equal('scheduled');
      expect(await say('yes')).to.deep.equal({ speech: "I've canceled your meeting with CY tomorrow at 2 PM.", expectsAnswer: false });
      expect((await meeting(ids.cyWed)).status).to.equal('canceled');
      expect((await meeting(ids.cyFri)).status).to.equal('scheduled');
    });

    it('cancels nothing on no, and a later yes finds no question open', async () => {
      await say('cancel my meeting with cy tomorrow');
      expect(await say('no')).to.deep.equal({ speech: "Okay, I won't cancel it.", expectsAnswer: false });
      await say('yes');
      expect((await meeting(ids.cyWed)).status).to.equal('scheduled');
    });

    it('asks which one when several fit, naming them by what tells them apart, and the answer picks one', async () => {
      expect((await say('cancel my meeting with bob')).speech).to.equal('Which one should I cancel: the one tomorrow at 10 AM or the one on Thursday at 3 PM?');
      expect((await say('the one on thursday')).speech).to.equal('Cancel your meeting with BOB on Thursday at 3 PM?');
      await say('yes');
      expect((await meeting(ids.bobThu)).status).to.equal('canceled');
      expect((await meeting(ids.bobWed)).status).to.equal('scheduled');

      expect((await say('cancel my meeting tomorrow')).speech).to.equal('Which one should I cancel: the 10 AM with BOB or the 2 PM with CY?');
      expect((await say('the one with cy')).speech).to.equal('Cancel your meeting with CY tomorrow at 2 PM?');
      expect((await say('the second one')).speech, 'a confirmation is answered yes or no').to.equal("Sorry, I didn't get that. Cancel your meeting with CY tomorrow at 2 PM?");
      expect((await say('the one with bob')).speech, 'another meeting said instead is looked for again').to.equal('Cancel your meeting with BOB tomorrow at 10 AM?');
      expect((await meeting(ids.cyWed)).status).to.equal('scheduled');
    });

    it('asks which meeting when the words tell none apart, and narrows by what the answers say', async () => {
      expect((await say('cancel my meeting')).speech).to.equal("Which meeting should I cancel? Say when it is or who it's with.");
      expect((await say('blah blah')).speech).to.equal("Sorry, I didn't get that. Which meeting should I cancel? Say when it is or who it's with.");
      expect((await say('the one with cy')).speech).to.equal('Which one should I cancel: the one tomorrow at 2 PM or the one on Friday at 3 PM?');
      expect((await say('the one on friday')).speech).to.equal('Cancel your meeting with CY on Friday at 3 PM?');
      await say('yes');
      expect((await meeting(ids.cyFri)).status).to.equal('canceled');
    });

    it('takes words that ask for something else as a new request, not as a pick', async () => {
      await say('cancel my meeting with cy');
      expect((await say('meeting with bob on friday at 11 am')).speech).to.equal("You're booked with BOB on Friday at 11 AM.");
      expect((await meeting(ids.cyFri)).status).to.equal('scheduled');
    });

    it('says so when no meeting fits, and asks nothing', async () => {
      expect(await say('cancel my meeting with zed')).to.deep.equal({
        speech: "I couldn't find a meeting of yours like that. Say who it's with or when it is, for example: cancel my meeting with Alice tomorrow.",
        expectsAnswer: false,
      });
    });

    it('leaves a question about a meeting for a new request', async () => {
      await say('cancel my meeting with cy tomorrow');
      expect((await say('meeting with bob on friday at 10 am')).speech).to.equal("You're booked with BOB on Friday at 10 AM.");
      await say('yes');
      expect((await meeting(ids.cyWed)).status).to.equal('scheduled');
    });
  });

  describe('move', () => {
    it('asks before it moves to the time said (a time alone is on the meeting’s own day), through core’s reschedule', async () => {
      expect((await say('move my 2pm to thursday at 11am')).speech).to.equal('Move your meeting with CY tomorrow at 2 PM to Thursday at 11 AM?');
      expect((await meeting(ids.cyWed)).start).to.equal('2026-11-25T14:00:00.000Z');
      expect((await say('friday at 10')).speech, 'another time said instead is asked about again').to.equal('Move your meeting with CY tomorrow at 2 PM to Friday at 10 AM?');
      expect((await say('no')).speech).to.equal("Okay, I won't move it.");
      expect((await say('move my meeting with cy tomorrow to 4pm')).speech).to.equal('Move your meeting with CY tomorrow at 2 PM to tomorrow at 4 PM?');
      expect(await say('yes')).to.deep.equal({ speech: "I've moved your meeting with CY to tomorrow at 4 PM.", expectsAnswer: false });
      expect(await meeting(ids.cyWed)).to.deep.equal({ status: 'scheduled', start: '2026-11-25T16:00:00.000Z' });
    });

    it('asks when, when no new time was said', async () => {
      expect((await say('move my meeting with bob tomorrow')).speech).to.equal('When should I move your meeting with BOB tomorrow at 10 AM to?');
      expect((await say('friday')).speech, 'a day alone keeps the time of day').to.equal('Move your meeting with BOB tomorrow at 10 AM to Friday at 10 AM?');
      await say('yes');
      expect((await meeting(ids.bobWed)).start).to.equal('2026-11-27T10:00:00.000Z');
    });

    it('moves a meeting by the shift said, later or earlier, to its start + the shift, after a yes', async () => {
      expect((await say('push my 2pm back an hour')).speech).to.equal('Move your meeting with CY tomorrow at 2 PM to tomorrow at 3 PM?');
      expect((await meeting(ids.cyWed)).start, 'nothing moves before a yes').to.equal('2026-11-25T14:00:00.000Z');
      expect(await say('yes')).to.deep.equal({ speech: "I've moved your meeting with CY to tomorrow at 3 PM.", expectsAnswer: false });
      expect(await meeting(ids.cyWed)).to.deep.equal({ status: 'scheduled', start: '2026-11-25T15:00:00.000Z' });
      const row = await world.db('bookings').where({ id: ids.cyWed }).first('start_at', 'end_at');
      expect(Date.parse(row.end_at) - Date.parse(row.start_at), 'the same length').to.equal(30 * 60_000);

      expect((await say('bring my meeting with bob on thursday forward by half an hour')).speech).to.equal('Move your meeting with BOB on Thursday at 3 PM to Thursday at 2:30 PM?');
      await say('yes');
      expect((await meeting(ids.bobThu)).start).to.equal('2026-11-26T14:30:00.000Z');
    });

    it('reads a shift said as the answer from the meeting’s start, not from now', async () => {
      expect((await say('move my meeting with bob tomorrow')).speech).to.equal('When should I move your meeting with BOB tomorrow at 10 AM to?');
      expect((await say('an hour later')).speech).to.equal('Move your meeting with BOB tomorrow at 10 AM to tomorrow at 11 AM?');
      expect((await say('make it half an hour earlier')).speech, 'another shift, still from the meeting’s start').to.equal('Move your meeting with BOB tomorrow at 10 AM to tomorrow at 9:30 AM?');
      await say('yes');
      expect((await meeting(ids.bobWed)).start).to.equal('2026-11-25T09:30:00.000Z');
    });

    it('moves a meeting by days at the same time of day in the listener’s zone, across a clock change, after a yes', async () => {
      // Tuesday 20 Oct 2026; the listener speaks from Berlin, whose clocks go back on Sunday the 25th.
      world.clock.set('2026-10-20T10:00:00Z');
      const friday = (await world.booking.scheduleAdHocBooking({ organizerUserId: world.users.ada, usernames: ['bob'], start: '2026-10-23T13:00:00Z', durationMinutes: 30, title: 'Review', source: 'api' })).id;
      expect((await say('push my meeting with bob on friday back 3 days', 'Europe/Berlin')).speech).to.equal('Move your meeting with BOB on Friday at 3 PM to Monday at 3 PM?');
      expect((await meeting(friday)).start, 'nothing moves before a yes').to.equal('2026-10-23T13:00:00.000Z');
      expect(await say('yes', 'Europe/Berlin')).to.deep.equal({ speech: "I've moved your meeting with BOB to Monday at 3 PM.", expectsAnswer: false });
      expect(await meeting(friday), '3 PM in Berlin, 73 hours later').to.deep.equal({ status: 'scheduled', start: '2026-10-26T14:00:00.000Z' });

      expect((await say('move my meeting with bob on monday', 'Europe/Berlin')).speech).to.equal('When should I move your meeting with BOB on Monday at 3 PM to?');
      expect((await say('two days earlier', 'Europe/Berlin')).speech, 'an answer, from the meeting’s start').to.equal('Move your meeting with BOB on Monday at 3 PM to Saturday at 3 PM?');
      expect((await say('make it a week later', 'Europe/Berlin')).speech, 'still from its start').to.equal('Move your meeting with BOB on Monday at 3 PM to Monday, November 2 at 3 PM?');
      await say('yes', 'Europe/Berlin');
      expect((await meeting(friday)).start).to.equal('2026-11-02T14:00:00.000Z');
    });

    it('asks which meeting a shift is for when several fit, and finds one by its title', async () => {
      expect((await say('delay my meeting with bob by fifteen minutes')).speech).to.equal('Which one should I move: the one tomorrow at 10 AM or the one on Thursday at 3 PM?');
      expect((await say('the second one')).speech).to.equal('Move your meeting with BOB on Thursday at 3 PM to Thursday at 3:15 PM?');
      await say('yes');
      expect((await meeting(ids.bobThu)).start).to.equal('2026-11-26T15:15:00.000Z');

      const standup = (await world.booking.scheduleAdHocBooking({ organizerUserId: world.users.ada, usernames: ['bob'], start: '2026-11-27T09:00:00Z', durationMinutes: 30, title: 'Standup', source: 'api' })).id;
      expect((await say('can you push the standup an hour and a half later')).speech).to.equal('Move your meeting with BOB on Friday at 9 AM to Friday at 10:30 AM?');
      await say('yes');
      expect((await meeting(standup)).start).to.equal('2026-11-27T10:30:00.000Z');
    });

    it('says why a shifted time is not free, with the nearest free ones', async () => {
      // 12:00 UTC is 7 AM for CY in New York, before their working hours.
      expect((await say('move my 2pm 2 hours earlier')).speech).to.equal('Move your meeting with CY tomorrow at 2 PM to tomorrow at noon?');
      const refused = await say('yes');
      expect(refused.expectsAnswer).to.equal(true);
      expect(refused.speech).to.equal('That time is outside the working hours of someone in the meeting. The nearest free times are tomorrow at 2 PM, 2:30 PM or 3 PM. Which one should I move it to?');
      expect((await meeting(ids.cyWed)).start, 'nothing moved').to.equal('2026-11-25T14:00:00.000Z');
    });

    it('says why a time is not free with the nearest free ones, and moves to the one picked', async () => {
      expect((await say('move my meeting with cy tomorrow to thursday at 3pm')).speech).to.equal('Move your meeting with CY tomorrow at 2 PM to Thursday at 3 PM?');
      const refused = await say('yes');
      expect(refused.expectsAnswer).to.equal(true);
      expect(refused.speech).to.match(/^That time is already taken\. The nearest free times are (on )?Thursday at .+ Which one should I move it to\?$/);
      expect((await meeting(ids.cyWed)).start, 'nothing moved').to.equal('2026-11-25T14:00:00.000Z');
      const asked = await world.db('meeting_requests').where({ user_id: world.users.ada, status: 'question' }).first('pending');
      const first: string = (typeof asked.pending === 'string' ? JSON.parse(asked.pending) : asked.pending).times[0].start;
      expect((await say('the first one')).speech).to.match(/^I've moved your meeting with CY to Thursday at /);
      expect((await meeting(ids.cyWed)).start).to.equal(new Date(first).toISOString());
    });
  });
});
