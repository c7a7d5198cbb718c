import { Controller, Get, Query } from '@nestjs/common';
import { RequirePermission } from '../../common/access.decorators';
import { Ctx, type RequestContext } from '../../common/request-context';
import {
  type ProgressQuery,
  progressQuerySchema,
  type ProgressView,
  type TrajectoryView,
  type WinsQuery,
  winsQuerySchema,
  type WinView,
} from './progress.schemas';
import { ProgressService } from './progress.service';

@Controller('collaborations/:collaborationId')
export class ProgressController {
  constructor(private readonly service: ProgressService) {}

  /** Progress rows (all-partner totals against the interpolated targets) and each indicator's trajectory. */
  @Get('progress')
  @RequirePermission('collaboration.read')
  progress(
    @Ctx() ctx: RequestContext,
    @Query({ schema: progressQuerySchema }) query: ProgressQuery,
  ): Promise<{ items: ProgressView[]; trajectories: TrajectoryView[]; computedAt: string | null }> {
    return this.service.progress(ctx, query);
  }

  /** Wins, active and withdrawn, newest first. */
  @Get('wins')
  @RequirePermission('collaboration.read')
  wins(@Ctx() ctx: RequestContext, @Query({ schema: winsQuerySchema }) query: WinsQuery): Promise<{ items: WinView[] }> {
    return this.service.wins(ctx, query);
  }
}
