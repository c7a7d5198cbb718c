import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { type AcceptInvitationInput, acceptInvitationSchema } from '@constellation/shared';
import { Authenticated, Public } from '../../../common/access.decorators';
import { Ctx, type RequestContext } from '../../../common/request-context';
import { InvitationAcceptanceService } from './invitation-acceptance.service';

/** Invitations as the invitee sees them, through the emailed token. */
@Controller('invitations')
export class InvitationTokensController {
  constructor(private readonly acceptance: InvitationAcceptanceService) {}

  @Get(':token')
  @Public()
  preview(@Param('token') token: string) {
    return this.acceptance.preview(token);
  }

  @Post(':token/accept')
  @HttpCode(HttpStatus.OK)
  @Authenticated()
  accept(
    @Ctx() ctx: RequestContext,
    @Param('token') token: string,
    @Body({ schema: acceptInvitationSchema }) body: AcceptInvitationInput,
  ) {
    return this.acceptance.accept(ctx, token, body);
  }
}
