import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  type IndicatorCreateInput,
  indicatorCreateSchema,
  type IndicatorListQuery,
  indicatorListQuerySchema,
  type IndicatorRevisionView,
  type IndicatorStatusChangeInput,
  indicatorStatusChangeSchema,
  type IndicatorUpdateInput,
  indicatorUpdateSchema,
  type IndicatorView,
  uuid,
} from '@constellation/shared';
import { RequirePermission } from '../../common/access.decorators';
import { Ctx, type RequestContext } from '../../common/request-context';
import { IndicatorsService } from './indicators.service';

@Controller('collaborations/:collaborationId/indicators')
export class IndicatorsController {
  constructor(private readonly indicators: IndicatorsService) {}

  /** Active indicators by default; `status=retired|all`, `goalId`, `strategyId` filter. */
  @Get()
  @RequirePermission('collaboration.read')
  list(
    @Ctx() ctx: RequestContext,
    @Query({ schema: indicatorListQuerySchema }) query: IndicatorListQuery,
  ): Promise<{ items: IndicatorView[] }> {
    return this.indicators.list(ctx, query);
  }

  @Post()
  @RequirePermission('indicators.manage')
  create(
    @Ctx() ctx: RequestContext,
    @Body({ schema: indicatorCreateSchema }) body: IndicatorCreateInput,
  ): Promise<IndicatorView> {
    return this.indicators.create(ctx, body);
  }

  @Get(':indicatorId')
  @RequirePermission('collaboration.read')
  get(
    @Ctx() ctx: RequestContext,
    @Param('indicatorId', { schema: uuid }) id: string,
  ): Promise<IndicatorView> {
    return this.indicators.get(ctx, id);
  }

  /** Change fields; `version` is the one edited (stale → 409). */
  @Patch(':indicatorId')
  @RequirePermission('indicators.manage')
  update(
    @Ctx() ctx: RequestContext,
    @Param('indicatorId', { schema: uuid }) id: string,
    @Body({ schema: indicatorUpdateSchema }) body: IndicatorUpdateInput,
  ): Promise<IndicatorView> {
    return this.indicators.update(ctx, id, body);
  }

  @Get(':indicatorId/revisions')
  @RequirePermission('collaboration.read')
  revisions(
    @Ctx() ctx: RequestContext,
    @Param('indicatorId', { schema: uuid }) id: string,
  ): Promise<{ items: IndicatorRevisionView[] }> {
    return this.indicators.revisions(ctx, id);
  }

  @Post(':indicatorId/retire')
  @HttpCode(200)
  @RequirePermission('indicators.manage')
  retire(
    @Ctx() ctx: RequestContext,
    @Param('indicatorId', { schema: uuid }) id: string,
    @Body({ schema: indicatorStatusChangeSchema }) body: IndicatorStatusChangeInput,
  ): Promise<IndicatorView> {
    return this.indicators.setStatus(ctx, id, 'retired', body);
  }

  @Post(':indicatorId/reinstate')
  @HttpCode(200)
  @RequirePermission('indicators.manage')
  reinstate(
    @Ctx() ctx: RequestContext,
    @Param('indicatorId', { schema: uuid }) id: string,
    @Body({ schema: indicatorStatusChangeSchema }) body: IndicatorStatusChangeInput,
  ): Promise<IndicatorView> {
    return this.indicators.setStatus(ctx, id, 'active', body);
  }
}
