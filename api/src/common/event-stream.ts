import { HttpStatus } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PassThrough } from 'node:stream';
import { AppError } from './errors';

/** A comment line this often keeps proxies from closing an idle stream. */
export const EVENT_STREAM_HEARTBEAT_MS = 25_000;

/** 406 unless the client asked for server-sent events (as EventSource does). */
export function requireEventStreamAccepted(req: FastifyRequest): void {
  if (!(req.headers.accept ?? '').includes('text/event-stream')) {
    throw new AppError(HttpStatus.NOT_ACCEPTABLE, 'This is a server-sent events stream: ask for text/event-stream');
  }
}

/**
 * One server-sent events answer, from subscription to close. Create it before subscribing (it
 * notices the client leaving from then on), hand it the unsubscribe function with `onEnd`, then
 * `start` it: status and headers (no caching, no proxy buffering), the client's reconnect delay,
 * `event: ready` with `ready` as its data, and a heartbeat comment every EVENT_STREAM_HEARTBEAT_MS.
 * `write` writes nothing before `start` or after the end. `end` (the client left, or the source
 * ended) runs the `onEnd` functions once; ended before it started, it answers 204.
 */
export class EventStream {
  private out: PassThrough | null = null;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly cleanups: (() => void)[] = [];
  private ended = false;

  constructor(private readonly reply: FastifyReply) {
    reply.raw.once('close', () => this.end());
  }

  get closed(): boolean {
    return this.ended;
  }

  get started(): boolean {
    return this.out !== null;
  }

  /** Runs `fn` when the stream ends (at once if it already has). */
  onEnd(fn: () => void): void {
    if (this.ended) fn();
    else this.cleanups.push(fn);
  }

  start(ready: unknown): void {
    if (this.ended || this.out) return;
    const out = new PassThrough();
    this.out = out;
    void this.reply
      .code(200)
      .header('Content-Type', 'text/event-stream; charset=utf-8')
      .header('Cache-Control', 'no-cache, no-transform')
      .header('Connection', 'keep-alive')
      .header('X-Accel-Buffering', 'no')
      .send(out);
    out.write(`retry: 5000\nevent: ready\ndata: ${JSON.stringify(ready)}\n\n`);
    this.heartbeat = setInterval(() => this.write(`: heartbeat ${new Date().toISOString()}\n\n`), EVENT_STREAM_HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  write(chunk: string): void {
    if (!this.ended && this.out) this.out.write(chunk);
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    clearInterval(this.heartbeat);
    for (const fn of this.cleanups.splice(0)) fn();
    if (this.out) this.out.end();
    else if (!this.reply.sent) void this.reply.code(204).send();
  }
}
