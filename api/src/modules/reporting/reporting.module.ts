import { Module } from '@nestjs/common';
import { ReportingController } from './reporting.controller';
import { ReportingRepository } from './reporting.repository';
import { ReportingService } from './reporting.service';

/** The partner home (what is due, commitments, contribution) and the reporting-completeness heatmap. */
@Module({
  controllers: [ReportingController],
  providers: [ReportingRepository, ReportingService],
  exports: [ReportingRepository, ReportingService],
})
export class ReportingModule {}
