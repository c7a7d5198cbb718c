import { HttpStatus } from '@nestjs/common';
import { IMPORT_MAX_BYTES } from '@constellation/shared';
import busboy from 'busboy';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { IncomingMessage } from 'node:http';
import { AppError, badRequest } from '../../common/errors';

export const IMPORT_DIR = join(tmpdir(), 'constellation-imports');
export const importFilePath = (importId: string) => join(IMPORT_DIR, `${importId}.upload`);
/** How long a previewed file waits for its commit. */
export const UPLOAD_TTL_HOURS = 24;

/** Remove uploads older than UPLOAD_TTL_HOURS (previewed and never committed). Best effort. */
async function sweep(): Promise<void> {
  const cutoff = Date.now() - UPLOAD_TTL_HOURS * 3600_000;
  for (const name of await readdir(IMPORT_DIR).catch(() => [] as string[])) {
    if (!name.endsWith('.upload')) continue;
    const path = join(IMPORT_DIR, name);
    const info = await stat(path).catch(() => null);
    if (info && info.mtimeMs < cutoff) await rm(path, { force: true }).catch(() => undefined);
  }
}

export interface ReceivedUpload {
  id: string;
  path: string;
  fileName: string;
  size: number;
  fields: Record<string, string>;
}

const MB = IMPORT_MAX_BYTES / (1024 * 1024);
export const tooLarge = () =>
  new AppError(HttpStatus.PAYLOAD_TOO_LARGE, `The file is larger than the ${MB} MB limit; split it into smaller files`, [
    { path: 'file', message: `must be at most ${MB} MB` },
  ]);

/**
 * Stream a multipart upload's `file` field to a temporary file (never into memory), with a hard
 * size limit: beyond it the rest is discarded and the request answers 413 naming the limit.
 */
export async function receiveUpload(req: IncomingMessage): Promise<ReceivedUpload> {
  const type = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data/i.test(type)) {
    throw new AppError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'Send the file as multipart/form-data with the field "file"', [
      { path: 'file', message: 'is required (multipart/form-data)' },
    ]);
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  await mkdir(IMPORT_DIR, { recursive: true });
  void sweep();
  const id = randomUUID();
  const path = importFilePath(id);
  const fields: Record<string, string> = {};
  let fileName: string | null = null;
  let size = 0;
  let truncated = false;
  let extraFiles = false;
  let writing: Promise<void> | null = null;

  let bb: busboy.Busboy;
  try {
    bb = busboy({
      headers: req.headers,
      limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 10, fieldSize: 1000, parts: 12 },
    });
  } catch {
    throw badRequest('The upload is not valid multipart/form-data', [{ path: 'file', message: 'is required (multipart/form-data)' }]);
  }
  const done = new Promise<void>((resolve, reject) => {
    bb.on('field', (name, value) => {
      fields[name] = value;
    });
    bb.on('file', (name, stream, info) => {
      if (name !== 'file' || fileName !== null) {
        extraFiles = name !== 'file' ? extraFiles : true;
        stream.resume();
        return;
      }
      fileName = info.filename || 'upload';
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
      });
      stream.on('limit', () => {
        truncated = true;
      });
      writing = pipeline(stream, createWriteStream(path));
    });
    bb.on('close', () => resolve());
    bb.on('error', (err) => reject(badRequest(`The upload is not valid multipart/form-data: ${(err as Error).message}`)));
  });
  req.pipe(bb);
  try {
    await done;
    if (writing) await writing;
  } catch (err) {
    await rm(path, { force: true });
    throw err;
  }
  if (truncated || declared > IMPORT_MAX_BYTES * 2) {
    await rm(path, { force: true });
    throw tooLarge();
  }
  if (fileName === null) {
    throw badRequest('No file was sent', [{ path: 'file', message: 'is required: a CSV or XLSX file' }]);
  }
  if (extraFiles) {
    await rm(path, { force: true });
    throw badRequest('Send one file per import', [{ path: 'file', message: 'must be a single file' }]);
  }
  return { id, path, fileName: String(fileName).slice(0, 255), size, fields };
}
