import { Controller, Get, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Authenticated } from '../../common/access.decorators';
import { EventStream, requireEventStreamAccepted } from '../../common/event-stream';
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
  async stream(@Ctx() ctx: RequestContext, @Req() req: AppRequest, @Res() reply: FastifyReply): Promise<void> {
    const user = requireUser(ctx);
    requireEventStreamAccepted(req);
    const stream = new EventStream(reply);
    const queued: UnreadUpdate[] = [];
    const send = (u: UnreadUpdate) => {
      if (!stream.started) queued.push(u);
      else stream.write(`event: notification\ndata: ${JSON.stringify(u)}\n\n`);
    };
    stream.onEnd(await this.listener.subscribe(user.id, send, () => stream.end()));
    if (stream.closed) return;
    // Counted after subscribing: a notification committed in between is in this count or announced after it.
    const unread = await this.listener.unread(user.id);
    stream.start({ unread });
    for (const u of queued.splice(0)) send(u);
  }
}
