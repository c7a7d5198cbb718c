import { Module } from '@nestjs/common';
import { AttentionController } from './attention.controller';
import { AttentionRepository } from './attention.repository';
import { AttentionService } from './attention.service';

/** "What needs attention" on the collaboration overview (issue 5). */
@Module({
  controllers: [AttentionController],
  providers: [AttentionRepository, AttentionService],
})
export class AttentionModule {}
