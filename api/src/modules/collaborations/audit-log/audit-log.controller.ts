import { Controller, Get, Query } from '@nestjs/common';
import { type AuditPage, type AuditQuery, auditQuerySchema } from '@constellation/shared';
import { RequirePermission } from '../../../common/access.decorators';
import { Ctx, type RequestContext } from '../../../common/request-context';
import { AuditLogService } from './audit-log.service';

@Controller('collaborations/:collaborationId/audit')
export class AuditLogController {
  constructor(private readonly auditLog: AuditLogService) {}

  /** Filters: entity, action (exact, or a prefix ending in "*"), actorId, outcome, from, to; paged. */
  @Get()
  @RequirePermission('audit.read')
  list(
    @Ctx() ctx: RequestContext,
    @Query({ schema: auditQuerySchema }) query: AuditQuery,
  ): Promise<AuditPage> {
    return this.auditLog.list(ctx, query);
  }
}
