import { Module } from '@nestjs/common';
import { CollaborationsModule } from '../collaborations/collaborations.module';
import { ReportingModule } from '../reporting/reporting.module';
import { CalendarController, RemindersController } from './calendar.controller';
import { CalendarRepository } from './calendar.repository';
import { CalendarService } from './calendar.service';

/** The reporting calendar (due dates per periodicity and per period) and the reminders sent (issue 6). */
@Module({
  imports: [CollaborationsModule, ReportingModule],
  controllers: [CalendarController, RemindersController],
  providers: [CalendarRepository, CalendarService],
})
export class ReportingCalendarModule {}
