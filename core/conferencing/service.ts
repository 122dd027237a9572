/** Conferencing and recordings: settings from the environment, the event-type location, the senders and the Zoom webhook. */
import type { Knex } from 'knex';
import type { BookingNotifier } from '../notify/types.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { type EventTypeLocation, conferenceSender, getEventTypeLocation, setEventTypeLocation } from './locations.js';
import { createS3ObjectStore, type ObjectStore } from './objectStore.js';
import { type ZoomWebhookHeaders, receiveZoomWebhook, recordingCopySender, recordingsOfBooking } from './recordings.js';
import { createZoomClient, type ZoomClient } from './zoom.js';

type ConferencingConfig = Pick<
  Config,
  'ZOOM_ACCOUNT_ID' | 'ZOOM_CLIENT_ID' | 'ZOOM_CLIENT_SECRET' | 'ZOOM_API_URL' | 'ZOOM_OAUTH_URL' | 'ZOOM_WEBHOOK_SECRET_TOKEN' | 'S3_ENDPOINT' | 'S3_BUCKET' | 'S3_REGION' | 'S3_ACCESS_KEY_ID' | 'S3_SECRET_ACCESS_KEY' | 'S3_FORCE_PATH_STYLE' | 'OUTBOX_MAX_ATTEMPTS' | 'GOOGLE_CLIENT_ID' | 'GOOGLE_CLIENT_SECRET'
>;

/** The Zoom client when ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET are set. */
export function zoomClientFrom(config: ConferencingConfig): ZoomClient | null {
  if (!config.ZOOM_ACCOUNT_ID || !config.ZOOM_CLIENT_ID || !config.ZOOM_CLIENT_SECRET) return null;
  return createZoomClient({
    accountId: config.ZOOM_ACCOUNT_ID,
    clientId: config.ZOOM_CLIENT_ID,
    clientSecret: config.ZOOM_CLIENT_SECRET,
    apiUrl: config.ZOOM_API_URL ?? 'https://api.zoom.us',
    oauthUrl: config.ZOOM_OAUTH_URL ?? config.ZOOM_API_URL ?? 'https://zoom.us',
  });
}

/** The object store when S3_BUCKET and both S3 keys are set (S3_ENDPOINT for anything but AWS). */
export function objectStoreFrom(config: ConferencingConfig): ObjectStore | null {
  if (!config.S3_BUCKET || !config.S3_ACCESS_KEY_ID || !config.S3_SECRET_ACCESS_KEY) return null;
  return createS3ObjectStore({
    endpoint: config.S3_ENDPOINT ?? `https://s3.${config.S3_REGION}.amazonaws.com`,
    bucket: config.S3_BUCKET,
    region: config.S3_REGION,
    accessKeyId: config.S3_ACCESS_KEY_ID,
    secretAccessKey: config.S3_SECRET_ACCESS_KEY,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
  });
}

export function createConferencingService(deps: { db: Knex; clock: Clock; config: ConferencingConfig; notifier: BookingNotifier }) {
  const { db, clock, config } = deps;
  const zoom = zoomClientFrom(config);
  const store = objectStoreFrom(config);
  const recordingDeps = { db, clock, zoom, store, zoomWebhookSecret: config.ZOOM_WEBHOOK_SECRET_TOKEN ?? null, maxAttempts: config.OUTBOX_MAX_ATTEMPTS };
  return {
    getLocation: (userId: string, eventTypeId: string) => getEventTypeLocation(db, userId, eventTypeId),
    setLocation: (userId: string, eventTypeId: string, location: EventTypeLocation | null) => setEventTypeLocation(db, clock, userId, eventTypeId, location, { zoom: Boolean(zoom), google: Boolean(config.GOOGLE_CLIENT_ID && config.GOOGLE_CLIENT_SECRET) }),
    receiveZoomWebhook: (raw: Buffer, headers: ZoomWebhookHeaders) => receiveZoomWebhook(recordingDeps, raw, headers),
    recordingsOfBooking: (bookingId: string) => recordingsOfBooking(db, bookingId),
    conferenceSender: conferenceSender({ db, zoom, notifier: deps.notifier }),
    recordingCopySender: recordingCopySender(recordingDeps),
  };
}

export type ConferencingService = ReturnType<typeof createConferencingService>;
