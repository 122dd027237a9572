import { expect } from 'chai';
import Book from '../../../cli/commands/book.js';
import { fakeApi, parseArgv, parseError, runWith } from './harness.js';
import { meeting } from './fixtures.js';

describe('cli/commands/book', () => {
  describe('parse', () => {
    it('keeps an unquoted sentence as the rest of the command line', async () => {
      const { rest, flags } = await parseArgv(Book, ['30', 'min', 'with', 'alice', '--notes', 'hi']);
      expect(rest).to.deep.equal(['30', 'min', 'with', 'alice']);
      expect(flags.notes).to.equal('hi');
    });
    it('refuses --at without a value with exit 2 naming the flag', async () => {
      const { exit, message } = await parseError(Book, ['demo/intro', '--at']);
      expect(exit).to.equal(2);
      expect(message).to.include('--at');
    });
  });

  describe('run', () => {
    it('books an event type at an ISO --at with --name/--email, one idempotency key', async () => {
      const api = fakeApi({ 'POST /api/meetings/schedule': meeting() });
      const { stdout } = await runWith(
        Book,
        [
          'demo/intro',
          '--at',
          '2026-12-01T10:00',
          '--name',
          'Ada',
          '--email',
          'ada@example.com',
          '--tz',
          'Europe/Berlin',
        ],
        api,
      );
      expect(api.calls).to.have.length(1);
      expect(api.calls[0]!.body).to.deep.equal({
        user: 'demo',
        eventType: 'intro',
        start: '2026-12-01T09:00:00Z',
        invitee: { name: 'Ada', email: 'ada@example.com', timezone: 'Europe/Berlin' },
      });
      expect(stdout).to.match(/^Booked:/);
    });
    it('a paid event type: prints the amount, the checkout link and until when the time is held', async () => {
      const payment = { status: 'requires_payment', amount: 12000, currency: 'JPY', provider: 'stripe', checkoutUrl: 'https://checkout.stripe.com/c/pay/cs_test_1', holdExpiresAt: '2026-11-24T10:15:00Z' };
      const api = fakeApi({ 'POST /api/meetings/schedule': meeting({ status: 'pending_payment', payment }) });
      const { stdout } = await runWith(Book, ['demo/intro', '--at', '2026-12-01T10:00', '--name', 'Ada', '--email', 'ada@example.com', '--tz', 'Asia/Tokyo'], api);
      expect(stdout).to.match(/^Held until paid/);
      expect(stdout).to.match(/payment\s+JPY 12,000 to pay/);
      expect(stdout).to.match(/pay at\s+https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_1/);
      expect(stdout).to.match(/held until\s+Tue 24 Nov 2026 19:15 \(Asia\/Tokyo\)/);
    });
    it('without --at and no terminal, exits 2 naming --at', async () => {
      const error = await runWith(Book, ['demo/intro', '--tz', 'UTC'], fakeApi({})).catch((e) => e);
      expect(error.exitCode).to.equal(2);
      expect(error.message).to.include('--at');
    });
    it('books a sentence through POST /api/requests and /book at the asked, free time', async () => {
      const start = '2026-12-01T15:00:00Z';
      const proposal = {
        id: 'r1',
        status: 'proposed',
        with: [{ username: 'alice' }],
        durationMinutes: 30,
        widened: false,
        slots: [{ start, end: '2026-12-01T15:30:00Z' }],
        intent: { action: 'schedule', start, missing: [] },
      };
      const api = fakeApi({ 'POST /api/requests': proposal, 'POST /api/requests/r1/book': meeting({ start }) });
      await runWith(Book, ['30 min with alice tomorrow 3pm', '--tz', 'UTC'], api);
      expect(api.calls.map((c) => c.path)).to.deep.equal(['/api/requests', '/api/requests/r1/book']);
      expect(api.calls[0]!.body).to.deep.equal({ text: '30 min with alice tomorrow 3pm', timezone: 'UTC' });
      expect(api.calls[1]!.body).to.deep.equal({ start });
    });
    it('a sentence at a busy time, in a script: exit 5 naming who is not free and the best free times in the server\'s order, never as "next free"', async () => {
      const at = (h: string) => ({ start: `2026-12-01T${h}:00Z`, end: `2026-12-01T${h}:30Z` });
      const proposal = { id: 'r3', status: 'proposed', with: [{ username: 'bob' }], durationMinutes: 30, widened: false, slots: [at('15:30'), at('16:30'), at('16:00')], intent: { action: 'schedule', start: '2026-12-01T15:00:00Z', missing: [] } };
      const error = await runWith(Book, ['30 min with bob tomorrow 3pm', '--tz', 'UTC'], fakeApi({ 'POST /api/requests': proposal })).catch((e) => e);
      expect(error.code).to.equal('slot_unavailable');
      expect(error.message).to.match(/^bob and you are not both free at Tue 01 Dec 15:00 \(UTC\); best free times after that: .*15:30.*16:30.*16:00/);
      expect(error.message).not.to.include('next free');
    });
    it('a sentence naming a choice ("monday or tuesday at 3pm"), in a script: books the first named time that is free', async () => {
      const at = (d: string, h: string) => ({ start: `2026-12-0${d}T${h}:00Z`, end: `2026-12-0${d}T${h}:30Z` });
      const intent = { action: 'schedule', start: '2026-11-30T15:00:00Z', missing: [], alternatives: [{ start: '2026-12-01T15:00:00Z', end: null, window: null }] };
      const proposal = { id: 'r8', status: 'proposed', with: [{ username: 'bob' }], durationMinutes: 30, widened: true, slots: [at('1', '16:00'), at('1', '15:00')], intent };
      const api = fakeApi({ 'POST /api/requests': proposal, 'POST /api/requests/r8/book': meeting({ start: '2026-12-01T15:00:00Z' }) });
      await runWith(Book, ['30 min with bob monday or tuesday 3pm', '--tz', 'UTC'], api);
      expect(api.calls[1]!.body, 'Monday 15:00 is taken; Tuesday 15:00 was named too').to.deep.equal({ start: '2026-12-01T15:00:00Z' });
    });
    it('a sentence naming a choice when neither named time is free, in a script: exit 5 with the best free times', async () => {
      const at = (h: string) => ({ start: `2026-12-01T${h}:00Z`, end: `2026-12-01T${h}:30Z` });
      const intent = { action: 'schedule', start: '2026-11-30T15:00:00Z', missing: [], alternatives: [{ start: '2026-12-01T15:00:00Z', end: null, window: null }] };
      const proposal = { id: 'r9', status: 'proposed', with: [{ username: 'bob' }], durationMinutes: 30, widened: true, slots: [at('16:00')], intent };
      const error = await runWith(Book, ['30 min with bob monday or tuesday 3pm', '--tz', 'UTC'], fakeApi({ 'POST /api/requests': proposal })).catch((e) => e);
      expect(error.code).to.equal('slot_unavailable');
    });
    it('a sentence naming a time already past, in a script: exit 5 saying it has passed, not that someone is busy', async () => {
      const at = (h: string) => ({ start: `2026-12-01T${h}:00Z`, end: `2026-12-01T${h}:30Z` });
      const proposal = { id: 'r7', status: 'proposed', with: [{ username: 'bob' }], durationMinutes: 30, widened: true, past: true, slots: [at('09:00'), at('09:30')], intent: { action: 'schedule', start: '2026-11-29T15:00:00Z', missing: [] } };
      const error = await runWith(Book, ['30 min with bob sunday 3pm', '--tz', 'UTC'], fakeApi({ 'POST /api/requests': proposal })).catch((e) => e);
      expect(error.code).to.equal('slot_unavailable');
      expect(error.message).to.match(/^Sun 29 Nov 2026 15:00 \(UTC\) has already passed; the next free times: .*09:00.*09:30/);
    });
    it('a sentence at a busy time whose best free times include an earlier one calls them "near it"', async () => {
      const at = (h: string) => ({ start: `2026-12-01T${h}:00Z`, end: `2026-12-01T${h}:30Z` });
      const proposal = { id: 'r6', status: 'proposed', with: [{ username: 'bob' }], durationMinutes: 30, widened: false, slots: [at('16:00'), at('14:00')], intent: { action: 'schedule', start: '2026-12-01T15:00:00Z', missing: [] } };
      const error = await runWith(Book, ['30 min with bob tomorrow 3pm', '--tz', 'UTC'], fakeApi({ 'POST /api/requests': proposal })).catch((e) => e);
      expect(error.message).to.match(/; best free times near it: .*16:00.*14:00$/);
    });
    it('a sentence missing a piece exits 2 naming the field, in a script', async () => {
      const question = {
        id: 'r2',
        status: 'question',
        question: 'How long?',
        with: [],
        slots: [],
        intent: { action: 'schedule', start: null, missing: ['durationMinutes'] },
      };
      const api = fakeApi({ 'POST /api/requests': question });
      const error = await runWith(Book, ['with alice tomorrow', '--tz', 'UTC'], api).catch((e) => e);
      expect(error.exitCode).to.equal(2);
      expect(error.message).to.include('durationMinutes');
    });
    it('a bare username exits 2 asking for the event type, before any login or request', async () => {
      const api = fakeApi({}, null);
      const error = await runWith(Book, ['demo', '--at', 'tomorrow 4pm', '--tz', 'UTC'], api).catch((e) => e);
      expect(error.exitCode).to.equal(2);
      expect(error.message).to.equal('Name the event type, as in demo/intro');
      expect(api.calls).to.deep.equal([]);
    });
    it('a sentence that is not a booking names what is missing in words, not the question twice', async () => {
      const question = 'What would you like to do: book, move, cancel or list meetings?';
      const asked = { id: 'r4', status: 'question', question, with: [], slots: [], intent: { action: 'unknown', start: null, missing: ['action'] } };
      const error = await runWith(Book, ['hello there', '--tz', 'UTC'], fakeApi({ 'POST /api/requests': asked })).catch((e) => e);
      expect(error.exitCode).to.equal(2);
      expect(error.message).to.include('Missing a meeting to book ("30 min with alice tomorrow 3pm") in the request (field: action)');
      expect(error.message.split(question)).to.have.length(2);
    });
    it('a sentence with --at books at that time: the time is added to the sentence, read in --tz', async () => {
      const start = '2026-12-01T16:00:00Z';
      const proposal = { id: 'r5', status: 'proposed', with: [{ username: 'demo' }], durationMinutes: 30, widened: false, slots: [{ start, end: '2026-12-01T16:30:00Z' }], intent: { action: 'book', start, missing: [] } };
      const api = fakeApi({
        'POST /api/parse': { action: 'book', start: null, missing: ['start'], ambiguities: [] },
        'POST /api/requests': proposal,
        'POST /api/requests/r5/book': meeting({ start }),
      });
      await runWith(Book, ['30 min with demo', '--at', '2026-12-01T17:00', '--tz', 'Europe/Berlin'], api);
      expect(api.calls.map((c) => c.path)).to.deep.equal(['/api/parse', '/api/requests', '/api/requests/r5/book']);
      expect(api.calls[1]!.body).to.deep.equal({ text: '30 min with demo on 2026-12-01 at 17:00', timezone: 'Europe/Berlin' });
    });
    it('a sentence that says when and --at too exits 2 naming --at rather than pick one', async () => {
      const api = fakeApi({ 'POST /api/parse': { action: 'book', start: '2026-12-01T15:00:00Z', missing: [], ambiguities: [] } });
      const error = await runWith(Book, ['30 min with demo tomorrow 3pm', '--at', '2026-12-01T16:00', '--tz', 'UTC'], api).catch((e) => e);
      expect(error.exitCode).to.equal(2);
      expect(error.message).to.include('--at');
      expect(api.calls.map((c) => c.path)).to.deep.equal(['/api/parse']);
    });
    it('a sentence that names only a day (no time) and --at too exits 2 rather than book on the sentence\'s day', async () => {
      const api = fakeApi({ 'POST /api/parse': { action: 'book', start: null, window: { start: '2026-12-02T00:00:00Z', end: '2026-12-03T00:00:00Z' }, missing: ['start'], ambiguities: [] } });
      const error = await runWith(Book, ['30 min with demo tomorrow', '--at', '2026-12-04T15:00', '--tz', 'UTC'], api).catch((e) => e);
      expect(error.exitCode).to.equal(2);
      expect(error.message).to.include('--at').and.include('already says which day');
      expect(api.calls.map((c) => c.path)).to.not.include('/api/requests');
    });
    it('a sentence with flags only an event type reads exits 2 naming them, before any request', async () => {
      const api = fakeApi({});
      const error = await runWith(Book, ['30 min with demo tomorrow 3pm', '--name', 'Ada', '--count', '3', '--tz', 'UTC'], api).catch((e) => e);
      expect(error.exitCode).to.equal(2);
      expect(error.message).to.match(/^--name, --count go with yava book <user>\/<event-type>/);
      expect(api.calls).to.deep.equal([]);
    });
    it('a sentence without a login exits 3 before calling the API', async () => {
      const api = fakeApi({}, null);
      const error = await runWith(Book, ['30 min with alice', '--tz', 'UTC'], api).catch((e) => e);
      expect(error.code).to.equal('not_logged_in');
      expect(api.calls).to.deep.equal([]);
    });
  });
});
