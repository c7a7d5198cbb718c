import { Module } from '@nestjs/common';
import { ProgressController } from './progress.controller';
import { ProgressRepository } from './progress.repository';
import { ProgressService } from './progress.service';

/** Read API for the worker's progress, wins and trajectory (worker/src/progress). */
@Module({
  controllers: [ProgressController],
  providers: [ProgressRepository, ProgressService],
})
export class ProgressModule {}
