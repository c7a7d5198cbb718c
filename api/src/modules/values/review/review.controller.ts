import { Body, Controller, Get, Headers, HttpCode, Post, Query } from '@nestjs/common';
import { type ReviewPreviousQuery, reviewPreviousQuerySchema, type ReviewValuesInput, reviewValuesSchema } from '@constellation/shared';
import { RequirePermission } from '../../../common/access.decorators';
import { Ctx, type RequestContext } from '../../../common/request-context';
import { Actor, type ValuesActor } from '../common/actor';
import { ValuesReadService } from '../values/values-read.service';
import { type WorkflowResult, WorkflowService } from './workflow.service';

/** The backbone's review: the queue of submitted values, and bulk approve or return. */
@Controller('collaborations/:collaborationId/values')
export class ReviewController {
  constructor(
    private readonly workflow: WorkflowService,
    private readonly reads: ValuesReadService,
  ) {}

  @Get('review-queue')
  @RequirePermission('values.review')
  queue(@Actor() actor: ValuesActor) {
    return this.reads.reviewQueue(actor);
  }

  /** One group's previous values (the web asks when it shows the group). */
  @Get('review-queue/previous')
  @RequirePermission('values.review')
  previous(@Actor() actor: ValuesActor, @Query({ schema: reviewPreviousQuerySchema }) query: ReviewPreviousQuery) {
    return this.reads.reviewPrevious(actor, query);
  }

  @Post('review')
  @HttpCode(200)
  @RequirePermission('values.review')
  review(
    @Ctx() ctx: RequestContext,
    @Actor() actor: ValuesActor,
    @Body({ schema: reviewValuesSchema }) body: ReviewValuesInput,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<WorkflowResult> {
    return this.workflow.review(ctx, actor, body, idempotencyKey);
  }
}
