import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { loadConfig } from '../../config/config';
import { attachmentStoreFor, DiskAttachmentStore, S3AttachmentStore } from './attachment-store';

const key = () => `${randomUUID()}/${randomUUID()}/${randomUUID()}`;
async function readAll(s: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks);
}

describe('DiskAttachmentStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'att-store-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('puts, gets byte-identical and deletes; an unknown key is null', async () => {
    const store = new DiskAttachmentStore(dir);
    const k = key();
    const bytes = randomBytes(300_000);
    await store.put(k, Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]), {
      contentType: 'image/png',
      sizeBytes: bytes.length,
    });
    const back = await store.get(k);
    expect(back).not.toBeNull();
    expect(Buffer.compare(await readAll(back!), bytes)).toBe(0);
    await store.delete(k);
    expect(await store.get(k)).toBeNull();
    expect(await store.get(key())).toBeNull();
  });

  it('a stream that fails part-way leaves no file (not even a partial one)', async () => {
    const store = new DiskAttachmentStore(dir);
    const k = key();
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(1000, 1));
        this.destroy(new Error('client went away'));
      },
    });
    await expect(store.put(k, failing, { contentType: 'application/pdf', sizeBytes: 5000 })).rejects.toThrow(
      'client went away',
    );
    expect(await store.get(k)).toBeNull();
    const [sub] = await readdir(dir);
    const [sub2] = await readdir(join(dir, sub!));
    expect(await readdir(join(dir, sub!, sub2!))).toEqual([]);
  });

  it('refuses keys that could leave its folder', async () => {
    const store = new DiskAttachmentStore(dir);
    await expect(store.get('../../etc/passwd')).rejects.toThrow('Invalid attachment key');
    await expect(
      store.put('a/../../b', Readable.from([]), { contentType: 'text/plain', sizeBytes: 0 }),
    ).rejects.toThrow('Invalid attachment key');
  });
});

describe('S3AttachmentStore (aws-sdk-client-mock in front of the real S3Client)', () => {
  const s3 = mockClient(S3Client);
  beforeEach(() => s3.reset());

  it('streams the body with its length and type into the bucket, reads it back, deletes it', async () => {
    const objects = new Map<string, Buffer>();
    s3.on(PutObjectCommand).callsFake(async (input: { Key: string; Body: Readable }) => {
      objects.set(input.Key, await readAll(input.Body));
      return {};
    });
    s3.on(GetObjectCommand).callsFake((input: { Key: string }) => {
      const body = objects.get(input.Key);
      if (!body)
        throw new NoSuchKey({
          message: 'The specified key does not exist.',
          $metadata: { httpStatusCode: 404 },
        });
      return { Body: Readable.from([body]) };
    });
    s3.on(DeleteObjectCommand).callsFake((input: { Key: string }) => {
      objects.delete(input.Key);
      return {};
    });
    const store = new S3AttachmentStore(
      new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } }),
      'constellation',
    );
    const k = key();
    const bytes = randomBytes(50_000);
    await store.put(k, Readable.from([bytes]), { contentType: 'application/pdf', sizeBytes: bytes.length });
    expect(s3.commandCalls(PutObjectCommand)[0]!.args[0].input).toMatchObject({
      Bucket: 'constellation',
      Key: k,
      ContentLength: bytes.length,
      ContentType: 'application/pdf',
    });
    expect(Buffer.compare(await readAll((await store.get(k))!), bytes)).toBe(0);
    await store.delete(k);
    expect(s3.commandCalls(DeleteObjectCommand)[0]!.args[0].input).toEqual({
      Bucket: 'constellation',
      Key: k,
    });
    expect(await store.get(k)).toBeNull();
  });

  it('an S3 error other than a missing key is thrown', async () => {
    s3.on(GetObjectCommand).rejects(
      Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }),
    );
    const store = new S3AttachmentStore(new S3Client({ region: 'us-east-1' }), 'b');
    await expect(store.get(key())).rejects.toThrow('Access Denied');
  });

  it('is chosen by ATTACHMENT_STORE=s3 with the endpoint and path-style addressing (MinIO, R2)', async () => {
    const config = loadConfig({
      ATTACHMENT_STORE: 's3',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_BUCKET: 'attachments',
      S3_REGION: 'auto',
      S3_ACCESS_KEY_ID: 'minio',
      S3_SECRET_ACCESS_KEY: 'minio-secret',
    });
    const store = attachmentStoreFor(config);
    expect(store).toBeInstanceOf(S3AttachmentStore);
    const client = (store as unknown as { client: S3Client }).client;
    expect(client.config.forcePathStyle).toBe(true);
    const endpoint = await client.config.endpoint!();
    expect(`${endpoint.protocol}//${endpoint.hostname}:${endpoint.port}`).toBe('http://127.0.0.1:9000');
    expect(await client.config.region()).toBe('auto');
    expect(attachmentStoreFor(loadConfig({}))).toBeInstanceOf(DiskAttachmentStore);
    expect(() => loadConfig({ ATTACHMENT_STORE: 's3' })).toThrow('S3_BUCKET');
  });
});
