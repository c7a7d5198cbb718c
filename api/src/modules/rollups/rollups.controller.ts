import { Controller, Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { RequirePermission } from '../../common/access.decorators';
import { Ctx, type RequestContext } from '../../common/request-context';
import { ExplainService } from './explain.service';
import {
  type CompletenessQuery,
  completenessQuerySchema,
  type ExplainQuery,
  explainQuerySchema,
  type RollupsQuery,
  rollupsQuerySchema,
} from './rollups.schemas';
import { RollupsService } from './rollups.service';

/** Dashboard reads: precomputed rollups, reporting completeness and "show the math". */
@Controller('collaborations/:collaborationId/rollups')
export class RollupsController {
  constructor(
    private readonly rollups: RollupsService,
    private readonly explainer: ExplainService,
  ) {}

  /** Answers a RollupsResponse (sent as the JSON text the service built or had cached). */
  @Get()
  @RequirePermission('collaboration.read')
  async list(
    @Ctx() ctx: RequestContext,
    @Query({ schema: rollupsQuerySchema }) query: RollupsQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const body = await this.rollups.list(ctx, query);
    res.type('application/json');
    return body;
  }

  @Get('completeness')
  @RequirePermission('collaboration.read')
  completeness(@Ctx() ctx: RequestContext, @Query({ schema: completenessQuerySchema }) query: CompletenessQuery) {
    return this.rollups.completeness(ctx, query);
  }

  @Get('explain')
  @RequirePermission('collaboration.read')
  explain(@Ctx() ctx: RequestContext, @Query({ schema: explainQuerySchema }) query: ExplainQuery) {
    return this.explainer.explain(ctx, query);
  }
}
