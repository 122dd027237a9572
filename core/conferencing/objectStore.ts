/**
 * S3-compatible object storage (AWS S3, MinIO, R2, …) through `@aws-sdk/client-s3`: S3_ENDPOINT,
 * S3_BUCKET, S3_REGION, S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY, path-style addressing by default
 * (what self-hosted servers expect). Checksums only when an operation requires one, so servers
 * that do not speak the newer `aws-chunked` trailers accept the upload. The SDK is loaded on the
 * first upload, so processes that never store a file do not pay for it.
 */
import type { S3Client } from '@aws-sdk/client-s3';

export interface ObjectStoreSettings {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
}

export interface ObjectStore {
  readonly bucket: string;
  put(key: string, body: Buffer, contentType: string | null): Promise<{ key: string; etag: string | null }>;
}

export function createS3ObjectStore(settings: ObjectStoreSettings): ObjectStore {
  let sdk: Promise<{ client: S3Client; PutObjectCommand: typeof import('@aws-sdk/client-s3').PutObjectCommand }> | null = null;
  const load = () =>
    (sdk ??= import('@aws-sdk/client-s3').then(({ S3Client: Client, PutObjectCommand }) => ({
      PutObjectCommand,
      client: new Client({
        endpoint: settings.endpoint,
        region: settings.region,
        forcePathStyle: settings.forcePathStyle,
        credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
        maxAttempts: 1,
      }),
    })));
  return {
    bucket: settings.bucket,
    async put(key, body, contentType) {
      const { client, PutObjectCommand } = await load();
      const out = await client.send(
        new PutObjectCommand({ Bucket: settings.bucket, Key: key, Body: body, ContentType: contentType ?? 'application/octet-stream', ContentLength: body.length }),
        { abortSignal: AbortSignal.timeout(300_000) },
      );
      return { key, etag: out.ETag ?? null };
    },
  };
}
