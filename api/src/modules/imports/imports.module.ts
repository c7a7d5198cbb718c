import { Module } from '@nestjs/common';
import { CollaborationsModule } from '../collaborations/collaborations.module';
import { MeasurementSettingsRepository } from '../values/common/settings.repository';
import { ValuesRepository } from '../values/values/values.repository';
import { ExportsService } from './exports.service';
import { ImportsController } from './imports.controller';
import { ImportsRepository } from './imports.repository';
import { ImportsQueue, ImportsService } from './imports.service';

/**
 * Value imports (CSV/XLSX upload, preview, all-or-nothing commit), templates and exports. Files are
 * COPYed into a staging table and validated and committed with SQL (engine/), by the worker's
 * `imports` jobs for large files.
 */
@Module({
  imports: [CollaborationsModule],
  controllers: [ImportsController],
  providers: [ImportsRepository, ImportsService, ImportsQueue, ExportsService, ValuesRepository, MeasurementSettingsRepository],
})
export class ImportsModule {}
