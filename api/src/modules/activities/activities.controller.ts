import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  type ActivitiesQuery,
  activitiesQuerySchema,
  type ActivityDetail,
  type ActivityMatrixView,
  type ActivityNarrativeInput,
  activityNarrativeSchema,
  type ActivityNarrativeView,
  type ActivitySummary,
  type CreateActivityInput,
  createActivitySchema,
  type UpdateActivityInput,
  updateActivitySchema,
  uuid,
} from '@constellation/shared';
import { RequirePermission } from '../../common/access.decorators';
import { Ctx, type RequestContext } from '../../common/request-context';
import { ActivitiesService } from './activities.service';

@Controller('collaborations/:collaborationId/activities')
export class ActivitiesController {
  constructor(private readonly activities: ActivitiesService) {}

  @Get()
  @RequirePermission('collaboration.read')
  list(
    @Ctx() ctx: RequestContext,
    @Query({ schema: activitiesQuerySchema }) query: ActivitiesQuery,
  ): Promise<{ items: ActivitySummary[] }> {
    return this.activities.list(ctx, query);
  }

  /** Partners × strategies: who does what, where the gaps and overlaps are. Declared before `:activityId`. */
  @Get('matrix')
  @RequirePermission('collaboration.read')
  matrix(@Ctx() ctx: RequestContext): Promise<ActivityMatrixView> {
    return this.activities.matrix(ctx);
  }

  @Get(':activityId')
  @RequirePermission('collaboration.read')
  get(@Ctx() ctx: RequestContext, @Param('activityId', { schema: uuid }) activityId: string): Promise<ActivityDetail> {
    return this.activities.get(ctx, activityId);
  }

  @Post()
  @RequirePermission('activities.manage')
  create(
    @Ctx() ctx: RequestContext,
    @Body({ schema: createActivitySchema }) body: CreateActivityInput,
  ): Promise<ActivityDetail> {
    return this.activities.create(ctx, body);
  }

  @Patch(':activityId')
  @RequirePermission('activities.manage')
  update(
    @Ctx() ctx: RequestContext,
    @Param('activityId', { schema: uuid }) activityId: string,
    @Body({ schema: updateActivitySchema }) body: UpdateActivityInput,
  ): Promise<ActivityDetail> {
    return this.activities.update(ctx, activityId, body);
  }

  @Delete(':activityId')
  @HttpCode(204)
  @RequirePermission('activities.manage')
  async remove(@Ctx() ctx: RequestContext, @Param('activityId', { schema: uuid }) activityId: string): Promise<void> {
    await this.activities.remove(ctx, activityId);
  }

  /** A narrative update on the activity. */
  @Post(':activityId/updates')
  @RequirePermission('activities.manage')
  addUpdate(
    @Ctx() ctx: RequestContext,
    @Param('activityId', { schema: uuid }) activityId: string,
    @Body({ schema: activityNarrativeSchema }) body: ActivityNarrativeInput,
  ): Promise<ActivityNarrativeView> {
    return this.activities.addUpdate(ctx, activityId, body);
  }
}
