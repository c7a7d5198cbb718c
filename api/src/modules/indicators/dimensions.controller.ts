import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  type DimensionInput,
  dimensionInputSchema,
  type DimensionUpdateInput,
  dimensionUpdateSchema,
  type DimensionView,
  uuid,
} from '@constellation/shared';
import { RequirePermission } from '../../common/access.decorators';
import { Ctx, type RequestContext } from '../../common/request-context';
import { DimensionsService } from './dimensions.service';

@Controller('collaborations/:collaborationId/dimensions')
export class DimensionsController {
  constructor(private readonly dimensions: DimensionsService) {}

  @Get()
  @RequirePermission('collaboration.read')
  list(@Ctx() ctx: RequestContext): Promise<{ items: DimensionView[] }> {
    return this.dimensions.list(ctx);
  }

  @Post()
  @RequirePermission('indicators.manage')
  create(
    @Ctx() ctx: RequestContext,
    @Body({ schema: dimensionInputSchema }) body: DimensionInput,
  ): Promise<DimensionView> {
    return this.dimensions.create(ctx, body);
  }

  /** Rename it and/or set its categories (the complete list, in order; matched by key). */
  @Patch(':dimensionId')
  @RequirePermission('indicators.manage')
  update(
    @Ctx() ctx: RequestContext,
    @Param('dimensionId', { schema: uuid }) dimensionId: string,
    @Body({ schema: dimensionUpdateSchema }) body: DimensionUpdateInput,
  ): Promise<DimensionView> {
    return this.dimensions.update(ctx, dimensionId, body);
  }

  /** Only while no indicator uses it (409 naming them). */
  @Delete(':dimensionId')
  @HttpCode(204)
  @RequirePermission('indicators.manage')
  async remove(
    @Ctx() ctx: RequestContext,
    @Param('dimensionId', { schema: uuid }) dimensionId: string,
  ): Promise<void> {
    await this.dimensions.remove(ctx, dimensionId);
  }
}
