import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { RequirePermission } from '../../common/access.decorators';
import { requireEventStreamAccepted, startEventStream } from '../../common/event-stream';
import { type AppRequest, Ctx, type RequestContext, requireMember } from '../../common/request-context';
import { type LiveEvent, RollupEventsHub } from './rollup-events.hub';

/**
 * Live updates: a server-sent events stream per collaboration. The global guard checks access
 * when the client subscribes (non-members 404); then every 'rollup-updated' message of this
 * collaboration is forwarded as `event: rollup-updated`, and every 'values-changed' message (values
 * written, submitted, reviewed or deleted; no details) as `event: values-changed`, with a comment line every 25 s so
 * proxies keep the connection open.
 */
@Controller('collaborations/:collaborationId/events')
export class EventsController {
  constructor(private readonly hub: RollupEventsHub) {}

  @Get()
  @RequirePermission('collaboration.read')
  async stream(@Ctx() ctx: RequestContext, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const { collaborationId } = requireMember(ctx);
    requireEventStreamAccepted(req);
    let closed = false;
    const write = (chunk: string) => {
      if (!closed) res.write(chunk);
    };
    const send = (e: LiveEvent) => {
      if (e.event === 'rollup-updated') {
        const m = e.message;
        write(`event: rollup-updated\ndata: ${JSON.stringify({ indicatorId: m.indicatorId, periods: m.periods, computedAt: m.computedAt })}\n\n`);
      } else {
        write(`event: values-changed\ndata: ${JSON.stringify({ at: e.message.at })}\n\n`);
      }
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
    unsubscribe = await this.hub.subscribe(collaborationId, send, end);
    if (req.destroyed) return end();
    timer.heartbeat = startEventStream(res, write, { collaborationId });
  }
}
