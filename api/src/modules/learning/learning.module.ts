import { Module } from '@nestjs/common';
import { CollaborationsModule } from '../collaborations/collaborations.module';
import { CommentsModule } from '../comments/comments.module';
import { IndicatorsModule } from '../indicators/indicators.module';
import { DecisionsController } from './decisions.controller';
import { DecisionsRepository } from './decisions.repository';
import { DecisionsService } from './decisions.service';
import { LearningController } from './learning.controller';
import { LearningRepository } from './learning.repository';
import { LearningService } from './learning.service';

/** The learning log and shared decisions (issue 6). */
@Module({
  imports: [CollaborationsModule, IndicatorsModule, CommentsModule],
  controllers: [LearningController, DecisionsController],
  providers: [LearningRepository, LearningService, DecisionsRepository, DecisionsService],
})
export class LearningModule {}
