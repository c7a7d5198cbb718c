import { Module } from '@nestjs/common';
import { CollaborationsModule } from '../collaborations/collaborations.module';
import { DimensionsController } from './dimensions.controller';
import { DimensionsRepository } from './dimensions.repository';
import { DimensionsService } from './dimensions.service';
import { ExampleIndicatorSetsController, IndicatorSetsController } from './indicator-sets.controller';
import { IndicatorSetsService } from './indicator-sets.service';
import { IndicatorsController } from './indicators.controller';
import { IndicatorsRepository } from './indicators.repository';
import { IndicatorsService } from './indicators.service';

/**
 * The indicator catalogue: dimensions with categories, indicators with baselines and targets and
 * their revisions, and indicator sets as JSON (export, import, shipped examples).
 * Exports IndicatorsService (views of indicators) for the modules that record values against them.
 */
@Module({
  imports: [CollaborationsModule],
  controllers: [
    DimensionsController,
    IndicatorsController,
    IndicatorSetsController,
    ExampleIndicatorSetsController,
  ],
  providers: [
    DimensionsRepository,
    DimensionsService,
    IndicatorsRepository,
    IndicatorsService,
    IndicatorSetsService,
  ],
  exports: [IndicatorsService],
})
export class IndicatorsModule {}
