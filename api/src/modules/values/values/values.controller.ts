import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  type SubmitValuesInput,
  submitValuesSchema,
  uuid,
  type ValuesBatchInput,
  type ValuesBatchResult,
  valuesBatchSchema,
  type ValuesQuery,
  valuesQuerySchema,
  type ValueView,
} from '@constellation/shared';
import { RequirePermission } from '../../../common/access.decorators';
import { Ctx, type RequestContext } from '../../../common/request-context';
import { AllowApiToken } from '../api-tokens/api-token-principal';
import { Actor, type ValuesActor } from '../common/actor';
import { type WorkflowResult, WorkflowService } from '../review/workflow.service';
import { ValuesBatchService } from './values-batch.service';
import { ValuesReadService } from './values-read.service';

/**
 * A partner's values: batch upsert, submit, delete, read, history. Every route also takes an API
 * token of the partner (`Authorization: Bearer cst_…`), which acts as a partner contributor.
 */
@Controller('collaborations/:collaborationId/values')
export class ValuesController {
  constructor(
    private readonly batch: ValuesBatchService,
    private readonly workflow: WorkflowService,
    private readonly reads: ValuesReadService,
  ) {}

  @Get()
  @AllowApiToken()
  @RequirePermission('values.read')
  list(@Actor() actor: ValuesActor, @Query({ schema: valuesQuerySchema }) query: ValuesQuery): Promise<{ items: ValueView[] }> {
    return this.reads.list(actor, query);
  }

  /** Up to 1000 values; every row is validated before anything is written. */
  @Post('batch')
  @HttpCode(200)
  @AllowApiToken()
  @RequirePermission('values.write')
  upsert(
    @Ctx() ctx: RequestContext,
    @Actor() actor: ValuesActor,
    @Body({ schema: valuesBatchSchema }) body: ValuesBatchInput,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<ValuesBatchResult> {
    return this.batch.upsert(ctx, actor, body, idempotencyKey);
  }

  @Post('submit')
  @HttpCode(200)
  @AllowApiToken()
  @RequirePermission('values.write')
  submit(
    @Ctx() ctx: RequestContext,
    @Actor() actor: ValuesActor,
    @Body({ schema: submitValuesSchema }) body: SubmitValuesInput,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<WorkflowResult> {
    return this.workflow.submit(ctx, actor, body, idempotencyKey);
  }

  @Get(':valueId/history')
  @AllowApiToken()
  @RequirePermission('values.read')
  history(@Actor() actor: ValuesActor, @Param('valueId', { schema: uuid }) valueId: string) {
    return this.reads.history(actor, valueId);
  }

  /** Draft or returned values only; the revisions are kept. */
  @Delete(':valueId')
  @HttpCode(204)
  @AllowApiToken()
  @RequirePermission('values.write')
  remove(@Ctx() ctx: RequestContext, @Actor() actor: ValuesActor, @Param('valueId', { schema: uuid }) valueId: string): Promise<void> {
    return this.workflow.remove(ctx, actor, valueId);
  }
}
