import { Body, Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import {
  type CollaborationDetail,
  type CollaborationSummary,
  type CreateCollaborationInput,
  createCollaborationSchema,
  type UpdateCollaborationInput,
  updateCollaborationSchema,
} from '@constellation/shared';
import { Authenticated, RequirePermission } from '../../../common/access.decorators';
import { Ctx, type RequestContext } from '../../../common/request-context';
import { CollaborationsService } from './collaborations.service';

@Controller('collaborations')
export class CollaborationsController {
  constructor(private readonly collaborations: CollaborationsService) {}

  /** The signed-in person's collaborations. */
  @Get()
  @Authenticated()
  list(@Ctx() ctx: RequestContext): Promise<{ items: CollaborationSummary[] }> {
    return this.collaborations.listMine(ctx);
  }

  /** Create a collaboration; the creator becomes its backbone admin. */
  @Post()
  @Authenticated()
  create(
    @Ctx() ctx: RequestContext,
    @Body({ schema: createCollaborationSchema }) body: CreateCollaborationInput,
  ): Promise<CollaborationDetail> {
    return this.collaborations.create(ctx, body);
  }

  @Get(':collaborationId')
  @RequirePermission('collaboration.read')
  detail(@Ctx() ctx: RequestContext): Promise<CollaborationDetail> {
    return this.collaborations.detail(ctx);
  }

  @Patch(':collaborationId')
  @RequirePermission('collaboration.manage')
  update(
    @Ctx() ctx: RequestContext,
    @Body({ schema: updateCollaborationSchema }) body: UpdateCollaborationInput,
  ): Promise<CollaborationDetail> {
    return this.collaborations.update(ctx, body);
  }

  @Post(':collaborationId/archive')
  @HttpCode(200)
  @RequirePermission('collaboration.manage')
  archive(@Ctx() ctx: RequestContext): Promise<CollaborationDetail> {
    return this.collaborations.archive(ctx);
  }

  @Post(':collaborationId/unarchive')
  @HttpCode(200)
  @RequirePermission('collaboration.manage')
  unarchive(@Ctx() ctx: RequestContext): Promise<CollaborationDetail> {
    return this.collaborations.unarchive(ctx);
  }
}
