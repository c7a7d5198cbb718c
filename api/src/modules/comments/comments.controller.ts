import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import {
  type CommentThreadQuery,
  commentThreadQuerySchema,
  type CreateCommentInput,
  createCommentSchema,
  type MentionableQuery,
  mentionableQuerySchema,
} from '@constellation/shared';
import { RequirePermission } from '../../common/access.decorators';
import { Ctx, type RequestContext } from '../../common/request-context';
import { type CommentView, CommentsService, type ThreadView } from './comments.service';

/** Conversations on indicators, values and activities (the service checks the caller may see the subject). */
@Controller('collaborations/:collaborationId/comments')
export class CommentsController {
  constructor(private readonly comments: CommentsService) {}

  @Get()
  @RequirePermission('collaboration.read')
  thread(@Ctx() ctx: RequestContext, @Query({ schema: commentThreadQuerySchema }) q: CommentThreadQuery): Promise<ThreadView> {
    return this.comments.thread(ctx, q);
  }

  @Get('mentionable')
  @RequirePermission('members.read')
  mentionable(@Ctx() ctx: RequestContext, @Query({ schema: mentionableQuerySchema }) q: MentionableQuery) {
    return this.comments.mentionable(ctx, q);
  }

  @Post()
  @RequirePermission('collaboration.read')
  create(@Ctx() ctx: RequestContext, @Body({ schema: createCommentSchema }) body: CreateCommentInput): Promise<CommentView> {
    return this.comments.create(ctx, body);
  }
}
