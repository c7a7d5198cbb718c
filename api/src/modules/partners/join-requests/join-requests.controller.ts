import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  type DecideJoinRequestInput,
  decideJoinRequestSchema,
  type JoinRequestInput,
  joinRequestSchema,
  uuid,
} from '@constellation/shared';
import { Authenticated, RequirePermission } from '../../../common/access.decorators';
import { Ctx, type RequestContext } from '../../../common/request-context';
import { JoinRequestsService } from './join-requests.service';

@Controller('collaborations')
export class JoinRequestsController {
  constructor(private readonly joinRequests: JoinRequestsService) {}

  @Post('join')
  @Authenticated()
  request(@Ctx() ctx: RequestContext, @Body({ schema: joinRequestSchema }) body: JoinRequestInput) {
    return this.joinRequests.request(ctx, body);
  }

  @Get(':collaborationId/join-requests')
  @RequirePermission('partners.manage')
  list(@Ctx() ctx: RequestContext) {
    return this.joinRequests.list(ctx);
  }

  @Post(':collaborationId/join-requests/:partnerId/decision')
  @HttpCode(HttpStatus.OK)
  @RequirePermission('partners.manage')
  decide(
    @Ctx() ctx: RequestContext,
    @Param('partnerId', { schema: uuid }) partnerId: string,
    @Body({ schema: decideJoinRequestSchema }) body: DecideJoinRequestInput,
  ) {
    return this.joinRequests.decide(ctx, partnerId, body);
  }
}
