import { Controller, Get, HttpStatus, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Authenticated } from '../../common/access.decorators';
import { AppError } from '../../common/errors';
import { type AppRequest, Ctx, type RequestContext, requireUser } from '../../common/request-context';
import { NotificationsListener, type UnreadUpdate } from './notifications-listener';

export const ME_EVENTS_HEARTBEAT_MS = 25_000;

/**
 * The signed-in person's live stream (server-sent events): `event: ready` with their unread count
 * when it opens, then `event: notification` with the new count each time a notification is written
 * for them (by the api or the worker; announced by PostgreSQL on commit), and after the server's
 * listener reconnected. Only counts travel: the list itself is read from GET /api/me/notifications.
 * A comment line every 25 s keeps proxies from closing it.
 */
@Controller('me')
export class MeEventsController {
  constructor(private readonly listener: NotificationsListener) {}

  @Get('events')
  @Authenticated()
  async stream(@Ctx() ctx: RequestContext, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const user = requireUser(ctx);
    if (!(req.headers.accept ?? '').includes('text/event-stream')) {
      throw new AppError(HttpStatus.NOT_ACCEPTABLE, 'This is a server-sent events stream: ask for text/event-stream');
    }
    let closed = false;
    let started = false;
    const queued: UnreadUpdate[] = [];
    const write = (chunk: string) => {
      if (!closed) res.write(chunk);
    };
    const send = (u: UnreadUpdate) => {
      if (!started) {
        queued.push(u);
        return;
      }
      write(`event: notification\ndata: ${JSON.stringify(u)}\n\n`);
    };
    let unsubscribe: () => void = () => undefined;
    const timer: { heartbeat?: NodeJS.Timeout } = {};
    const end = () => {
      if (closed) return;
      closed = true;
      clearInterval(timer.heartbeat);
      unsubscribe();
      res.end();
    };
    req.on('close', end);
    unsubscribe = await this.listener.subscribe(user.id, send, end);
    if (req.destroyed) return end();
    // Counted after subscribing: a notification committed in between is in this count or announced after it.
    const unread = await this.listener.unread(user.id);
    if (closed) return;
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    write(`retry: 5000\nevent: ready\ndata: ${JSON.stringify({ unread })}\n\n`);
    started = true;
    for (const u of queued.splice(0)) send(u);
    timer.heartbeat = setInterval(() => write(`: heartbeat ${new Date().toISOString()}\n\n`), ME_EVENTS_HEARTBEAT_MS);
    timer.heartbeat.unref();
  }
}
