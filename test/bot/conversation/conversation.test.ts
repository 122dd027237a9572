import { expect } from 'chai';
import { createConversation, type Asker } from '../../../bot/conversation/index.js';
import { DomainError } from '../../../core/errors.js';
import { ADA, ADA_IDENTITY, ALICE, booking, fakePorts, storedRequest } from './fakePorts.js';

const asker: Asker = { identity: ADA_IDENTITY, user: ADA };
const noLookup = async () => null;

async function rejection(work: Promise<unknown>): Promise<DomainError> {
  try {
    await work;
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected a rejection');
}

describe('createConversation (over fake ports)', () => {
  it('hands a request to core with mentions as usernames, in the asker\'s zone and door, and offers the slots as labels', async () => {
    const { ports, calls, next } = fakePorts();
    next.linked.set('UALICE', ALICE);
    const reply = await createConversation(ports).handleText(asker, '30 min with <@UALICE|alice> tomorrow 3pm', noLookup);
    expect(calls.proposeOrAnswer).to.deep.equal([{ userId: ADA.userId, text: '30 min with @alice tomorrow 3pm', timezone: 'Europe/Paris', source: 'slack' }]);
    expect(reply).to.deep.include({ kind: 'slots', proposalId: next.request.id, title: 'Ada / Alice', durationMinutes: 30, withNames: ['Alice'], timezone: 'Europe/Paris' });
    expect(reply.kind === 'slots' && reply.slots).to.deep.equal([{ start: '2026-11-25T14:00:00.000Z', end: '2026-11-25T14:30:00.000Z', label: 'Wed 25 Nov, 15:00–15:30' }]);
  });

  it('shows the free times core ranked best first in the order of the day, as voice reads them', async () => {
    const { ports, next } = fakePorts();
    const ranked = ['2026-11-25T15:00:00.000Z', '2026-11-25T08:00:00.000Z', '2026-11-26T08:30:00.000Z', '2026-11-25T08:30:00.000Z'];
    next.request = storedRequest('30 min with @alice', { proposal: { ...storedRequest('x').proposal!, slots: ranked.map((start) => ({ start, end: new Date(Date.parse(start) + 30 * 60_000).toISOString() })) } });
    const reply = await createConversation(ports).handleText(asker, '30 min with @alice', noLookup);
    expect(reply.kind === 'slots' && reply.slots.map((s) => s.label)).to.deep.equal(['Wed 25 Nov, 09:00–09:30', 'Wed 25 Nov, 09:30–10:00', 'Wed 25 Nov, 16:00–16:30', 'Thu 26 Nov, 09:30–10:00']);
  });

  it('finds an unlinked mention through the platform lookup, and refuses one nobody can resolve', async () => {
    const { ports, calls } = fakePorts();
    const conversation = createConversation(ports);
    await conversation.handleText(asker, 'with <@UALICE> friday', async (id) => (id === 'UALICE' ? ALICE : null));
    expect(calls.proposeOrAnswer[0]!.text).to.equal('with @alice friday');
    const error = await rejection(conversation.handleText(asker, 'with <@UNOBODY> friday', noLookup));
    expect(error.code).to.equal('user_not_found');
    expect(error.message).to.include('<@UNOBODY>');
    expect(calls.proposeOrAnswer).to.have.length(1);
  });

  it('asks for 30-minute slots with /meet slots, and says core\'s question as it is', async () => {
    const { ports, calls, next } = fakePorts();
    next.request = storedRequest('with @alice', { status: 'question', question: 'What day and time should I book?', proposal: null });
    const reply = await createConversation(ports).handleText(asker, 'slots with @alice', noLookup);
    expect(calls.proposeOrAnswer[0]).to.include({ defaultDurationMinutes: 30, anyTime: true, text: 'with @alice' });
    expect(reply).to.deep.equal({ kind: 'question', text: 'What day and time should I book?' });
  });

  it('notes widened slots, says when nobody is free, and lists meetings for a request that reads as "list"', async () => {
    const { ports, next, calls } = fakePorts();
    const conversation = createConversation(ports);
    next.request = storedRequest('30 min with @alice tomorrow 3pm', { proposal: { ...storedRequest('x').proposal!, widened: true } });
    expect(await conversation.handleText(asker, '30 min with @alice tomorrow 3pm', noLookup)).to.deep.include({ note: 'Nothing is free then; these are the best free times in the days after.' });
    next.request = storedRequest('30 min with @alice yesterday 3pm', { proposal: { ...storedRequest('x').proposal!, widened: true, past: true } });
    expect(await conversation.handleText(asker, '30 min with @alice yesterday 3pm', noLookup)).to.deep.include({ note: 'That time has already passed; these are the next free times.' });
    next.request = storedRequest('x', { proposal: { ...storedRequest('x').proposal!, slots: [] } });
    expect(await conversation.handleText(asker, '30 min with @alice', noLookup)).to.deep.equal({ kind: 'text', text: 'No common free time for 30 min in the next 7 days. Try a shorter meeting or other people.' });
    next.request = storedRequest('what is on tomorrow', { status: 'unsupported', proposal: null, intent: { ...storedRequest('x').intent, action: 'list' } });
    const listed = await conversation.handleText(asker, 'what is on tomorrow', noLookup);
    expect(listed.kind).to.equal('meetings');
    expect(calls.listBookings[0]!.userId).to.equal(ADA.userId);
  });

  it('lists the next 25 meetings still on (asked of core, so canceled ones take no place) and says when more come after', async () => {
    const { ports, next, calls } = fakePorts();
    const conversation = createConversation(ports);
    const alone = await conversation.listMeetings(asker);
    expect(alone).to.include({ kind: 'meetings' }).and.not.have.property('more');
    expect(calls.listBookings[0]!.input).to.deep.include({ scope: 'upcoming', status: ['scheduled', 'pending'], limit: 25 });
    next.nextCursor = 'page-2';
    expect(await conversation.listMeetings(asker)).to.include({ kind: 'meetings', more: true });
  });

  it('books a pick, tells who is in it, and says a repeated pick booked nothing', async () => {
    const { ports, calls, next } = fakePorts();
    const conversation = createConversation(ports);
    const booked = await conversation.chooseSlot(asker, next.request.id, '2026-11-25T14:00:00.000Z');
    expect(calls.book).to.deep.equal([{ id: next.request.id, userId: ADA.userId, start: '2026-11-25T14:00:00.000Z' }]);
    expect(booked).to.deep.include({ kind: 'booked', label: 'Wed 25 Nov, 15:00–15:30', timezone: 'Europe/Paris', participantUserIds: [ADA.userId, ALICE.userId] });
    next.booked = { meeting: booking(), replayed: true };
    expect(await conversation.chooseSlot(asker, next.request.id, '2026-11-25T14:00:00.000Z')).to.deep.equal({ kind: 'text', text: 'You already picked a time for this request.' });
  });

  it('offers the fresh slots core stored when the picked time was taken or no longer bookable, says why, and passes other errors on', async () => {
    const { ports, next } = fakePorts();
    const conversation = createConversation(ports);
    next.bookError = new DomainError('slot_unavailable', 'That time was just taken; pick another');
    next.request = storedRequest('x', { proposal: { ...storedRequest('x').proposal!, slots: [{ start: '2026-11-25T15:00:00.000Z', end: '2026-11-25T15:30:00.000Z' }] } });
    const fresh = await conversation.chooseSlot(asker, next.request.id, '2026-11-25T14:00:00.000Z');
    expect(fresh).to.deep.include({ kind: 'slots', note: 'That time was just taken; here are fresh times.' });
    expect(fresh.kind === 'slots' && fresh.slots.map((s) => s.label)).to.deep.equal(['Wed 25 Nov, 16:00–16:30']);
    next.bookError = new DomainError('slot_unavailable', 'That time has already passed. Nearest free times: 16:00 (Europe/Berlin).', { details: { reason: 'in_past', alternatives: [] } });
    const passed = await conversation.chooseSlot(asker, next.request.id, '2026-11-25T14:00:00.000Z');
    expect(passed).to.deep.include({ kind: 'slots', note: 'That time has already passed. Here are fresh times.' });
    next.bookError = new DomainError('conflict', 'You already picked a time for this request');
    expect((await rejection(conversation.chooseSlot(asker, next.request.id, '2026-11-25T15:00:00.000Z'))).code).to.equal('conflict');
  });

  it('cancels an upcoming meeting by a unique prefix of its id, as the asker', async () => {
    const { ports, calls } = fakePorts();
    const reply = await createConversation(ports).handleText(asker, 'cancel 11111111', noLookup);
    expect(calls.cancelBooking).to.deep.equal([{ id: booking().id, actor: { userId: ADA.userId } }]);
    expect(reply).to.deep.include({ kind: 'canceled' });
    expect((await rejection(createConversation(ports).handleText(asker, 'cancel 99999999', noLookup))).code).to.equal('booking_not_found');
  });

  describe('listing by the time a request names, read in the asker\'s zone (cancelling by words: moves.test.ts)', () => {
    const at3 = booking({ id: 'aaaaaaaa-2222-4333-8444-555555555555', start: '2026-11-25T14:00:00.000Z', end: '2026-11-25T14:30:00.000Z' });
    const at10 = booking({ id: 'bbbbbbbb-2222-4333-8444-555555555555', start: '2026-11-26T09:00:00.000Z', end: '2026-11-26T09:30:00.000Z', title: 'Standup' });
    const world = () => {
      const fake = fakePorts();
      fake.next.bookings = [at3, at10];
      return { ...fake, conversation: createConversation(fake.ports) };
    };

    it('lists only the meetings in the time a request to list names ("what do I have on thursday")', async () => {
      const { conversation, calls, next } = world();
      next.request = storedRequest('what do I have on thursday', { status: 'unsupported', proposal: null });
      expect(next.request.intent).to.deep.include({ action: 'list' });
      await conversation.handleText(asker, 'what do I have on thursday', noLookup);
      // Thursday in Paris: 26 Nov 00:00–24:00 (+01:00).
      expect(calls.listBookings[0]!.input).to.deep.include({ from: '2026-11-26T00:00:00.000+01:00', to: '2026-11-27T00:00:00.000+01:00' });
      next.bookings = [];
      next.request = storedRequest("what's on tomorrow", { status: 'unsupported', proposal: null });
      expect(await conversation.handleText(asker, "what's on tomorrow", noLookup)).to.deep.equal({ kind: 'text', text: 'You have no meetings then. Run `/meet list` for all your upcoming ones.' });
    });
  });

  it('asks before it cancels a meeting named by words, as /meet cancel or in plain words, and cancels nothing yet (the dialog: moves.test.ts)', async () => {
    for (const text of ['cancel my meeting with alice', 'please cancel my meeting with alice']) {
      const { ports, calls, next } = fakePorts();
      next.request = storedRequest(text, { status: 'unsupported', proposal: null, intent: { ...storedRequest('x').intent, action: 'cancel' } });
      const reply = await createConversation(ports).handleText(asker, text, noLookup);
      expect(reply, text).to.deep.equal({ kind: 'question', text: 'Cancel your meeting with Alice tomorrow at 3 PM?' });
      expect(calls.cancelBooking, text).to.deep.equal([]);
    }
  });

  it('asks before it moves a meeting a request asks to move, and cancels nothing (the dialog itself: moves.test.ts)', async () => {
    const { ports, calls, next } = fakePorts();
    next.request = storedRequest('move my meeting with alice to friday', { status: 'unsupported', proposal: null, intent: { ...storedRequest('x').intent, action: 'reschedule' } });
    const reply = await createConversation(ports).handleText(asker, 'move my meeting with alice to friday', noLookup);
    expect(reply).to.deep.equal({ kind: 'question', text: 'Move your meeting with Alice tomorrow at 3 PM to Friday at 3 PM?' });
    expect(calls.cancelBooking).to.deep.equal([]);
  });

  it('points a request to move read as a search for free times (/meet slots) to how to move one', async () => {
    const { ports, next } = fakePorts();
    next.request = storedRequest('move my meeting with alice to friday', { status: 'unsupported', proposal: null, intent: { ...storedRequest('x').intent, action: 'reschedule' } });
    const reply = await createConversation(ports).handleText(asker, 'slots move my meeting with alice to friday', noLookup);
    expect(reply.kind === 'text' && reply.text).to.include('/meet push my 3pm back an hour').and.not.include('To cancel');
  });

  it('identifies a chat account by its link, else by the verified email, else asks to link', async () => {
    const { ports, calls } = fakePorts();
    const conversation = createConversation(ports);
    expect(await conversation.identify(ADA_IDENTITY)).to.deep.equal({ identity: ADA_IDENTITY, user: ADA });
    const stranger = { ...ADA_IDENTITY, externalUserId: 'UALICE' };
    expect(await conversation.identify(stranger, { email: ALICE.email })).to.deep.equal({ identity: stranger, user: ALICE });
    expect(await conversation.identify(stranger, { email: 'nobody@example.com' })).to.equal(null);
    expect(calls.linkByVerifiedEmail).to.deep.equal([ALICE.email, 'nobody@example.com']);
    const link = await conversation.linkInstructions(stranger);
    expect(link.kind === 'link' && link.text).to.include('yava_link_test').and.include('https://yava.example/api/chat/link');
    expect(link.kind === 'link' && link.text).to.include('https://yava.example/app/link?code=yava_link_test');
  });

  it('answers /meet help before linking with the commands, and anything else with the link', async () => {
    const { ports } = fakePorts();
    const conversation = createConversation(ports);
    const stranger = { ...ADA_IDENTITY, externalUserId: 'UNEW' };
    const help = await conversation.unlinkedReply(stranger, ' help ');
    expect(help.kind).to.equal('help');
    expect(help.kind === 'help' && help.text).to.include('/meet list').and.include('/meet link');
    const other = await conversation.unlinkedReply(stranger, 'list');
    expect(other.kind).to.equal('link');
  });
});
