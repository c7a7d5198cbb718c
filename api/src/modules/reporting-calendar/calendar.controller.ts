import { Body, Controller, Delete, Get, Param, Put, Query } from '@nestjs/common';
import {
  type CalendarSettingsInput,
  calendarSettingsInputSchema,
  type DueOverrideInput,
  dueOverrideInputSchema,
  type RemindersQuery,
  remindersQuerySchema,
} from '@constellation/shared';
import { z } from 'zod';
import { RequirePermission } from '../../common/access.decorators';
import { Ctx, type RequestContext } from '../../common/request-context';
import { CalendarService } from './calendar.service';

const periodParam = z.string().min(4, { message: 'must be a period key like 2026-03, 2026-Q1 or 2026' }).max(10, { message: 'must be a period key like 2026-03, 2026-Q1 or 2026' });

/** The reporting calendar: the backbone manages it (values.review), every member reads it. */
@Controller('collaborations/:collaborationId/reporting-calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get()
  @RequirePermission('collaboration.read')
  get(@Ctx() ctx: RequestContext) {
    return this.calendar.get(ctx);
  }

  @Put()
  @RequirePermission('values.review')
  update(@Ctx() ctx: RequestContext, @Body({ schema: calendarSettingsInputSchema }) body: CalendarSettingsInput) {
    return this.calendar.update(ctx, body);
  }

  @Get('upcoming')
  @RequirePermission('collaboration.read')
  upcoming(@Ctx() ctx: RequestContext) {
    return this.calendar.upcoming(ctx);
  }

  @Put('overrides/:period')
  @RequirePermission('values.review')
  setOverride(@Ctx() ctx: RequestContext, @Param('period', { schema: periodParam }) period: string, @Body({ schema: dueOverrideInputSchema }) body: DueOverrideInput) {
    return this.calendar.setOverride(ctx, period, body);
  }

  @Delete('overrides/:period')
  @RequirePermission('values.review')
  deleteOverride(@Ctx() ctx: RequestContext, @Param('period', { schema: periodParam }) period: string) {
    return this.calendar.deleteOverride(ctx, period);
  }
}

/** Reminders sent to partners with missing reports (the worker sends them). */
@Controller('collaborations/:collaborationId/reminders')
export class RemindersController {
  constructor(private readonly calendar: CalendarService) {}

  @Get()
  @RequirePermission('values.read')
  list(@Ctx() ctx: RequestContext, @Query({ schema: remindersQuerySchema }) q: RemindersQuery) {
    return this.calendar.reminders(ctx, q);
  }
}
