import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AppConfig } from '../../config/config';

export interface AttachmentMeta {
  contentType: string;
  sizeBytes: number;
}

/**
 * Where attachment bytes live. Keys are `<collaboration id>/<update id>/<attachment id>`; the
 * metadata (name, type, size) is in the database. `get` answers null for a key it does not hold.
 */
export interface AttachmentStore {
  put(key: string, body: Readable, meta: AttachmentMeta): Promise<void>;
  get(key: string): Promise<Readable | null>;
  delete(key: string): Promise<void>;
}

export const ATTACHMENT_STORE = Symbol('ATTACHMENT_STORE');

const KEY = /^[0-9a-f-]{36}(\/[0-9a-f-]{36}){2}$/;
function checkKey(key: string): string {
  if (!KEY.test(key)) throw new Error(`Invalid attachment key: ${key}`);
  return key;
}

/**
 * Local disk under one folder. A file is written to a temporary name beside its place and renamed
 * when complete, so a failed or half-sent upload never leaves a file under its key.
 */
export class DiskAttachmentStore implements AttachmentStore {
  private readonly root: string;

  constructor(dir: string) {
    this.root = resolve(dir);
  }

  private path(key: string): string {
    return join(this.root, ...checkKey(key).split('/'));
  }

  async put(key: string, body: Readable, _meta: AttachmentMeta): Promise<void> {
    const target = this.path(key);
    await mkdir(dirname(target), { recursive: true });
    const partial = `${target}.${randomUUID()}.partial`;
    try {
      await pipeline(body, createWriteStream(partial, { flags: 'wx' }));
      await rename(partial, target);
    } catch (err) {
      await rm(partial, { force: true });
      throw err;
    }
  }

  async get(key: string): Promise<Readable | null> {
    const path = this.path(key);
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) return null;
    return createReadStream(path);
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }
}

/**
 * An S3-compatible bucket (AWS S3, MinIO, Cloudflare R2…): `endpoint` and path-style addressing
 * make the non-AWS ones work. The body is streamed with its known length (no buffering).
 */
export class S3AttachmentStore implements AttachmentStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  static fromConfig(s3: AppConfig['attachments']['s3']): S3AttachmentStore {
    if (!s3.bucket) throw new Error('S3_BUCKET is required when ATTACHMENT_STORE=s3');
    const client = new S3Client({
      region: s3.region,
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials:
        s3.accessKeyId && s3.secretAccessKey
          ? { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey }
          : undefined,
    });
    return new S3AttachmentStore(client, s3.bucket);
  }

  async put(key: string, body: Readable, meta: AttachmentMeta): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: checkKey(key),
        Body: body,
        ContentLength: meta.sizeBytes,
        ContentType: meta.contentType,
      }),
    );
  }

  async get(key: string): Promise<Readable | null> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: checkKey(key) }));
      if (!out.Body) return null;
      if (out.Body instanceof Readable) return out.Body;
      return Readable.fromWeb(out.Body.transformToWebStream() as Parameters<typeof Readable.fromWeb>[0]);
    } catch (err) {
      if (
        err instanceof NoSuchKey ||
        (err as { name?: string }).name === 'NoSuchKey' ||
        (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404
      ) {
        return null;
      }
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: checkKey(key) }));
  }
}

export function attachmentStoreFor(config: AppConfig): AttachmentStore {
  return config.attachments.store === 's3'
    ? S3AttachmentStore.fromConfig(config.attachments.s3)
    : new DiskAttachmentStore(config.attachments.dir);
}
