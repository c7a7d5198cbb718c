import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Authenticated } from '../../common/access.decorators';
import { requireEventStreamAccepted, startEventStream } from '../../common/event-stream';
import { type AppRequest, Ctx, type RequestContext, requireUser } from '../../common/request-context';
import { NotificationsListener, type UnreadUpdate } from './notifications-listener';

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
    requireEventStreamAccepted(req);
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
    timer.heartbeat = startEventStream(res, write, { unread });
    started = true;
    for (const u of queued.splice(0)) send(u);
  }
}
