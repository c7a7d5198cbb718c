import { Controller, Get, Param, Query } from '@nestjs/common';
import { uuid } from '@constellation/shared';
import { RequirePermission } from '../../common/access.decorators';
import { Ctx, type RequestContext } from '../../common/request-context';
import { type CompletenessMatrixQuery, completenessMatrixQuerySchema, type CompletenessMatrixView, type PartnerHomeView } from './reporting.schemas';
import { ReportingService } from './reporting.service';

/** Reporting status: the partner home and the completeness heatmap. */
@Controller('collaborations/:collaborationId')
export class ReportingController {
  constructor(private readonly reporting: ReportingService) {}

  @Get('partners/:partnerId/home')
  @RequirePermission('values.read')
  home(@Ctx() ctx: RequestContext, @Param('partnerId', { schema: uuid }) partnerId: string): Promise<PartnerHomeView> {
    return this.reporting.partnerHome(ctx, partnerId);
  }

  @Get('completeness/matrix')
  @RequirePermission('collaboration.read')
  matrix(@Ctx() ctx: RequestContext, @Query({ schema: completenessMatrixQuerySchema }) query: CompletenessMatrixQuery): Promise<CompletenessMatrixView> {
    return this.reporting.matrix(ctx, query);
  }
}
