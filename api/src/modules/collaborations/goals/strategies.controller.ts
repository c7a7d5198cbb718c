import { Body, Controller, Delete, HttpCode, Param, Patch } from '@nestjs/common';
import {
  type StrategyUpdateInput,
  strategyUpdateSchema,
  type StrategyView,
  uuid,
} from '@constellation/shared';
import { RequirePermission } from '../../../common/access.decorators';
import { Ctx, type RequestContext } from '../../../common/request-context';
import { GoalsService } from './goals.service';

@Controller('collaborations/:collaborationId/strategies')
export class StrategiesController {
  constructor(private readonly goals: GoalsService) {}

  /** Change fields and/or move the strategy to another `position` within its goal. */
  @Patch(':strategyId')
  @RequirePermission('goals.manage')
  update(
    @Ctx() ctx: RequestContext,
    @Param('strategyId', { schema: uuid }) strategyId: string,
    @Body({ schema: strategyUpdateSchema }) body: StrategyUpdateInput,
  ): Promise<StrategyView> {
    return this.goals.updateStrategy(ctx, strategyId, body);
  }

  @Delete(':strategyId')
  @HttpCode(204)
  @RequirePermission('goals.manage')
  async remove(
    @Ctx() ctx: RequestContext,
    @Param('strategyId', { schema: uuid }) strategyId: string,
  ): Promise<void> {
    await this.goals.removeStrategy(ctx, strategyId);
  }
}
