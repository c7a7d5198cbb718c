import etag from 'etag';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fresh from 'fresh';
import Negotiator from 'negotiator';
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
 * Sends a prepared answer: 304 when the client's If-None-Match has its ETag, gzip when the client accepts it and the body is worth compressing, else the bytes.
 * `private, no-cache`: only the person's own browser keeps it, and asks again every time (a 304
 * when nothing changed).
 */
export async function sendPreparedJson(req: FastifyRequest, reply: FastifyReply, prepared: PreparedJson): Promise<void> {
  reply.header('Content-Type', 'application/json; charset=utf-8');
  reply.header('ETag', prepared.etag);
  reply.header('Cache-Control', 'private, no-cache');
  reply.header('Vary', 'Accept-Encoding');
  if (fresh(req.headers, { etag: prepared.etag })) {
    await reply.code(304).send();
    return;
  }
  if (prepared.body.length >= GZIP_MIN_BYTES && acceptsGzip(req)) {
    const body = await prepared.gzip();
    reply.header('Content-Encoding', 'gzip');
    await reply.send(body);
    return;
  }
  await reply.send(prepared.body);
}

/** Whether the client prefers gzip over the identity encoding (its Accept-Encoding, with q-values). */
function acceptsGzip(req: FastifyRequest): boolean {
  return new Negotiator({ headers: { 'accept-encoding': req.headers['accept-encoding'] } }).encoding(['gzip', 'identity']) === 'gzip';
}
