import { HttpStatus } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppError } from './errors';

/** A comment line this often keeps proxies from closing an idle stream. */
export const EVENT_STREAM_HEARTBEAT_MS = 25_000;

/** 406 unless the client asked for server-sent events (as EventSource does). */
export function requireEventStreamAccepted(req: Request): void {
  if (!(req.headers.accept ?? '').includes('text/event-stream')) {
    throw new AppError(HttpStatus.NOT_ACCEPTABLE, 'This is a server-sent events stream: ask for text/event-stream');
  }
}

/**
 * Starts a server-sent events answer: status and headers (no caching, no proxy buffering), the
 * client's reconnect delay, `event: ready` with `ready` as its data, then a heartbeat comment every
 * EVENT_STREAM_HEARTBEAT_MS through `write` (which writes nothing once the stream ended). Answers
 * the heartbeat timer, for the caller to clear when the stream ends.
 */
export function startEventStream(res: Response, write: (chunk: string) => void, ready: unknown): NodeJS.Timeout {
  res.status(200);
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  res.setHeader('Cache-Control', 'no-cache, no-transform');
  res.setHeader('Connection', 'keep-alive');
  res.setHeader('X-Accel-Buffering', 'no');
  res.flushHeaders();
  write(`retry: 5000\nevent: ready\ndata: ${JSON.stringify(ready)}\n\n`);
  const heartbeat = setInterval(() => write(`: heartbeat ${new Date().toISOString()}\n\n`), EVENT_STREAM_HEARTBEAT_MS);
  heartbeat.unref();
  return heartbeat;
}
