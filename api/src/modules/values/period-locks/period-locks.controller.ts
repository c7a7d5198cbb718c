import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { type PeriodLockInput, periodLockSchema } from '@constellation/shared';
import { z } from 'zod';
import { RequirePermission } from '../../../common/access.decorators';
import { Ctx, type RequestContext } from '../../../common/request-context';
import { type PeriodLockView, PeriodLocksService } from './period-locks.service';

@Controller('collaborations/:collaborationId/period-locks')
export class PeriodLocksController {
  constructor(private readonly locks: PeriodLocksService) {}

  @Get()
  @RequirePermission('values.read')
  list(@Ctx() ctx: RequestContext): Promise<{ items: PeriodLockView[] }> {
    return this.locks.list(ctx);
  }

  /** Close a period: values in it (or in any period inside it) can no longer change. */
  @Post()
  @RequirePermission('values.review')
  lock(@Ctx() ctx: RequestContext, @Body({ schema: periodLockSchema }) body: PeriodLockInput): Promise<PeriodLockView> {
    return this.locks.lock(ctx, body.period);
  }

  @Delete(':period')
  @HttpCode(204)
  @RequirePermission('values.review')
  unlock(@Ctx() ctx: RequestContext, @Param('period', { schema: z.string().max(20, { message: 'must be a period key' }) }) period: string): Promise<void> {
    return this.locks.unlock(ctx, period);
  }
}
