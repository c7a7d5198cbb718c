import { Controller, Get } from '@nestjs/common';
import { RequirePermission } from '../../common/access.decorators';
import { Ctx, type RequestContext } from '../../common/request-context';
import { AttentionService, type AttentionView } from './attention.service';

@Controller('collaborations/:collaborationId/attention')
export class AttentionController {
  constructor(private readonly service: AttentionService) {}

  /** What needs attention: off-track indicators, overdue reports and values awaiting review, shaped by role. */
  @Get()
  @RequirePermission('collaboration.read')
  attention(@Ctx() ctx: RequestContext): Promise<AttentionView> {
    return this.service.attention(ctx);
  }
}
