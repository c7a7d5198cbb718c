import { Controller, Get, Query } from '@nestjs/common';
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
  type RollupsResponse,
} from './rollups.schemas';
import { RollupsService } from './rollups.service';

/** Dashboard reads: precomputed rollups, reporting completeness and "show the math". */
@Controller('collaborations/:collaborationId/rollups')
export class RollupsController {
  constructor(
    private readonly rollups: RollupsService,
    private readonly explainer: ExplainService,
  ) {}

  @Get()
  @RequirePermission('collaboration.read')
  list(@Ctx() ctx: RequestContext, @Query({ schema: rollupsQuerySchema }) query: RollupsQuery): Promise<RollupsResponse> {
    return this.rollups.list(ctx, query);
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
