import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import {
  type CommitmentsQuery,
  commitmentsQuerySchema,
  type CommitmentView,
  type ExpectedQuery,
  expectedQuerySchema,
  type ExpectedReportsView,
  type ReplaceCommitmentsInput,
  replaceCommitmentsSchema,
  uuid,
} from '@constellation/shared';
import { RequirePermission } from '../../common/access.decorators';
import { Ctx, type RequestContext } from '../../common/request-context';
import { CommitmentsService } from './commitments.service';

@Controller('collaborations/:collaborationId')
export class CommitmentsController {
  constructor(private readonly commitments: CommitmentsService) {}

  /** Every partner's commitments (shared accountability), optionally for one partner or indicator. */
  @Get('commitments')
  @RequirePermission('collaboration.read')
  list(
    @Ctx() ctx: RequestContext,
    @Query({ schema: commitmentsQuerySchema }) query: CommitmentsQuery,
  ): Promise<{ items: CommitmentView[] }> {
    return this.commitments.list(ctx, query);
  }

  /** Replace the partner's complete set of commitments. */
  @Put('partners/:partnerId/commitments')
  @RequirePermission('commitments.manage')
  replace(
    @Ctx() ctx: RequestContext,
    @Param('partnerId', { schema: uuid }) partnerId: string,
    @Body({ schema: replaceCommitmentsSchema }) body: ReplaceCommitmentsInput,
  ): Promise<{ items: CommitmentView[] }> {
    return this.commitments.replace(ctx, partnerId, body);
  }

  /** The (indicator, period) pairs the partner is expected to report between `from` and `to`. */
  @Get('partners/:partnerId/expected')
  @RequirePermission('collaboration.read')
  expected(
    @Ctx() ctx: RequestContext,
    @Param('partnerId', { schema: uuid }) partnerId: string,
    @Query({ schema: expectedQuerySchema }) query: ExpectedQuery,
  ): Promise<ExpectedReportsView> {
    return this.commitments.expected(ctx, partnerId, query);
  }
}
