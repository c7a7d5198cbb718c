import { Controller, Get, HttpStatus, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { RequirePermission } from '../../common/access.decorators';
import { AppError } from '../../common/errors';
import { type AppRequest, Ctx, type RequestContext, requireMember } from '../../common/request-context';
import { type LiveEvent, RollupEventsHub } from './rollup-events.hub';

export const HEARTBEAT_MS = 25_000;

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
    if (!(req.headers.accept ?? '').includes('text/event-stream')) {
      throw new AppError(HttpStatus.NOT_ACCEPTABLE, 'This is a server-sent events stream: ask for text/event-stream');
    }
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
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    write(`retry: 5000\nevent: ready\ndata: ${JSON.stringify({ collaborationId })}\n\n`);
    timer.heartbeat = setInterval(() => write(`: heartbeat ${new Date().toISOString()}\n\n`), HEARTBEAT_MS);
    timer.heartbeat.unref();
  }
}
