import { expect } from 'chai';
import { createHmac, randomBytes } from 'node:crypto';
import { createFixedClock } from '../../../../core/clock.js';
import type { RunningServer } from '../../../../server/compose.js';
import { startFakeS3, type FakeS3 } from '../../../fakes/s3.js';
import { startFakeZoom, type FakeZoom } from '../../../fakes/zoom.js';
import { getTestDb, resetTestDb } from '../../../helpers/db.js';
import { apiClient, startTestServer, type ApiCall } from '../../../helpers/server.js';
import { createEventType, createHost, expectProblem } from '../../../helpers/scheduling.js';

const SECRET = 'zoom-webhook-secret-token';
const ZOOM = { accountId: 'acc-1', clientId: 'cid', clientSecret: 'csecret' };
const S3 = { bucket: 'recordings', accessKeyId: 'AKIDTEST', secretAccessKey: 'secret-key-test' };

describe('conferencing: Zoom meetings, the signed recording webhook and S3 copies', () => {
  let server: RunningServer;
  let call: ApiCall;
  let zoom: FakeZoom;
  let s3: FakeS3;
  let host: Awaited<ReturnType<typeof createHost>>;
  let meetingId: string;
  let zoomMeetingId: string;
  const clock = createFixedClock('2026-11-24T10:00:00Z');
  const nowSeconds = String(Math.floor(clock.now().getTime() / 1000));
  const drain = () => server.deps.services.notify.createDispatcher().drain();
  const db = async () => (await getTestDb()).knex;
  const sign = (body: string, secret = SECRET, ts = nowSeconds) => ({ 'x-zm-request-timestamp': ts, 'x-zm-signature': `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`, 'content-type': 'application/json' });
  const webhook = (body: string, headers: Record<string, string>) => call('POST', '/webhooks/zoom', { raw: body, headers });

  before(async function () {
    this.timeout(180_000);
    await resetTestDb();
    zoom = await startFakeZoom(ZOOM);
    s3 = await startFakeS3(S3);
    server = await startTestServer({
      clock,
      env: {
        ZOOM_ACCOUNT_ID: ZOOM.accountId, ZOOM_CLIENT_ID: ZOOM.clientId, ZOOM_CLIENT_SECRET: ZOOM.clientSecret, ZOOM_API_URL: zoom.url, ZOOM_WEBHOOK_SECRET_TOKEN: SECRET,
        S3_ENDPOINT: s3.url, S3_BUCKET: S3.bucket, S3_ACCESS_KEY_ID: S3.accessKeyId, S3_SECRET_ACCESS_KEY: S3.secretAccessKey,
      },
    });
    call = apiClient(server.url);
    host = await createHost(call, 'zoom-host');
    const et = await createEventType(call, host.token, { slug: 'demo', durationMinutes: 45 });
    const set = await call('PUT', `/api/event-types/${et.id}/location`, { token: host.token, body: { kind: 'zoom', autoRecording: true } });
    expect(set.body).to.deep.equal({ location: { kind: 'zoom', url: null, autoRecording: true } });
  });
  after(async () => {
    await server.close();
    await zoom.close();
    await s3.close();
  });

  it('creates a Zoom meeting with cloud auto-recording for a new booking (server-to-server OAuth) and makes it the location', async () => {
    const booked = await call('POST', '/api/meetings/schedule', { body: { user: 'zoom-host', eventType: 'demo', start: '2026-11-26T15:00:00Z', invitee: { name: 'Ivy', email: 'ivy@example.org', timezone: 'UTC' } } });
    expect(booked.status, booked.text).to.equal(201);
    meetingId = booked.body.id;
    await drain();
    expect(zoom.tokenRequests).to.equal(1);
    expect(zoom.meetings).to.have.length(1);
    expect(zoom.meetings[0]).to.deep.include({ topic: booked.body.title, type: 2, start_time: '2026-11-26T15:00:00Z', duration: 45, timezone: 'UTC' });
    expect(zoom.meetings[0]!.settings).to.deep.include({ auto_recording: 'cloud' });
    const meeting = await call('GET', `/api/meetings/${meetingId}`, { token: host.token });
    expect(meeting.body.location).to.match(/^https:\/\/zoom\.example\/j\/\d+\?pwd=abc$/);
    zoomMeetingId = /\/j\/(\d+)/.exec(meeting.body.location)![1]!;
    // The confirmation left before the meeting existed: the invitee and the host get the link in an updated invite.
    const updates = (await (await db())('outbox').where({ booking_id: meetingId, channel: 'email' }).whereLike('idempotency_key', `email:${meetingId}:conference_added:%`).select('payload')).map(
      (r: { payload: unknown }) => (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as { to: string; subject: string; text: string; ics: string; icsMethod: string },
    );
    expect(updates.map((u) => u.to).sort()).to.deep.equal(['ivy@example.org', 'zoom-host@example.com']);
    for (const u of updates) {
      expect(u.subject).to.match(/^Video link: /);
      expect(u.text).to.include(`Where: ${meeting.body.location}`);
      expect(u).to.include({ icsMethod: 'REQUEST' });
      expect(u.ics).to.include('SEQUENCE:1').and.include(`LOCATION:${meeting.body.location}`);
    }
    const noticeKinds = await (await db())('inapp_notifications').where({ booking_id: meetingId }).pluck('kind');
    expect(noticeKinds, 'the in-app feed (and webhooks) hear of it too').to.include('booking.conference_added');
  });

  it('answers endpoint.url_validation as Zoom documents', async () => {
    const body = JSON.stringify({ event: 'endpoint.url_validation', payload: { plainToken: 'qgg8vlvZRS6UYooatFL8Aw' }, event_ts: 1 });
    const res = await webhook(body, sign(body));
    expect(res.body).to.deep.equal({ plainToken: 'qgg8vlvZRS6UYooatFL8Aw', encryptedToken: createHmac('sha256', SECRET).update('qgg8vlvZRS6UYooatFL8Aw').digest('hex') });
  });

  const recordingEvent = () => {
    const file = randomBytes(256 * 1024 + 17);
    zoom.files.set('file-mp4-1', file);
    const body = JSON.stringify({
      event: 'recording.completed',
      event_ts: 1764000000000,
      download_token: zoom.downloadToken,
      payload: { account_id: ZOOM.accountId, object: { id: Number(zoomMeetingId), uuid: 'Abc123==', topic: 'demo', share_url: 'https://zoom.example/rec/share/xyz', recording_files: [
        { id: 'file-mp4-1', file_type: 'MP4', file_extension: 'MP4', file_size: file.length, play_url: 'https://zoom.example/rec/play/1', download_url: `${zoom.url}/rec/download/file-mp4-1`, status: 'completed', recording_type: 'shared_screen_with_speaker_view' },
      ] } },
    });
    return { body, file };
  };

  it('refuses a bad or stale signature and changes nothing', async () => {
    const { body } = recordingEvent();
    const outboxBefore = await (await db())('outbox').count({ n: '*' }).first();
    expectProblem(await webhook(body, sign(body, 'wrong-secret')), 401, 'unauthorized');
    expectProblem(await webhook(body, sign(body, SECRET, String(Number(nowSeconds) - 3600))), 401, 'unauthorized');
    expectProblem(await webhook(body, { ...sign(body), 'x-zm-signature': 'v0=' }), 401, 'unauthorized');
    expectProblem(await webhook(`${body} `, sign(body)), 401, 'unauthorized');
    expect(await (await db())('meeting_recordings').count({ n: '*' }).first()).to.deep.equal({ n: typeof outboxBefore!.n === 'number' ? 0 : '0' });
    expect(await (await db())('conferencing_webhook_events').count({ n: '*' }).first()).to.deep.equal({ n: typeof outboxBefore!.n === 'number' ? 0 : '0' });
    expect(await (await db())('outbox').count({ n: '*' }).first()).to.deep.equal(outboxBefore);
  });

  it('stores the links of a signed recording.completed, copies the file to S3 and tells the attendee', async () => {
    const { body, file } = recordingEvent();
    const res = await webhook(body, sign(body));
    expect(res.body, res.text).to.deep.equal({ received: true, outcome: 'stored' });
    expect((await webhook(body, sign(body))).body).to.deep.equal({ received: true, outcome: 'duplicate' });
    const before = await call('GET', `/api/meetings/${meetingId}`, { token: host.token });
    expect(before.body.recordings).to.deep.equal([
      { provider: 'zoom', fileType: 'MP4', fileSize: file.length, playUrl: 'https://zoom.example/rec/play/1', downloadUrl: `${zoom.url}/rec/download/file-mp4-1`, shareUrl: 'https://zoom.example/rec/share/xyz', stored: null },
    ]);
    await drain();
    const key = `recordings/${meetingId}/file-mp4-1.mp4`;
    const stored = s3.objects.get(key);
    expect(stored, [...s3.objects.keys()].join()).to.not.equal(undefined);
    expect(Buffer.compare(stored!.body, file)).to.equal(0);
    expect(s3.requests.find((r) => r.method === 'PUT')!.path).to.equal(`/${S3.bucket}/${key}`);
    const after = await call('GET', `/api/meetings/${meetingId}`, { token: host.token });
    expect(after.body.recordings[0].stored).to.deep.include({ key });
    const mail = await (await db())('outbox').where({ channel: 'email' }).whereLike('idempotency_key', 'recording:%').select('payload', 'status');
    expect(mail).to.have.length(1);
    const payload = typeof mail[0].payload === 'string' ? JSON.parse(mail[0].payload) : mail[0].payload;
    expect(payload).to.include({ to: 'ivy@example.org' });
    expect(payload.text).to.include('https://zoom.example/rec/share/xyz');
  });

  it('moves the Zoom meeting when the booking moves, and deletes it when the booking is canceled', async () => {
    const booked = await call('POST', '/api/meetings/schedule', { body: { user: 'zoom-host', eventType: 'demo', start: '2026-11-27T09:00:00Z', invitee: { name: 'Max', email: 'max@example.org', timezone: 'UTC' } } });
    await drain();
    const zoomId = /\/j\/(\d+)/.exec((await call('GET', `/api/meetings/${booked.body.id}`, { token: host.token })).body.location)![1]!;
    expect((await call('POST', `/api/meetings/${booked.body.id}/reschedule`, { token: host.token, body: { start: '2026-11-27T10:30:00Z' } })).status).to.equal(200);
    await drain();
    expect(zoom.changes.at(-1)).to.deep.equal({ method: 'PATCH', id: zoomId, body: { start_time: '2026-11-27T10:30:00Z', duration: 45, timezone: 'UTC' } });
    expect((await call('POST', `/api/meetings/${booked.body.id}/cancel`, { token: host.token, body: {} })).status).to.equal(200);
    await drain();
    expect(zoom.changes.at(-1)).to.deep.equal({ method: 'DELETE', id: zoomId });
    expect(zoom.meetings).to.have.length(2);
  });

  it('uses a fixed link as the location at once, and refuses Zoom settings on others\u2019 event types', async () => {
    const et = await createEventType(call, host.token, { slug: 'office-hours' });
    await call('PUT', `/api/event-types/${et.id}/location`, { token: host.token, body: { kind: 'link', url: 'https://meet.example/room-7' } });
    const booked = await call('POST', '/api/meetings/schedule', { body: { user: 'zoom-host', eventType: 'office-hours', start: '2026-11-26T10:00:00Z', invitee: { name: 'Lee', email: 'lee@example.org', timezone: 'UTC' } } });
    expect(booked.body.location).to.equal('https://meet.example/room-7');
    // The confirmation e-mails and their invitations carry the link too.
    const mails = await (await db())('outbox').where({ booking_id: booked.body.id, channel: 'email' }).select('payload');
    expect(mails).to.have.length.greaterThan(0);
    for (const { payload } of mails) {
      const p = typeof payload === 'string' ? JSON.parse(payload) : payload;
      expect(p.text, p.subject).to.include('https://meet.example/room-7');
      expect(p.ics.replace(/\r\n[ \t]/g, '')).to.include('LOCATION:https://meet.example/room-7');
    }
    const other = await createHost(call, 'zoom-other');
    expectProblem(await call('PUT', `/api/event-types/${et.id}/location`, { token: other.token, body: { kind: 'zoom' } }), 404, 'event_type_not_found');
    expectProblem(await call('PUT', `/api/event-types/${et.id}/location`, { token: host.token, body: { kind: 'link', url: 'javascript:alert(1)' } }), 400, 'validation_failed');
    expect((await call('DELETE', `/api/event-types/${et.id}/location`, { token: host.token })).status).to.equal(204);
    expect((await call('GET', `/api/event-types/${et.id}/location`, { token: host.token })).body).to.deep.equal({ location: null });
  });
});
