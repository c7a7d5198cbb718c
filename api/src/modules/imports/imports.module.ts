import { Module } from '@nestjs/common';
import { CollaborationsModule } from '../collaborations/collaborations.module';
import { MeasurementSettingsRepository } from '../values/common/settings.repository';
import { IdempotencyService } from '../values/idempotency/idempotency.service';
import { ValuesBatchService } from '../values/values/values-batch.service';
import { ValuesRepository } from '../values/values/values.repository';
import { ExportsService } from './exports.service';
import { ImportsController } from './imports.controller';
import { ImportsRepository } from './imports.repository';
import { ImportsService } from './imports.service';

/**
 * Value imports (CSV/XLSX upload, preview, all-or-nothing commit), templates and exports. The
 * rows go through the values module's own validation and set-based upsert (ValuesBatchService).
 */
@Module({
  imports: [CollaborationsModule],
  controllers: [ImportsController],
  providers: [ImportsRepository, ImportsService, ExportsService, ValuesRepository, MeasurementSettingsRepository, IdempotencyService, ValuesBatchService],
})
export class ImportsModule {}
