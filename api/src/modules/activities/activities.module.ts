import { Module } from '@nestjs/common';
import { CollaborationsModule } from '../collaborations/collaborations.module';
import { ActivitiesController } from './activities.controller';
import { ActivitiesRepository } from './activities.repository';
import { ActivitiesService } from './activities.service';

/** Partners' activities against strategies and indicators, their narrative updates, and the partners × strategies matrix. */
@Module({
  imports: [CollaborationsModule],
  controllers: [ActivitiesController],
  providers: [ActivitiesRepository, ActivitiesService],
  exports: [ActivitiesRepository],
})
export class ActivitiesModule {}
