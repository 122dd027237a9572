/**
 * Zoom cloud recordings: the signed `recording.completed` webhook stores the files' links on the
 * meeting, queues a copy of each file to S3-compatible storage (when configured) and an e-mail to
 * the attendees, all in one transaction; `endpoint.url_validation` is answered as Zoom documents.
 * A bad or stale signature is refused before anything is read or written.
 */
import type { Knex } from 'knex';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import { DomainError } from '../errors.js';
import type { OutboxMessage } from '../notify/dispatcher.js';
import { html } from '../notify/html.js';
import { enqueueOutboxMessages } from '../notify/outbox.js';
import type { ObjectStore } from './objectStore.js';
import { type ZoomClient, isValidZoomSignature, zoomUrlValidation } from './zoom.js';

export interface RecordingDeps {
  db: Knex;
  clock: Clock;
  zoomWebhookSecret: string | null;
  store: ObjectStore | null;
  zoom: ZoomClient | null;
  maxAttempts: number;
}

const fileSchema = z.object({
  id: z.string().min(1),
  file_type: z.string().optional(),
  file_extension: z.string().optional(),
  file_size: z.number().optional(),
  play_url: z.string().url().optional(),
  download_url: z.string().url().optional(),
  status: z.string().optional(),
});
const recordingSchema = z.object({
  event: z.literal('recording.completed'),
  download_token: z.string().optional(),
  payload: z.object({ object: z.object({ id: z.union([z.number(), z.string()]), uuid: z.string(), share_url: z.string().url().optional(), recording_files: z.array(fileSchema).default([]) }) }),
});

export interface ZoomWebhookHeaders {
  timestamp?: string;
  signature?: string;
}

/**
 * Verifies, then acts once per event. @returns the JSON to answer with.
 * @throws not_configured (no ZOOM_WEBHOOK_SECRET_TOKEN), unauthorized (bad or stale signature), validation_failed (not JSON)
 */
export async function receiveZoomWebhook(deps: RecordingDeps, raw: Buffer, headers: ZoomWebhookHeaders): Promise<Record<string, unknown>> {
  if (!deps.zoomWebhookSecret) throw new DomainError('not_configured', 'Zoom webhooks are not configured: set ZOOM_WEBHOOK_SECRET_TOKEN');
  if (!isValidZoomSignature(deps.zoomWebhookSecret, raw, headers.timestamp, headers.signature, Math.floor(deps.clock.now().getTime() / 1000))) {
    throw new DomainError('unauthorized', 'The Zoom signature does not match');
  }
  let body: { event?: string; payload?: { plainToken?: unknown } };
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new DomainError('validation_failed', 'The webhook body is not JSON');
  }
  if (body.event === 'endpoint.url_validation' && typeof body.payload?.plainToken === 'string') return zoomUrlValidation(deps.zoomWebhookSecret, body.payload.plainToken);
  if (body.event !== 'recording.completed') return { received: true, outcome: 'ignored' };
  const parsed = recordingSchema.safeParse(body);
  if (!parsed.success) throw new DomainError('validation_failed', 'The recording.completed event is not as Zoom documents it');
  return { received: true, outcome: await storeRecording(deps, parsed.data) };
}

async function storeRecording(deps: RecordingDeps, event: z.infer<typeof recordingSchema>): Promise<string> {
  const object = event.payload.object;
  return deps.db.transaction(async (trx) => {
    const fresh = await trx('conferencing_webhook_events').insert({ provider: 'zoom', event_id: `recording.completed:${object.uuid}`, type: event.event }).onConflict(['provider', 'event_id']).ignore().returning('event_id');
    if (fresh.length === 0) return 'duplicate';
    const conference = await trx('meeting_conferences').where({ provider: 'zoom', external_id: String(object.id) }).first('booking_id');
    if (!conference) return 'unknown_meeting';
    const bookingId: string = conference.booking_id;
    const files = object.recording_files.filter((f) => f.status === undefined || f.status === 'completed');
    const rows = files.map((f) => ({ booking_id: bookingId, provider: 'zoom', file_id: f.id, file_type: f.file_type ?? null, file_extension: f.file_extension?.toLowerCase() ?? null, file_size: f.file_size ?? null, play_url: f.play_url ?? null, download_url: f.download_url ?? null, share_url: object.share_url ?? null }));
    const stored: Array<{ id: string; download_url: string | null }> = rows.length ? await trx('meeting_recordings').insert(rows).onConflict(['provider', 'file_id']).ignore().returning(['id', 'download_url']) : [];
    const copies = deps.store ? stored.filter((r) => r.download_url).map((r) => ({ channel: 'recording_copy', bookingId, idempotencyKey: `recording_copy:${r.id}`, payload: { recordingId: r.id, downloadToken: event.download_token ?? null } })) : [];
    await enqueueOutboxMessages(trx, [...copies, ...(await recordingEmails(trx, bookingId, object.share_url ?? null, rows))], deps);
    return 'stored';
  });
}

async function recordingEmails(trx: Knex.Transaction, bookingId: string, shareUrl: string | null, files: Array<{ file_id: string; file_type: string | null; play_url: string | null }>) {
  const booking = await trx('bookings').where({ id: bookingId }).first('title');
  const attendees: Array<{ name: string; email: string }> = await trx('booking_attendees').where({ booking_id: bookingId }).select('name', 'email');
  const links = shareUrl ? [shareUrl] : files.flatMap((f) => (f.play_url ? [f.play_url] : []));
  if (links.length === 0) return [];
  const subject = `Recording: ${booking.title}`;
  const text = `The recording of "${booking.title}" is ready:\n${links.map((l) => `- ${l}`).join('\n')}\n`;
  const body = html`<p>The recording of <strong>${booking.title}</strong> is ready:</p><ul>${links.map((l) => html`<li><a href="${l}">${l}</a></li>`)}</ul>`;
  return attendees.map((a) => ({ channel: 'email', bookingId, idempotencyKey: `recording:${bookingId}:${a.email.toLowerCase()}:${files.map((f) => f.file_id).join(',').slice(0, 200)}`, payload: { to: a.email, toName: a.name, subject, text, html: body.value, ics: null, icsMethod: null } }));
}

/** The 'recording_copy' sender: downloads one file from Zoom and puts it in the bucket. */
export function recordingCopySender(deps: Pick<RecordingDeps, 'db' | 'clock' | 'store' | 'zoom'>) {
  return async (message: OutboxMessage): Promise<{ providerId: string } | null> => {
    const { recordingId, downloadToken } = message.payload as { recordingId: string; downloadToken: string | null };
    const row = await deps.db('meeting_recordings').where({ id: recordingId }).first();
    if (!row || row.storage_key || !row.download_url) return null;
    if (!deps.store || !deps.zoom) throw new Error('S3 or Zoom is not configured');
    const file = await deps.zoom.download(row.download_url, downloadToken);
    const ext = (row.file_extension ?? 'bin').replace(/[^a-z0-9]/g, '') || 'bin';
    const key = `recordings/${row.booking_id}/${row.file_id.replace(/[^\w.-]/g, '_')}.${ext}`;
    await deps.store.put(key, file.body, file.contentType);
    await deps.db('meeting_recordings').where({ id: recordingId }).update({ storage_key: key, stored_at: deps.clock.now() });
    return { providerId: key };
  };
}

/** A meeting's recordings, for its JSON. */
export async function recordingsOfBooking(db: Knex, bookingId: string) {
  const rows = await db('meeting_recordings').where({ booking_id: bookingId }).orderBy([{ column: 'created_at' }, { column: 'file_id' }]);
  return rows.map((r) => ({ provider: r.provider, fileType: r.file_type, fileSize: r.file_size === null ? null : Number(r.file_size), playUrl: r.play_url, downloadUrl: r.download_url, shareUrl: r.share_url, stored: r.storage_key ? { key: r.storage_key, at: new Date(r.stored_at).toISOString() } : null }));
}
