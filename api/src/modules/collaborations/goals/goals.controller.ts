import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  type GoalUpdateInput,
  goalUpdateSchema,
  type GoalView,
  type GoalWithStrategiesInput,
  goalWithStrategiesSchema,
  type StrategyInput,
  strategyInputSchema,
  type StrategyView,
  uuid,
} from '@constellation/shared';
import { RequirePermission } from '../../../common/access.decorators';
import { Ctx, type RequestContext } from '../../../common/request-context';
import { GoalsService } from './goals.service';

@Controller('collaborations/:collaborationId/goals')
export class GoalsController {
  constructor(private readonly goals: GoalsService) {}

  @Get()
  @RequirePermission('collaboration.read')
  list(@Ctx() ctx: RequestContext): Promise<{ items: GoalView[] }> {
    return this.goals.list(ctx);
  }

  /** A goal, optionally with its strategies; it goes last. */
  @Post()
  @RequirePermission('goals.manage')
  create(
    @Ctx() ctx: RequestContext,
    @Body({ schema: goalWithStrategiesSchema }) body: GoalWithStrategiesInput,
  ): Promise<GoalView> {
    return this.goals.create(ctx, body);
  }

  /** Change fields and/or move the goal to another `position`. */
  @Patch(':goalId')
  @RequirePermission('goals.manage')
  update(
    @Ctx() ctx: RequestContext,
    @Param('goalId', { schema: uuid }) goalId: string,
    @Body({ schema: goalUpdateSchema }) body: GoalUpdateInput,
  ): Promise<GoalView> {
    return this.goals.update(ctx, goalId, body);
  }

  /** Deletes the goal with its strategies. */
  @Delete(':goalId')
  @HttpCode(204)
  @RequirePermission('goals.manage')
  async remove(@Ctx() ctx: RequestContext, @Param('goalId', { schema: uuid }) goalId: string): Promise<void> {
    await this.goals.remove(ctx, goalId);
  }

  /** A strategy under this goal; it goes last. */
  @Post(':goalId/strategies')
  @RequirePermission('goals.manage')
  createStrategy(
    @Ctx() ctx: RequestContext,
    @Param('goalId', { schema: uuid }) goalId: string,
    @Body({ schema: strategyInputSchema }) body: StrategyInput,
  ): Promise<StrategyView> {
    return this.goals.createStrategy(ctx, goalId, body);
  }
}
