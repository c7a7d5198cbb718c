import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import {
  type MarkNotificationsReadInput,
  markNotificationsReadSchema,
  type NotificationPreferencesInput,
  notificationPreferencesSchema,
  type NotificationsQuery,
  notificationsQuerySchema,
  type UnsubscribeQuery,
  unsubscribeQuerySchema,
} from '@constellation/shared';
import { Authenticated, Public } from '../../common/access.decorators';
import { Ctx, type RequestContext } from '../../common/request-context';
import { NotificationsService } from './notifications.service';

/** The signed-in person's own notifications and email settings. */
@Controller('me')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get('notifications')
  @Authenticated()
  list(@Ctx() ctx: RequestContext, @Query({ schema: notificationsQuerySchema }) q: NotificationsQuery) {
    return this.notifications.list(ctx, q);
  }

  @Post('notifications/read')
  @HttpCode(200)
  @Authenticated()
  markRead(@Ctx() ctx: RequestContext, @Body({ schema: markNotificationsReadSchema }) body: MarkNotificationsReadInput) {
    return this.notifications.markRead(ctx, body);
  }

  @Get('notification-preferences')
  @Authenticated()
  preferences(@Ctx() ctx: RequestContext) {
    return this.notifications.preferences(ctx);
  }

  @Put('notification-preferences')
  @Authenticated()
  setPreferences(@Ctx() ctx: RequestContext, @Body({ schema: notificationPreferencesSchema }) body: NotificationPreferencesInput) {
    return this.notifications.setPreferences(ctx, body);
  }
}

/** The one-click unsubscribe link of notification emails (RFC 8058: mail clients POST to it). */
@Controller('notifications')
export class UnsubscribeController {
  constructor(private readonly notifications: NotificationsService) {}

  @Post('unsubscribe')
  @HttpCode(200)
  @Public()
  unsubscribe(@Ctx() ctx: RequestContext, @Query({ schema: unsubscribeQuerySchema }) q: UnsubscribeQuery) {
    return this.notifications.unsubscribe(ctx, q.token);
  }
}
