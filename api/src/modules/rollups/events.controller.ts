import { Controller, Get, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { RequirePermission } from '../../common/access.decorators';
import { EventStream, requireEventStreamAccepted } from '../../common/event-stream';
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
  async stream(@Ctx() ctx: RequestContext, @Req() req: AppRequest, @Res() reply: FastifyReply): Promise<void> {
    const { collaborationId } = requireMember(ctx);
    requireEventStreamAccepted(req);
    const stream = new EventStream(reply);
    const send = (e: LiveEvent) => {
      if (e.event === 'rollup-updated') {
        const m = e.message;
        stream.write(`event: rollup-updated\ndata: ${JSON.stringify({ indicatorId: m.indicatorId, periods: m.periods, computedAt: m.computedAt })}\n\n`);
      } else {
        stream.write(`event: values-changed\ndata: ${JSON.stringify({ at: e.message.at })}\n\n`);
      }
    };
    stream.onEnd(await this.hub.subscribe(collaborationId, send, () => stream.end()));
    stream.start({ collaborationId });
  }
}
