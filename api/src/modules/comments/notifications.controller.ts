import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  type MarkNotificationsReadInput,
  markNotificationsReadSchema,
  type NotificationsQuery,
  notificationsQuerySchema,
} from '@constellation/shared';
import { Authenticated } from '../../common/access.decorators';
import { Ctx, type RequestContext } from '../../common/request-context';
import { NotificationsService } from './notifications.service';

/** The signed-in person's own notifications. */
@Controller('me/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Authenticated()
  list(@Ctx() ctx: RequestContext, @Query({ schema: notificationsQuerySchema }) q: NotificationsQuery) {
    return this.notifications.list(ctx, q);
  }

  @Post('read')
  @HttpCode(200)
  @Authenticated()
  markRead(@Ctx() ctx: RequestContext, @Body({ schema: markNotificationsReadSchema }) body: MarkNotificationsReadInput) {
    return this.notifications.markRead(ctx, body);
  }
}
