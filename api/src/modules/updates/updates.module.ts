import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { CollaborationsModule } from '../collaborations/collaborations.module';
import { ATTACHMENT_STORE, attachmentStoreFor } from './attachment-store';
import { UpdatesController } from './updates.controller';
import { UpdatesRepository } from './updates.repository';
import { UpdatesService } from './updates.service';

/** The updates feed (issue 6): posts, attachments (disk or S3-compatible store), reactions, pins. */
@Module({
  imports: [CollaborationsModule],
  controllers: [UpdatesController],
  providers: [
    UpdatesRepository,
    UpdatesService,
    {
      provide: ATTACHMENT_STORE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => attachmentStoreFor(config),
    },
  ],
})
export class UpdatesModule {}
