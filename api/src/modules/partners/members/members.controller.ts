import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch } from '@nestjs/common';
import { type UpdateMemberInput, updateMemberSchema, uuid } from '@constellation/shared';
import { RequirePermission } from '../../../common/access.decorators';
import { Ctx, type RequestContext } from '../../../common/request-context';
import { MembersService } from './members.service';

@Controller('collaborations/:collaborationId/members')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Get()
  @RequirePermission('members.read')
  list(@Ctx() ctx: RequestContext) {
    return this.members.list(ctx);
  }

  @Patch(':membershipId')
  @RequirePermission('members.manage_own_org')
  update(
    @Ctx() ctx: RequestContext,
    @Param('membershipId', { schema: uuid }) membershipId: string,
    @Body({ schema: updateMemberSchema }) body: UpdateMemberInput,
  ) {
    return this.members.updateRole(ctx, membershipId, body);
  }

  @Delete(':membershipId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePermission('members.manage_own_org')
  async remove(
    @Ctx() ctx: RequestContext,
    @Param('membershipId', { schema: uuid }) membershipId: string,
  ): Promise<void> {
    await this.members.remove(ctx, membershipId);
  }
}
