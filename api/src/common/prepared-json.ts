import etag from 'etag';
import type { Request, Response } from 'express';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);

/** Bodies smaller than this are sent as they are: gzip would save next to nothing. */
const GZIP_MIN_BYTES = 1024;

/**
 * A JSON answer made ready to send once and then sent many times (the dashboard read cache keeps
 * these): the UTF-8 bytes, their ETag and, on first demand, their gzip encoding. Sending one costs
 * no serialisation, hashing or compression.
 */
export class PreparedJson {
  readonly body: Buffer;
  readonly etag: string;
  private gzipped: Promise<Buffer> | undefined;

  constructor(text: string) {
    this.body = Buffer.from(text, 'utf8');
    this.etag = etag(this.body, { weak: true });
  }

  /** The gzip encoding, computed once (off the event loop) and shared by every later caller. */
  gzip(): Promise<Buffer> {
    this.gzipped ??= gzipAsync(this.body);
    return this.gzipped;
  }
}

/**
 * Sends a prepared answer: 304 when the client's If-None-Match has its ETag (express checks
 * freshness), gzip when the client accepts it and the body is worth compressing, else the bytes.
 * `private, no-cache`: only the person's own browser keeps it, and asks again every time (a 304
 * when nothing changed).
 */
export async function sendPreparedJson(req: Request, res: Response, prepared: PreparedJson): Promise<void> {
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('ETag', prepared.etag);
  res.setHeader('Cache-Control', 'private, no-cache');
  res.vary('Accept-Encoding');
  if (prepared.body.length >= GZIP_MIN_BYTES && req.acceptsEncodings('gzip', 'identity') === 'gzip') {
    const body = await prepared.gzip();
    res.setHeader('Content-Encoding', 'gzip');
    res.send(body);
    return;
  }
  res.send(prepared.body);
}
