import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  type LearningEntryCreateInput,
  learningEntryCreateSchema,
  type LearningEntryUpdateInput,
  learningEntryUpdateSchema,
  type LearningEntryView,
  type LearningListQuery,
  learningListQuerySchema,
  uuid,
} from '@constellation/shared';
import { RequirePermission } from '../../common/access.decorators';
import { Ctx, type RequestContext } from '../../common/request-context';
import { LearningService } from './learning.service';

/** The learning log: entries on indicators and periods (funders read those shared with them). */
@Controller('collaborations/:collaborationId/learning')
export class LearningController {
  constructor(private readonly learning: LearningService) {}

  @Get()
  @RequirePermission('collaboration.read')
  list(@Ctx() ctx: RequestContext, @Query({ schema: learningListQuerySchema }) q: LearningListQuery): Promise<{ items: LearningEntryView[] }> {
    return this.learning.list(ctx, q);
  }

  @Post()
  @RequirePermission('learning.write')
  create(@Ctx() ctx: RequestContext, @Body({ schema: learningEntryCreateSchema }) body: LearningEntryCreateInput): Promise<LearningEntryView> {
    return this.learning.create(ctx, body);
  }

  @Get(':entryId')
  @RequirePermission('collaboration.read')
  get(@Ctx() ctx: RequestContext, @Param('entryId', { schema: uuid }) id: string): Promise<LearningEntryView> {
    return this.learning.get(ctx, id);
  }

  @Patch(':entryId')
  @RequirePermission('learning.write')
  update(
    @Ctx() ctx: RequestContext,
    @Param('entryId', { schema: uuid }) id: string,
    @Body({ schema: learningEntryUpdateSchema }) body: LearningEntryUpdateInput,
  ): Promise<LearningEntryView> {
    return this.learning.update(ctx, id, body);
  }

  @Delete(':entryId')
  @HttpCode(204)
  @RequirePermission('learning.write')
  remove(@Ctx() ctx: RequestContext, @Param('entryId', { schema: uuid }) id: string): Promise<void> {
    return this.learning.remove(ctx, id);
  }
}
