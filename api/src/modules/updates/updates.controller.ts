import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  type EditUpdateInput,
  editUpdateSchema,
  type UpdateReaction,
  updateReactionParam,
  type UpdatesPage,
  type UpdatesQuery,
  updatesQuerySchema,
  type UpdateView,
  uuid,
} from '@constellation/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RequirePermission } from '../../common/access.decorators';
import { Ctx, type RequestContext } from '../../common/request-context';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { receivePost } from './upload';
import { UpdatesService } from './updates.service';

/** RFC 6266 filename parameters: an ASCII fallback and the UTF-8 name. */
function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** The updates feed of a collaboration: posts, attachments, reactions and pins. */
@Controller('collaborations/:collaborationId/updates')
export class UpdatesController {
  constructor(
    private readonly updates: UpdatesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @RequirePermission('collaboration.read')
  feed(
    @Ctx() ctx: RequestContext,
    @Query({ schema: updatesQuerySchema }) q: UpdatesQuery,
  ): Promise<UpdatesPage> {
    return this.updates.feed(ctx, q);
  }

  /** JSON, or multipart/form-data with the same fields and files in `attachments`. */
  @Post()
  @HttpCode(201)
  @RequirePermission('updates.post')
  async create(@Ctx() ctx: RequestContext, @Req() req: FastifyRequest): Promise<UpdateView> {
    if (/^multipart\/form-data/i.test(req.headers['content-type'] ?? '')) {
      const post = await receivePost(req.raw, this.config.attachments.maxBytes);
      try {
        return await this.updates.create(ctx, post.fields, post.files);
      } finally {
        await post.cleanup();
      }
    }
    return this.updates.create(ctx, req.body as unknown, []);
  }

  @Get(':updateId')
  @RequirePermission('collaboration.read')
  get(@Ctx() ctx: RequestContext, @Param('updateId', { schema: uuid }) id: string): Promise<UpdateView> {
    return this.updates.get(ctx, id);
  }

  @Patch(':updateId')
  @RequirePermission('updates.post')
  edit(
    @Ctx() ctx: RequestContext,
    @Param('updateId', { schema: uuid }) id: string,
    @Body({ schema: editUpdateSchema }) body: EditUpdateInput,
  ): Promise<UpdateView> {
    return this.updates.edit(ctx, id, body);
  }

  @Delete(':updateId')
  @HttpCode(204)
  @RequirePermission('updates.post')
  async delete(@Ctx() ctx: RequestContext, @Param('updateId', { schema: uuid }) id: string): Promise<void> {
    await this.updates.delete(ctx, id);
  }

  @Put(':updateId/pin')
  @RequirePermission('updates.manage')
  pin(@Ctx() ctx: RequestContext, @Param('updateId', { schema: uuid }) id: string): Promise<UpdateView> {
    return this.updates.pin(ctx, id, true);
  }

  @Delete(':updateId/pin')
  @RequirePermission('updates.manage')
  unpin(@Ctx() ctx: RequestContext, @Param('updateId', { schema: uuid }) id: string): Promise<UpdateView> {
    return this.updates.pin(ctx, id, false);
  }

  @Put(':updateId/reactions/:reaction')
  @RequirePermission('updates.post')
  react(
    @Ctx() ctx: RequestContext,
    @Param('updateId', { schema: uuid }) id: string,
    @Param('reaction', { schema: updateReactionParam }) reaction: UpdateReaction,
  ): Promise<UpdateView> {
    return this.updates.react(ctx, id, reaction, true);
  }

  @Delete(':updateId/reactions/:reaction')
  @RequirePermission('updates.post')
  unreact(
    @Ctx() ctx: RequestContext,
    @Param('updateId', { schema: uuid }) id: string,
    @Param('reaction', { schema: updateReactionParam }) reaction: UpdateReaction,
  ): Promise<UpdateView> {
    return this.updates.react(ctx, id, reaction, false);
  }

  /** The file, always as a download with its checked type (never rendered inline). */
  @Get(':updateId/attachments/:attachmentId')
  @RequirePermission('collaboration.read')
  async attachment(
    @Ctx() ctx: RequestContext,
    @Param('updateId', { schema: uuid }) updateId: string,
    @Param('attachmentId', { schema: uuid }) attachmentId: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { meta, stream } = await this.updates.attachment(ctx, updateId, attachmentId);
    await reply
      .code(200)
      .header('Content-Type', meta.contentType)
      .header('Content-Length', String(meta.sizeBytes))
      .header('Content-Disposition', contentDisposition(meta.fileName))
      .header('X-Content-Type-Options', 'nosniff')
      .header('Content-Security-Policy', "default-src 'none'; sandbox")
      .header('Cache-Control', 'private, no-store')
      .send(stream);
  }
}
