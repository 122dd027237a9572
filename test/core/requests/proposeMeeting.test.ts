import { expect } from 'chai';
import { expectCode } from '../booking/helpers.js';
import { setUpRequestWorld, type RequestWorld } from './helpers.js';

describe('core/requests/proposeMeeting', () => {
  let w: RequestWorld;
  beforeEach(async () => {
    w = await setUpRequestWorld();
  });
  const BERLIN = 'Europe/Berlin';

  it('proposes the asked time when everyone is free, read and shown in the asker\'s zone', async () => {
    const r = await w.requests.propose({ userId: w.users.bob, text: '30 min with cy tomorrow 3pm', timezone: BERLIN, source: 'api' });
    expect(r).to.include({ status: 'proposed', question: null, timezone: BERLIN, source: 'api' });
    expect(r.proposal).to.deep.equal({
      participants: [{ username: 'cy', name: 'CY' }],
      durationMinutes: 30,
      title: 'BOB / CY',
      window: { from: '2026-11-25T14:00:00.000Z', to: '2026-11-25T14:30:00.000Z' },
      slots: [{ start: '2026-11-25T14:00:00.000Z', end: '2026-11-25T14:30:00.000Z' }],
      widened: false,
    });
  });

  it('widens to the next free times when nobody is free at the asked time', async () => {
    // 09:00 in Berlin is 03:00 in New York: the first common time is 15:00 Berlin the same day.
    const r = await w.requests.propose({ userId: w.users.bob, text: '30 min with cy tomorrow 9am', timezone: BERLIN, source: 'api' });
    expect(r.proposal!.widened).to.equal(true);
    expect(r.proposal!.slots[0]).to.deep.equal({ start: '2026-11-25T14:00:00.000Z', end: '2026-11-25T14:30:00.000Z' });
    expect(r.proposal!.slots.length).to.equal(5);
  });

  it('says a time asked for that has already passed, and proposes the next free times', async () => {
    // 10:00Z is 19:00 in Tokyo: its morning is over.
    for (const text of ['30 min with cy yesterday 3pm', '30 min with cy on 5 January 2020', '30 min with cy this morning']) {
      const r = await w.requests.propose({ userId: w.users.bob, text, timezone: 'Asia/Tokyo', source: 'api' });
      expect(r.proposal, text).to.deep.include({ widened: true, past: true });
      expect(Date.parse(r.proposal!.slots[0]!.start), text).to.be.at.least(w.clock.now().getTime());
    }
    const later = await w.requests.propose({ userId: w.users.bob, text: '30 min with cy tomorrow 9am', timezone: BERLIN, source: 'api' });
    expect(later.proposal).to.include({ widened: true }).and.not.have.property('past');
  });

  it('searches each day of a choice ("wednesday or friday") and proposes free times from both', async () => {
    const days = (r: { proposal: { slots: Array<{ start: string }> } | null }) => [...new Set(r.proposal!.slots.map((s) => s.start.slice(0, 10)))].sort();
    const either = await w.requests.propose({ userId: w.users.bob, text: '30 min with cy wednesday or friday', timezone: BERLIN, source: 'api' });
    expect(days(either)).to.deep.equal(['2026-11-25', '2026-11-27']);
    expect(either.proposal!.windows).to.have.length(2);
    expect(either.proposal).to.include({ widened: false });
    const atThree = await w.requests.propose({ userId: w.users.bob, text: '30 min with cy wednesday or friday at 3pm', timezone: BERLIN, source: 'api' });
    expect(atThree.proposal!.slots.map((s) => s.start).sort()).to.deep.equal(['2026-11-25T14:00:00.000Z', '2026-11-27T14:00:00.000Z']);
  });

  it('widens after the later of the times offered when neither is free', async () => {
    // 9am in Berlin is 3am in New York on both days.
    const r = await w.requests.propose({ userId: w.users.bob, text: '30 min with cy wednesday or thursday at 9am', timezone: BERLIN, source: 'api' });
    expect(r.proposal).to.include({ widened: true });
    expect(Date.parse(r.proposal!.slots[0]!.start)).to.be.at.least(Date.parse('2026-11-26T08:30:00.000Z'));
  });

  it('says a request to cancel or list is not a booking', async () => {
    const r = await w.requests.propose({ userId: w.users.bob, text: 'cancel my meeting with cy tomorrow', timezone: BERLIN, source: 'api' });
    expect(r).to.include({ status: 'unsupported', proposal: null });
    await expectCode(w.requests.book({ id: r.id, userId: w.users.bob, start: '2026-11-25T14:00:00Z' }), 'invalid_transition');
  });

  it('continues the question this door asked with an answer, and starts anew on a complete request', async () => {
    const asked = await w.requests.proposeOrAnswer({ userId: w.users.bob, text: 'with cy', timezone: BERLIN, source: 'slack' });
    expect(asked).to.include({ status: 'question', question: 'What day and time should I book?' });
    const answered = await w.requests.proposeOrAnswer({ userId: w.users.bob, text: 'friday 45 min', timezone: BERLIN, source: 'slack' });
    expect(answered).to.include({ id: asked.id, status: 'proposed', text: 'with cy friday 45 min' });
    expect(answered.proposal!.slots[0]).to.deep.equal({ start: '2026-11-27T14:00:00.000Z', end: '2026-11-27T14:45:00.000Z' });

    const open = await w.requests.proposeOrAnswer({ userId: w.users.bob, text: 'with cy', timezone: BERLIN, source: 'slack' });
    const fresh = await w.requests.proposeOrAnswer({ userId: w.users.bob, text: '30 min with cy thursday 4pm', timezone: BERLIN, source: 'slack' });
    expect(fresh.id).not.to.equal(open.id);
    expect((await w.requests.get(open.id, w.users.bob)).status).to.equal('closed');
    // Another door's open question is not this door's.
    const cli = await w.requests.proposeOrAnswer({ userId: w.users.bob, text: 'with cy', timezone: BERLIN, source: 'api' });
    expect((await w.requests.proposeOrAnswer({ userId: w.users.bob, text: 'friday 45 min', timezone: BERLIN, source: 'slack' })).id).not.to.equal(cli.id);
  });

  it('reads words that name other people, or ask to cancel or list, as a new request while a question is open', async () => {
    const open = await w.requests.proposeOrAnswer({ userId: w.users.bob, text: 'with cy tomorrow 3pm', timezone: BERLIN, source: 'voice' });
    expect(open.question).to.equal('How long should the meeting be?');
    // Not an answer to "How long": a request of its own, which needs its own question.
    const fresh = await w.requests.proposeOrAnswer({ userId: w.users.bob, text: '30 min with ada next friday', timezone: BERLIN, source: 'voice' });
    expect(fresh.id).not.to.equal(open.id);
    expect(fresh.question).to.match(/^Friday the 27th/);
    expect(fresh.intent.attendees).to.deep.equal([{ name: 'ada' }]);
    const cancel = await w.requests.proposeOrAnswer({ userId: w.users.bob, text: 'please cancel my 3pm', timezone: BERLIN, source: 'voice' });
    expect(cancel).to.include({ status: 'unsupported', proposal: null });
    expect(cancel.intent.action).to.equal('cancel');
    // An answer to "Who else …?" names people, and still answers it.
    const who = await w.requests.proposeOrAnswer({ userId: w.users.bob, text: '30 min tomorrow 3pm', timezone: BERLIN, source: 'voice' });
    const answered = await w.requests.proposeOrAnswer({ userId: w.users.bob, text: 'with cy', timezone: BERLIN, source: 'voice' });
    expect(answered).to.include({ id: who.id, status: 'proposed' });
  });

  it('asks again when an answer does not answer, and refuses answers once the question expired', async () => {
    const asked = await w.requests.propose({ userId: w.users.bob, text: 'with cy tomorrow 3pm', timezone: BERLIN, source: 'api' });
    expect(asked.question).to.equal('How long should the meeting be?');
    const again = await w.requests.answer({ id: asked.id, userId: w.users.bob, text: 'blue' });
    expect(again).to.include({ id: asked.id, status: 'question', question: 'How long should the meeting be?' });
    w.clock.advance(16 * 60_000);
    await expectCode(w.requests.answer({ id: asked.id, userId: w.users.bob, text: '30' }), 'invalid_transition');
  });

  it('lists free times without asking when any time will do (chat\'s /meet slots), and still asks for a date said two ways', async () => {
    const asked = await w.requests.propose({ userId: w.users.bob, text: 'with cy', timezone: BERLIN, source: 'api', defaultDurationMinutes: 30 });
    expect(asked).to.include({ status: 'question', question: 'What day and time should I book?' });
    const listed = await w.requests.propose({ userId: w.users.bob, text: 'with cy', timezone: BERLIN, source: 'api', defaultDurationMinutes: 30, anyTime: true });
    expect(listed.status).to.equal('proposed');
    // The next 7 days from now (Tuesday 10:00Z): the first common time is today at 15:00 Berlin.
    expect(listed.proposal!.window).to.deep.equal({ from: '2026-11-24T10:00:00.000Z', to: '2026-12-01T10:00:00.000Z' });
    expect(listed.proposal!.slots.length).to.be.greaterThan(0);
    const open = await w.requests.proposeOrAnswer({ userId: w.users.bob, text: 'with cy', timezone: BERLIN, source: 'slack' });
    const fresh = await w.requests.proposeOrAnswer({ userId: w.users.bob, text: 'with cy', timezone: BERLIN, source: 'slack', defaultDurationMinutes: 30, anyTime: true });
    expect(fresh.id, 'a complete listing is a new request, not an answer to the open question').not.to.equal(open.id);
    expect(fresh.status).to.equal('proposed');
    const twoWays = await w.requests.propose({ userId: w.users.bob, text: 'with cy next friday', timezone: BERLIN, source: 'api', defaultDurationMinutes: 30, anyTime: true });
    expect(twoWays).to.include({ status: 'question' });
    expect(twoWays.question).to.match(/^Friday the 27th of November or the 4th/);
  });

  it('finds a time named exactly off the meeting-long grid ("at quarter past three") when everyone is free then', async () => {
    const r = await w.requests.propose({ userId: w.users.bob, text: '30 min with cy tomorrow at quarter past three pm', timezone: BERLIN, source: 'api' });
    expect(r.proposal).to.deep.include({ widened: false, slots: [{ start: '2026-11-25T14:15:00.000Z', end: '2026-11-25T14:45:00.000Z' }] });
  });

  it('settles a first name several people share when the request says one of them in full, in any case ("with cy chen")', async () => {
    await w.db('users').insert([
      { email: 'cy.chen@x.org', username: 'cychen', name: 'Cy Chen', password_hash: 'x', timezone: 'Europe/Berlin' },
      { email: 'cy.park@x.org', username: 'cypark', name: 'Cy Park', password_hash: 'x', timezone: 'Europe/Berlin' },
    ]);
    const ambiguous = await w.requests.propose({ userId: w.users.bob, text: '30 min with cy tomorrow 3pm', timezone: BERLIN, source: 'api' });
    expect(ambiguous.question).to.match(/^Which cy — /);
    // A choice picked by its place (a chat button), not by words.
    const picked = await w.requests.answer({ id: ambiguous.id, userId: w.users.bob, choice: ambiguous.pending!.choices.findIndex((c) => c.label === 'Cy Park') });
    expect(picked.proposal!.participants).to.deep.equal([{ username: 'cypark', name: 'Cy Park' }]);
    await expectCode(w.requests.answer({ id: ambiguous.id, userId: w.users.bob, choice: 0 }), 'invalid_transition');
    const again = await w.requests.propose({ userId: w.users.bob, text: '30 min with cy tomorrow 3pm', timezone: BERLIN, source: 'api' });
    await expectCode(w.requests.answer({ id: again.id, userId: w.users.bob, choice: 9 }), 'validation_failed');
    const settled = await w.requests.propose({ userId: w.users.bob, text: '30 min with cy chen tomorrow 3pm', timezone: BERLIN, source: 'api' });
    expect(settled.status, settled.question ?? '').to.equal('proposed');
    expect(settled.proposal!.participants).to.deep.equal([{ username: 'cychen', name: 'Cy Chen' }]);
  });

  it('resolves names written with letters beyond A–Z, composed or not ("josé", "Jose\u0301")', async () => {
    await w.db('users').insert({ email: 'jose@x.org', username: 'jgarcia', name: 'José García', password_hash: 'x', timezone: 'Europe/Madrid' });
    for (const said of ['josé', 'Jose\u0301', 'José García']) {
      const r = await w.requests.propose({ userId: w.users.bob, text: `30 min with ${said} tomorrow 3pm`, timezone: BERLIN, source: 'api' });
      expect(r.status, `${said}: ${r.question ?? ''}`).to.equal('proposed');
      expect(r.proposal!.participants).to.deep.equal([{ username: 'jgarcia', name: 'José García' }]);
    }
  });

  it('cuts a title read from the words to 200 characters, the longest a typed title may be', async () => {
    const r = await w.requests.propose({ userId: w.users.bob, text: `30 min with cy tomorrow 3pm about ${'the launch plan and '.repeat(30)}`, timezone: BERLIN, source: 'slack' });
    expect(r.proposal!.title).to.have.length(200);
    expect(r.proposal!.title).to.match(/^launch plan and the launch plan.*…$/);
  });

  it('asks which of the proposed times to book (voice), and the next words pick one', async () => {
    const offered = await w.requests.proposeOrAnswer({ userId: w.users.bob, text: '30 min with cy tomorrow afternoon', timezone: BERLIN, source: 'voice' });
    const starts = offered.proposal!.slots.slice(0, 2).map((slot) => slot.start);
    const asked = await w.requests.askWhichTime({ id: offered.id, userId: w.users.bob, question: 'Which one?', choices: starts.map((start, i) => ({ label: `choice ${i}`, start })) });
    expect(asked).to.include({ id: offered.id, status: 'question', question: 'Which one?', proposal: null });
    const picked = await w.requests.proposeOrAnswer({ userId: w.users.bob, text: 'the second one', timezone: BERLIN, source: 'voice' });
    expect(picked).to.include({ id: offered.id, status: 'proposed' });
    expect(picked.intent.start && Date.parse(picked.intent.start)).to.equal(Date.parse(starts[1]!));
    await expectCode(w.requests.askWhichTime({ id: asked.id, userId: w.users.cy, question: 'x', choices: [] }), 'not_found');
    await w.requests.askWhichTime({ id: offered.id, userId: w.users.bob, question: 'Which one?', choices: [] });
    await expectCode(w.requests.askWhichTime({ id: offered.id, userId: w.users.bob, question: 'x', choices: [] }), 'invalid_transition');
  });

  it('keeps a request to the person who made it', async () => {
    const r = await w.requests.propose({ userId: w.users.bob, text: '30 min with cy tomorrow 3pm', timezone: BERLIN, source: 'api' });
    await expectCode(w.requests.get(r.id, w.users.cy), 'not_found');
    await expectCode(w.requests.get('not-a-uuid', w.users.bob), 'not_found');
  });
});
