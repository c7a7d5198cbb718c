import { Module } from '@nestjs/common';
import { CollaborationsModule } from '../collaborations/collaborations.module';
import { CommentsController } from './comments.controller';
import { CommentsRepository } from './comments.repository';
import { CommentsService } from './comments.service';
import { MeEventsController } from './me-events.controller';
import { NotificationsListener } from './notifications-listener';
import { NotificationsController, UnsubscribeController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';

/** Conversations (threaded comments with mentions) and in-app notifications (issue 6). */
@Module({
  imports: [CollaborationsModule],
  controllers: [CommentsController, NotificationsController, UnsubscribeController, MeEventsController],
  providers: [CommentsRepository, CommentsService, NotificationsRepository, NotificationsService, NotificationsListener],
  exports: [CommentsService, NotificationsRepository],
})
export class CommentsModule {}
