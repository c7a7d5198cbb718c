import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { type CreateApiTokenInput, createApiTokenSchema, uuid } from '@constellation/shared';
import { RequirePermission } from '../../../common/access.decorators';
import { Ctx, type RequestContext } from '../../../common/request-context';
import { type ApiTokenView, ApiTokensService } from './api-tokens.service';

@Controller('collaborations/:collaborationId/partners/:partnerId/api-tokens')
export class ApiTokensController {
  constructor(private readonly tokens: ApiTokensService) {}

  @Get()
  @RequirePermission('tokens.manage')
  list(@Ctx() ctx: RequestContext, @Param('partnerId', { schema: uuid }) partnerId: string): Promise<{ items: ApiTokenView[] }> {
    return this.tokens.list(ctx, partnerId);
  }

  /** The token is in this answer and nowhere else, ever. */
  @Post()
  @RequirePermission('tokens.manage')
  create(
    @Ctx() ctx: RequestContext,
    @Param('partnerId', { schema: uuid }) partnerId: string,
    @Body({ schema: createApiTokenSchema }) body: CreateApiTokenInput,
  ): Promise<ApiTokenView & { token: string }> {
    return this.tokens.create(ctx, partnerId, body);
  }

  @Delete(':tokenId')
  @HttpCode(204)
  @RequirePermission('tokens.manage')
  revoke(
    @Ctx() ctx: RequestContext,
    @Param('partnerId', { schema: uuid }) partnerId: string,
    @Param('tokenId', { schema: uuid }) tokenId: string,
  ): Promise<void> {
    return this.tokens.revoke(ctx, partnerId, tokenId);
  }
}
