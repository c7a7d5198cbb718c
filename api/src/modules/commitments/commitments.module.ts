import { Module } from '@nestjs/common';
import { CollaborationsModule } from '../collaborations/collaborations.module';
import { CommitmentsController } from './commitments.controller';
import { CommitmentsRepository } from './commitments.repository';
import { CommitmentsService } from './commitments.service';

/** Partner commitments (which indicators each partner reports) and the reports they make expected. */
@Module({
  imports: [CollaborationsModule],
  controllers: [CommitmentsController],
  providers: [CommitmentsRepository, CommitmentsService],
  exports: [CommitmentsRepository],
})
export class CommitmentsModule {}
