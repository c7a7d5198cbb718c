import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { type EndorseInput, endorseSchema, uuid } from '@constellation/shared';
import { RequirePermission } from '../../../common/access.decorators';
import { Ctx, type RequestContext } from '../../../common/request-context';
import { PartnersService } from './partners.service';

@Controller('collaborations/:collaborationId/partners')
export class PartnersController {
  constructor(private readonly partners: PartnersService) {}

  @Get()
  @RequirePermission('partners.read')
  list(@Ctx() ctx: RequestContext) {
    return this.partners.list(ctx);
  }

  @Post(':partnerId/endorse')
  @HttpCode(HttpStatus.OK)
  @RequirePermission('agenda.endorse')
  endorse(
    @Ctx() ctx: RequestContext,
    @Param('partnerId', { schema: uuid }) partnerId: string,
    @Body({ schema: endorseSchema }) body: EndorseInput,
  ) {
    return this.partners.endorse(ctx, partnerId, body);
  }

  @Delete(':partnerId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePermission('partners.manage')
  async remove(
    @Ctx() ctx: RequestContext,
    @Param('partnerId', { schema: uuid }) partnerId: string,
  ): Promise<void> {
    await this.partners.remove(ctx, partnerId);
  }
}
