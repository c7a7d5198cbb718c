import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RequirePermission } from '../../common/access.decorators';
import { sendPreparedJson } from '../../common/prepared-json';
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

  /** Answers a RollupsResponse, sent as the service prepared or had cached it (ETag, gzip when accepted). */
  @Get()
  @RequirePermission('collaboration.read')
  async list(
    @Ctx() ctx: RequestContext,
    @Query({ schema: rollupsQuerySchema }) query: RollupsQuery,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await sendPreparedJson(req, reply, await this.rollups.list(ctx, query));
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
