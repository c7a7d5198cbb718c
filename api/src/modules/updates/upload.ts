import { HttpStatus } from '@nestjs/common';
import { MAX_UPDATE_ATTACHMENTS } from '@constellation/shared';
import busboy from 'busboy';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { IncomingMessage } from 'node:http';
import { AppError, badRequest } from '../../common/errors';
import { detectAttachmentType, SNIFF_BYTES } from './file-check';

const TMP_DIR = join(tmpdir(), 'constellation-attachments');

export interface ReceivedFile {
  fileName: string;
  path: string;
  sizeBytes: number;
  contentType: string;
}

export interface ReceivedPost {
  fields: Record<string, string>;
  files: ReceivedFile[];
  /** Remove the temporary files (always call, success or not). */
  cleanup(): Promise<void>;
}

const mb = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;

async function head(path: string): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await fh.read(buf, 0, SNIFF_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/**
 * Read a multipart post: text fields, and up to MAX_UPDATE_ATTACHMENTS files in the field
 * `attachments`, each streamed to a temporary file (never held in memory) with a hard size limit.
 * Too large → 413, a type outside the allowlist or whose first bytes are not that type → 415;
 * both name the file's field (`attachments.N`). On any error nothing is left behind.
 */
export async function receivePost(req: IncomingMessage, maxBytes: number): Promise<ReceivedPost> {
  await mkdir(TMP_DIR, { recursive: true });
  const temp: string[] = [];
  const cleanup = async () => {
    await Promise.all(temp.map((p) => rm(p, { force: true })));
  };
  const fields: Record<string, string> = {};
  const files: { fileName: string; path: string; size: number; truncated: boolean; index: number }[] = [];
  const writes: Promise<void>[] = [];
  let tooMany = false;
  let otherFile: string | null = null;

  let bb: busboy.Busboy;
  try {
    bb = busboy({
      headers: req.headers,
      limits: {
        fileSize: maxBytes,
        files: MAX_UPDATE_ATTACHMENTS + 1,
        fields: 10,
        fieldSize: 64 * 1024,
        parts: MAX_UPDATE_ATTACHMENTS + 12,
      },
    });
  } catch {
    throw badRequest('The post is not valid multipart/form-data', [
      { path: 'attachments', message: 'must be sent as multipart/form-data' },
    ]);
  }
  const done = new Promise<void>((resolve, reject) => {
    bb.on('field', (name, value) => {
      fields[name] = value;
    });
    bb.on('file', (name, stream, info) => {
      if (name !== 'attachments') {
        otherFile = name;
        stream.resume();
        return;
      }
      if (files.length >= MAX_UPDATE_ATTACHMENTS) {
        tooMany = true;
        stream.resume();
        return;
      }
      const path = join(TMP_DIR, `${randomUUID()}.upload`);
      temp.push(path);
      const f = {
        fileName: (info.filename || 'file').replace(/[\\/\r\n"]/g, '_').slice(0, 255),
        path,
        size: 0,
        truncated: false,
        index: files.length,
      };
      files.push(f);
      stream.on('data', (chunk: Buffer) => {
        f.size += chunk.length;
      });
      stream.on('limit', () => {
        f.truncated = true;
      });
      writes.push(pipeline(stream, createWriteStream(path)));
    });
    bb.on('close', () => resolve());
    bb.on('error', (err) =>
      reject(badRequest(`The post is not valid multipart/form-data: ${(err as Error).message}`)),
    );
  });
  req.pipe(bb);
  try {
    await done;
    await Promise.all(writes);
    if (otherFile !== null) {
      throw badRequest('Files go in the field "attachments"', [
        { path: String(otherFile), message: 'is not a file field; use attachments' },
      ]);
    }
    if (tooMany) {
      throw badRequest(`At most ${MAX_UPDATE_ATTACHMENTS} attachments per update`, [
        { path: 'attachments', message: `must be at most ${MAX_UPDATE_ATTACHMENTS} files` },
      ]);
    }
    const big = files.find((f) => f.truncated);
    if (big) {
      throw new AppError(
        HttpStatus.PAYLOAD_TOO_LARGE,
        `"${big.fileName}" is larger than the ${mb(maxBytes)} limit for attachments`,
        [
          {
            path: `attachments.${big.index}`,
            message: `must be at most ${mb(maxBytes)} (${maxBytes} bytes)`,
          },
        ],
      );
    }
    const received: ReceivedFile[] = [];
    for (const f of files) {
      const type = f.size === 0 ? null : detectAttachmentType(f.fileName, await head(f.path));
      if (!type) {
        throw new AppError(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          `"${f.fileName}" is not an allowed attachment: send a PDF, an image (PNG, JPEG, GIF, WebP), a spreadsheet (CSV, XLSX), a document (DOCX, PPTX) or plain text`,
          [
            {
              path: `attachments.${f.index}`,
              message:
                f.size === 0
                  ? 'is empty'
                  : 'must be a pdf, png, jpeg, gif, webp, csv, xlsx, docx, pptx or txt file whose content matches its type',
            },
          ],
        );
      }
      received.push({ fileName: f.fileName, path: f.path, sizeBytes: f.size, contentType: type });
    }
    return { fields, files: received, cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
