import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import {
  type DecisionCreateInput,
  decisionCreateSchema,
  type DecisionDecideInput,
  decisionDecideSchema,
  type DecisionListQuery,
  decisionListQuerySchema,
  type DecisionStanceInput,
  decisionStanceSchema,
  type DecisionSummaryView,
  type DecisionView,
  uuid,
} from '@constellation/shared';
import { RequirePermission } from '../../common/access.decorators';
import { Ctx, type RequestContext } from '../../common/request-context';
import { DecisionsService } from './decisions.service';

/** Shared decisions: proposals, stances, and the backbone's decision (every member reads them). */
@Controller('collaborations/:collaborationId/decisions')
export class DecisionsController {
  constructor(private readonly decisions: DecisionsService) {}

  @Get()
  @RequirePermission('collaboration.read')
  list(@Ctx() ctx: RequestContext, @Query({ schema: decisionListQuerySchema }) q: DecisionListQuery): Promise<{ items: DecisionSummaryView[] }> {
    return this.decisions.list(ctx, q);
  }

  @Post()
  @RequirePermission('decisions.propose')
  create(@Ctx() ctx: RequestContext, @Body({ schema: decisionCreateSchema }) body: DecisionCreateInput): Promise<DecisionView> {
    return this.decisions.create(ctx, body);
  }

  @Get(':decisionId')
  @RequirePermission('collaboration.read')
  get(@Ctx() ctx: RequestContext, @Param('decisionId', { schema: uuid }) id: string): Promise<DecisionView> {
    return this.decisions.get(ctx, id);
  }

  @Put(':decisionId/stance')
  @RequirePermission('decisions.discuss')
  setStance(
    @Ctx() ctx: RequestContext,
    @Param('decisionId', { schema: uuid }) id: string,
    @Body({ schema: decisionStanceSchema }) body: DecisionStanceInput,
  ): Promise<DecisionView> {
    return this.decisions.setStance(ctx, id, body);
  }

  @Delete(':decisionId/stance')
  @RequirePermission('decisions.discuss')
  withdrawStance(@Ctx() ctx: RequestContext, @Param('decisionId', { schema: uuid }) id: string): Promise<DecisionView> {
    return this.decisions.withdrawStance(ctx, id);
  }

  @Post(':decisionId/decide')
  @HttpCode(200)
  @RequirePermission('decisions.decide')
  decide(
    @Ctx() ctx: RequestContext,
    @Param('decisionId', { schema: uuid }) id: string,
    @Body({ schema: decisionDecideSchema }) body: DecisionDecideInput,
  ): Promise<DecisionView> {
    return this.decisions.decide(ctx, id, body);
  }
}
