import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  type CreateInvitationInput,
  type CreatePartnerInvitationInput,
  createInvitationSchema,
  createPartnerInvitationSchema,
  uuid,
} from '@constellation/shared';
import { RequirePermission } from '../../../common/access.decorators';
import { Ctx, type RequestContext } from '../../../common/request-context';
import { InvitationsService } from './invitations.service';

/** Invitations as the inviting side sees them. */
@Controller('collaborations/:collaborationId')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Post('invitations')
  @RequirePermission('partners.manage')
  create(@Ctx() ctx: RequestContext, @Body({ schema: createInvitationSchema }) body: CreateInvitationInput) {
    return this.invitations.inviteToCollaboration(ctx, body);
  }

  @Get('invitations')
  @RequirePermission('partners.manage')
  list(@Ctx() ctx: RequestContext) {
    return this.invitations.list(ctx);
  }

  @Post('invitations/:invitationId/revoke')
  @HttpCode(HttpStatus.OK)
  @RequirePermission('partners.manage')
  revoke(@Ctx() ctx: RequestContext, @Param('invitationId', { schema: uuid }) invitationId: string) {
    return this.invitations.revoke(ctx, invitationId);
  }

  @Post('partners/:partnerId/invitations')
  @RequirePermission('members.manage_own_org')
  inviteColleague(
    @Ctx() ctx: RequestContext,
    @Param('partnerId', { schema: uuid }) partnerId: string,
    @Body({ schema: createPartnerInvitationSchema }) body: CreatePartnerInvitationInput,
  ) {
    return this.invitations.inviteToPartner(ctx, partnerId, body);
  }
}
