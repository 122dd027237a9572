import { sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { createApp } from '../../../../api/app.js';
import { readFileSync } from 'node:fs';
import { alexaRoutes, UTTERANCE_SLOTS } from '../../../../api/routes/voice/alexa.js';
import { SKILL_INTENTS } from '../../../../api/routes/voice/alexaSystem.js';
import { createFixedClock } from '../../../../core/clock.js';
import { createLogger } from '../../../../core/logger.js';
import type { RunningServer } from '../../../../server/compose.js';
import { resetTestDb } from '../../../helpers/db.js';
import { nextTuesday, WORK_WEEK } from '../../../helpers/scheduling.js';
import { makeChain } from '../../../core/voice/certificates.js';
import { apiClient, registerUser, startTestServer, type ApiCall } from '../../../helpers/server.js';

describe('POST /voice/alexa (a signed Alexa request → the request workflow)', function () {
  this.timeout(60_000);
  const now = nextTuesday();
  const clock = createFixedClock(now.toISOString());
  const CERT_URL = 'https://s3.amazonaws.com/echo.api/echo-api-cert-12.pem';
  const { ca, chain, key } = makeChain();
  const fetched: string[] = [];
  let server: RunningServer;
  let alexa: Server;
  let alexaUrl: string;
  let call: ApiCall;
  let linkedToken: string;
  const logged: Array<Record<string, unknown>> = [];

  before(async () => {
    await resetTestDb();
    server = await startTestServer({ clock });
    call = apiClient(server.url);
    for (const [username, name] of [['ada', 'Ada'], ['alice', 'Alice'], ['rnd', 'R&D <Team>']] as const) {
      const s = await registerUser(call, { username, name, timezone: 'UTC', email: `${username}@example.com` });
      await call('PUT', '/api/availability/schedule', { token: s.accessToken, body: { timezone: 'UTC', weekly: WORK_WEEK, overrides: [] } });
      if (username === 'ada') linkedToken = (await call('POST', '/api/tokens', { token: s.accessToken, body: { name: 'alexa', password: s.password } })).body.token;
    }
    const fetchCertificate = async (url: string) => {
      fetched.push(url);
      return chain;
    };
    const logger = createLogger('info', new Writable({
      write(line, _encoding, done) {
        logged.push(JSON.parse(String(line)));
        done();
      },
    }));
    const app = createApp(server.deps, [alexaRoutes({ ...server.deps, logger }, { fetchCertificate, trustedRoots: [ca] })]);
    alexa = createServer(app.callback());
    await new Promise<void>((ok) => alexa.listen(0, '127.0.0.1', ok));
    alexaUrl = `http://127.0.0.1:${(alexa.address() as AddressInfo).port}/voice/alexa`;
  });
  after(async () => {
    await new Promise((ok) => alexa?.close(ok));
    await server?.close();
  });

  /** A ScheduleIntent saying `utterance`; `request` replaces the request's fields (another type). */
  function envelope(utterance: string, options: { at?: Date; token?: string | null; request?: Record<string, unknown> } = {}) {
    const user = { userId: 'amzn1.ask.account.TEST', ...(options.token === null ? {} : { accessToken: options.token ?? linkedToken }) };
    return {
      version: '1.0',
      session: { new: true, sessionId: 'amzn1.echo-api.session.1', application: { applicationId: 'amzn1.ask.skill.test' }, user },
      context: { System: { application: { applicationId: 'amzn1.ask.skill.test' }, user, device: { deviceId: 'd1', supportedInterfaces: {} }, apiEndpoint: 'https://api.amazonalexa.com' } },
      request: {
        type: 'IntentRequest',
        requestId: `amzn1.echo-api.request.${Math.random()}`,
        timestamp: (options.at ?? now).toISOString().replace(/\.\d+Z$/, 'Z'),
        locale: 'en-US',
        intent: { name: 'ScheduleIntent', confirmationStatus: 'NONE', slots: { utterance: { name: 'utterance', value: utterance, confirmationStatus: 'NONE' } } },
        ...options.request,
      },
    };
  }

  async function post(body: unknown, headers: { certUrl?: string; signature?: string } = {}) {
    const raw = JSON.stringify(body);
    const signature = headers.signature ?? sign('RSA-SHA256', Buffer.from(raw), key).toString('base64');
    const res = await fetch(alexaUrl, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', SignatureCertChainUrl: headers.certUrl ?? CERT_URL, 'Signature-256': signature }, body: raw });
    return { status: res.status, body: (await res.json()) as any };
  }
  const bookings = async () => Number((await server.deps.db('bookings').count({ n: '*' }).first())!.n);

  it('books a meeting end to end from a correctly signed request, and answers a sentence', async () => {
    const res = await post(envelope('meeting with alice tomorrow at ten am'));
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.response.outputSpeech.ssml).to.equal("<speak>You&apos;re booked with Alice tomorrow at 10 AM.</speak>");
    expect(res.body.response.shouldEndSession).to.equal(true);
    const meeting = await server.deps.db('bookings').orderBy('created_at', 'desc').first();
    expect(new Date(meeting.start_at).toISOString()).to.equal(new Date(now.getTime() + 26 * 3_600_000).toISOString());
    expect(fetched).to.deep.equal([CERT_URL]);
  });

  it('keeps the session open for a question and the answer continues it; the chain is fetched once', async () => {
    const asked = await post(envelope('schedule a meeting tomorrow at two pm'));
    expect(asked.body.response.outputSpeech.ssml).to.equal('<speak>Who else should be in the meeting?</speak>');
    expect(asked.body.response.shouldEndSession).to.equal(false);
    const answered = await post(envelope('alice'));
    expect(answered.body.response.outputSpeech.ssml).to.equal("<speak>You&apos;re booked with Alice tomorrow at 2 PM.</speak>");
    expect(fetched).to.have.length(1);
  });

  it('escapes a name for SSML: "R&D <Team>" is read out as text and adds no markup', async () => {
    const res = await post(envelope('meeting with rnd tomorrow at eleven am'));
    const ssml: string = res.body.response.outputSpeech.ssml;
    expect(XMLValidator.validate(ssml), ssml).to.equal(true);
    expect(ssml).to.equal('<speak>You&apos;re booked with R&amp;D &lt;Team&gt; tomorrow at 11 AM.</speak>');
    const parsed = new XMLParser({ preserveOrder: true }).parse(ssml);
    expect(parsed, 'one <speak> holding text only').to.deep.equal([{ speak: [{ '#text': "You're booked with R&D <Team> tomorrow at 11 AM." }] }]);
    expect(res.body.response.card, 'no card repeats the speech').to.equal(undefined);
  });

  it('sends an unlinked user a LinkAccount card and books nothing', async () => {
    const before = await bookings();
    const res = await post(envelope('meeting with alice tomorrow at four pm', { token: null }));
    expect(res.status).to.equal(200);
    expect(res.body.response.card).to.deep.equal({ type: 'LinkAccount' });
    expect(await bookings()).to.equal(before);
  });

  it('answers System.ExceptionEncountered with an empty response and logs the error Alexa reports', async () => {
    const error = { type: 'INVALID_RESPONSE', message: 'SpeechletResponse was null' };
    const res = await post(envelope('', { request: { type: 'System.ExceptionEncountered', intent: undefined, error, cause: { requestId: 'amzn1.echo-api.request.failed' } } }));
    expect(res.status).to.equal(200);
    expect(res.body.version).to.equal('1.0');
    expect(res.body.response, 'no outputSpeech, reprompt or card').to.deep.equal({});
    expect(logged.find((line) => line.alexaErrorType === 'INVALID_RESPONSE')).to.include({ alexaError: error.message, causeRequestId: 'amzn1.echo-api.request.failed' });
  });

  it('answers CanFulfillIntentRequest per intent and slot, and books nothing', async () => {
    const before = await bookings();
    const ask = async (intent: Record<string, unknown>) => (await post(envelope('', { token: null, request: { type: 'CanFulfillIntentRequest', intent } }))).body.response;
    const slot = (name: string, value: string) => ({ [name]: { name, value, confirmationStatus: 'NONE' } });
    const schedule = await ask({ name: 'ScheduleIntent', slots: slot('utterance', 'meeting with alice tomorrow at nine am') });
    expect(schedule).to.deep.equal({ canFulfillIntent: { canFulfill: 'YES', slots: { utterance: { canUnderstand: 'YES', canFulfill: 'YES' } } } });
    expect((await ask({ name: 'AnswerIntent', slots: slot('answer', 'alice') })).canFulfillIntent.canFulfill).to.equal('YES');
    expect((await ask({ name: 'DetailsIntent', slots: { ...slot('date', '2026-W49'), ...slot('time', 'AF') } })).canFulfillIntent.canFulfill).to.equal('YES');
    expect((await ask({ name: 'ListMeetingsIntent', slots: {} })).canFulfillIntent.canFulfill, "what's on my calendar, no day said").to.equal('YES');
    expect((await ask({ name: 'ListMeetingsIntent', slots: slot('date', '2026-12-02') })).canFulfillIntent.canFulfill).to.equal('YES');
    expect((await ask({ name: 'CancelMeetingIntent', slots: {} })).canFulfillIntent.canFulfill, 'cancel what?').to.equal('NO');
    expect((await ask({ name: 'PostponeMeetingIntent', slots: slot('meeting', 'my 3pm by an hour') })).canFulfillIntent.canFulfill).to.equal('YES');
    expect(await ask({ name: 'PlaySoundIntent', slots: slot('sound', 'crickets') })).to.deep.equal({ canFulfillIntent: { canFulfill: 'NO', slots: { sound: { canUnderstand: 'NO', canFulfill: 'NO' } } } });
    expect((await ask({ name: 'ScheduleIntent', slots: { ...slot('utterance', 'lunch'), ...slot('sound', 'crickets') } })).canFulfillIntent.canFulfill, 'a slot it does not read').to.equal('NO');
    expect((await ask({ name: 'ScheduleIntent', slots: slot('utterance', ' ') })).canFulfillIntent, 'no words to book from').to.deep.equal({ canFulfill: 'NO', slots: {} });
    expect((await ask({ name: 'AMAZON.StopIntent' })).canFulfillIntent.canFulfill).to.equal('NO');
    expect(await bookings()).to.equal(before);
  });

  it('answers other request types (audio, connections) with an empty response, and a session end as before', async () => {
    for (const type of ['AudioPlayer.PlaybackStarted', 'PlaybackController.NextCommandIssued', 'Connections.Response', 'SessionEndedRequest']) {
      const res = await post(envelope('', { request: { type, intent: undefined, reason: 'USER_INITIATED', token: 't1', status: { code: '200', message: 'OK' } } }));
      expect(res.status, type).to.equal(200);
      expect(res.body.response, type).to.deep.equal({});
    }
  });

  it('rejects a bad signature, a wrong certificate URL and a stale timestamp with 400, changing nothing', async () => {
    const before = await bookings();
    const body = envelope('meeting with alice tomorrow at eleven am');
    const forged = sign('RSA-SHA256', Buffer.from('{"other":1}'), key).toString('base64');
    const stale = envelope('meeting with alice tomorrow at eleven am', { at: new Date(now.getTime() - 151_000) });
    const cases = [
      await post(body, { signature: forged }),
      await post(body, { certUrl: 'https://s3.amazonaws.com/EcHo.aPi/echo-api-cert-12.pem' }),
      await post(body, { certUrl: 'http://s3.amazonaws.com/echo.api/echo-api-cert-12.pem' }),
      await post(body, { certUrl: 'https://notamazon.com/echo.api/echo-api-cert-12.pem' }),
      await post(body, { certUrl: 'https://s3.amazonaws.com:563/echo.api/echo-api-cert-12.pem' }),
      await post(body, { certUrl: 'https://s3.amazonaws.com/invalid.path/echo-api-cert-12.pem' }),
      await post(stale),
    ];
    for (const res of cases) {
      expect(res.status, JSON.stringify(res.body)).to.equal(400);
      expect(JSON.stringify(res.body)).to.match(/Alexa request rejected/);
    }
    expect(await bookings()).to.equal(before);
    expect(fetched, 'no certificate is fetched from a refused URL').to.have.length(1);
  });

  it('accepts the URL forms Amazon allows: any case of the host, port 443, dot segments', async () => {
    for (const url of ['https://S3.AMAZONAWS.COM/echo.api/echo-api-cert-12.pem', 'https://s3.amazonaws.com:443/echo.api/../echo.api/echo-api-cert-12.pem']) {
      const res = await post(envelope('what can you do', {}), { certUrl: url });
      expect(res.status, url).to.equal(200);
    }
  });

  it('has an interaction model whose custom intents carry what was said in slots the endpoint reads', () => {
    const model = JSON.parse(readFileSync('alexa/interactionModels/custom/en-US.json', 'utf8')).interactionModel.languageModel;
    const manifest = JSON.parse(readFileSync('alexa/skill.json', 'utf8')).manifest;
    expect(manifest.apis.custom.endpoint.uri).to.match(/\/voice\/alexa$/);
    const custom: Array<{ name: string; slots: Array<{ name: string; type: string }>; samples: string[] }> = model.intents.filter((i: { name: string }) => !i.name.startsWith('AMAZON.'));
    expect(Object.fromEntries(custom.map((i) => [i.name, i.slots.map((slot) => slot.name)])), 'what CanFulfillIntentRequest answers YES to').to.deep.equal(SKILL_INTENTS);
    const owner = new Map<string, string>();
    for (const intent of custom) {
      const searchQuery = intent.slots.filter((slot) => slot.type === 'AMAZON.SearchQuery');
      for (const slot of searchQuery) expect(UTTERANCE_SLOTS).to.include(slot.name);
      for (const sample of intent.samples) {
        if (searchQuery.length) expect(sample, 'a SearchQuery needs a carrier phrase').to.match(/\w+.*\{\w+\}|\{\w+\}.*\w+/);
        for (const [, name] of sample.matchAll(/\{(\w+)\}/g)) expect(intent.slots.map((slot) => slot.name), sample).to.include(name);
        // The same words in two intents leave Alexa to guess between them.
        const shape = sample.toLowerCase().replace(/\{\w+\}/g, '{}');
        expect(owner.get(shape) ?? intent.name, `"${sample}" in ${intent.name} and ${owner.get(shape)}`).to.equal(intent.name);
        owner.set(shape, intent.name);
      }
    }
  });

  it('takes a bare answer Alexa sends as typed slots (a day and part of it, a name) into the open question', async () => {
    const details = (slots: Record<string, string>) =>
      envelope('', { request: { intent: { name: 'DetailsIntent', confirmationStatus: 'NONE', slots: Object.fromEntries(Object.entries(slots).map(([name, value]) => [name, { name, value, confirmationStatus: 'NONE' }])) } } });
    const tomorrow = new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10);
    expect((await post(envelope('a meeting with alice'))).body.response.outputSpeech.ssml).to.equal('<speak>What day and time should I book?</speak>');
    const offered = await post(details({ date: tomorrow, time: 'AF' }));
    expect(offered.body.response.outputSpeech.ssml).to.match(/^<speak>You and Alice are free tomorrow at (noon|12:30 PM|1 PM).* Which one should I book\?<\/speak>$/);
    expect(offered.body.response.shouldEndSession, 'the session stays open for the pick').to.equal(false);
    const picked = await post(envelope('', { request: { intent: { name: 'AnswerIntent', confirmationStatus: 'NONE', slots: { answer: { name: 'answer', value: 'first one', confirmationStatus: 'NONE' } } } } }));
    expect(picked.body.response.outputSpeech.ssml).to.match(/^<speak>You&apos;re booked with Alice tomorrow at (noon|12:30 PM|1 PM)\.<\/speak>$/);
    expect((await post(envelope('schedule a meeting tomorrow at four pm'))).body.response.outputSpeech.ssml).to.equal('<speak>Who else should be in the meeting?</speak>');
    const booked = await post(details({ person: 'Alice' }));
    expect(booked.body.response.outputSpeech.ssml).to.equal('<speak>You&apos;re booked with Alice tomorrow at 4 PM.</speak>');
  });

  describe('listing, cancelling and moving meetings', () => {
    let beaToken: string;
    const meetings: Record<'carl' | 'dan', string> = { carl: '', dan: '' };
    const tomorrowAt = (hour: number) => new Date(now.getTime() + 86_400_000 + (hour - 8) * 3_600_000).toISOString();
    const intent = (name: string, slots: Record<string, string> = {}) =>
      envelope('', { token: beaToken, request: { intent: { name, confirmationStatus: 'NONE', slots: Object.fromEntries(Object.entries(slots).map(([slot, value]) => [slot, { name: slot, value, confirmationStatus: 'NONE' }])) } } });
    const spoken = async (body: unknown) => {
      const res = await post(body);
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      return { ssml: res.body.response.outputSpeech.ssml as string, ends: res.body.response.shouldEndSession as boolean };
    };
    const meeting = async (id: string) => server.deps.db('bookings').where({ id }).first('status', 'start_at');

    before(async () => {
      const ids: Record<string, string> = {};
      for (const [username, name] of [['bea', 'Bea'], ['carl', 'Carl'], ['dan', 'Dan']] as const) {
        const s = await registerUser(call, { username, name, timezone: 'UTC', email: `${username}@example.com` });
        await call('PUT', '/api/availability/schedule', { token: s.accessToken, body: { timezone: 'UTC', weekly: WORK_WEEK, overrides: [] } });
        ids[username] = s.user.id;
        if (username === 'bea') beaToken = (await call('POST', '/api/tokens', { token: s.accessToken, body: { name: 'alexa', password: s.password } })).body.token;
      }
      const book = async (username: string, start: string) => (await server.deps.services.booking.scheduleAdHocBooking({ organizerUserId: ids.bea!, usernames: [username], start, durationMinutes: 30, title: `Bea / ${username}`, source: 'api' })).id;
      meetings.carl = await book('carl', tomorrowAt(10));
      meetings.dan = await book('dan', tomorrowAt(14));
    });

    it('reads the day asked about (ListMeetingsIntent with an AMAZON.DATE) and ends the session', async () => {
      const tomorrow = tomorrowAt(0).slice(0, 10);
      expect(await spoken(intent('ListMeetingsIntent', { date: tomorrow }))).to.deep.equal({ ssml: '<speak>Tomorrow you have 2 meetings: 10 AM with Carl and 2 PM with Dan.</speak>', ends: true });
      expect((await spoken(intent('ListMeetingsIntent'))).ssml).to.equal('<speak>Your next meetings are tomorrow at 10 AM with Carl and tomorrow at 2 PM with Dan.</speak>');
    });

    it('asks before it cancels (CancelMeetingIntent), cancels nothing on "no" or on an unsigned "yes", and cancels on "yes"', async () => {
      expect(await spoken(intent('CancelMeetingIntent', { meeting: 'my meeting with dan' }))).to.deep.equal({ ssml: '<speak>Cancel your meeting with Dan tomorrow at 2 PM?</speak>', ends: false });
      expect(await spoken(intent('AMAZON.NoIntent'))).to.deep.equal({ ssml: '<speak>Okay, I won&apos;t cancel it.</speak>', ends: true });
      await spoken(intent('AMAZON.YesIntent'));
      expect((await meeting(meetings.dan)).status, 'a yes after the no cancels nothing').to.equal('scheduled');

      await spoken(intent('CancelMeetingIntent', { meeting: 'my two pm' }));
      const forged = await post(intent('AMAZON.YesIntent'), { signature: sign('RSA-SHA256', Buffer.from('{"other":1}'), key).toString('base64') });
      expect(forged.status).to.equal(400);
      expect((await meeting(meetings.dan)).status, 'an unverified yes acts on nothing').to.equal('scheduled');
      expect(await spoken(intent('AMAZON.YesIntent'))).to.deep.equal({ ssml: '<speak>I&apos;ve canceled your meeting with Dan tomorrow at 2 PM.</speak>', ends: true });
      expect((await meeting(meetings.dan)).status).to.equal('canceled');
    });

    it('asks before it moves (MoveMeetingIntent) and moves through core’s reschedule on "yes"', async () => {
      expect(await spoken(intent('MoveMeetingIntent', { meeting: 'my ten am to thursday at eleven am' }))).to.deep.equal({ ssml: '<speak>Move your meeting with Carl tomorrow at 10 AM to Thursday at 11 AM?</speak>', ends: false });
      expect(await spoken(intent('AMAZON.YesIntent'))).to.deep.equal({ ssml: '<speak>I&apos;ve moved your meeting with Carl to Thursday at 11 AM.</speak>', ends: true });
      expect(new Date((await meeting(meetings.carl)).start_at).toISOString()).to.equal(new Date(Date.parse(tomorrowAt(11)) + 86_400_000).toISOString());
    });

    it('moves by the shift said: later with a verb that says it (PostponeMeetingIntent), earlier with "earlier" (MoveMeetingIntent)', async () => {
      const thursdayAt = (hour: number) => new Date(Date.parse(tomorrowAt(hour)) + 86_400_000).toISOString();
      expect(await spoken(intent('PostponeMeetingIntent', { meeting: 'my meeting with carl by half an hour' }))).to.deep.equal({ ssml: '<speak>Move your meeting with Carl on Thursday at 11 AM to Thursday at 11:30 AM?</speak>', ends: false });
      expect(await spoken(intent('AMAZON.YesIntent'))).to.deep.equal({ ssml: '<speak>I&apos;ve moved your meeting with Carl to Thursday at 11:30 AM.</speak>', ends: true });
      expect(new Date((await meeting(meetings.carl)).start_at).toISOString()).to.equal(thursdayAt(11.5));
      expect((await spoken(intent('MoveMeetingIntent', { meeting: 'my meeting with carl an hour earlier' }))).ssml).to.equal('<speak>Move your meeting with Carl on Thursday at 11:30 AM to Thursday at 10:30 AM?</speak>');
      await spoken(intent('AMAZON.YesIntent'));
      expect(new Date((await meeting(meetings.carl)).start_at).toISOString()).to.equal(thursdayAt(10.5));
    });
  });

  it('books the one time offered on "yes" (AMAZON.YesIntent), and leaves it on "no"', async () => {
    const intent = (name: string) => envelope('', { request: { intent: { name, confirmationStatus: 'NONE', slots: {} } } });
    const before = await bookings();
    // Alice is free on that Friday only from 9:00 to 9:30 (her working day, less what is booked here).
    const offered = await post(envelope('meeting with alice on friday before nine thirty am'));
    expect(offered.body.response.outputSpeech.ssml).to.equal('<speak>You and Alice are free on Friday at 9 AM. Should I book it?</speak>');
    expect((await post(intent('AMAZON.NoIntent'))).body.response.outputSpeech.ssml).to.equal('<speak>Okay.</speak>');
    await post(intent('AMAZON.YesIntent'));
    expect(await bookings(), 'the no left the question: a later yes books nothing').to.equal(before);
    await post(envelope('meeting with alice on friday before nine thirty am'));
    expect((await post(intent('AMAZON.YesIntent'))).body.response.outputSpeech.ssml).to.equal('<speak>You&apos;re booked with Alice on Friday at 9 AM.</speak>');
    expect(await bookings()).to.equal(before + 1);
  });
});
