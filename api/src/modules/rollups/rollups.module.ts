import { Module } from '@nestjs/common';
import { EventsController } from './events.controller';
import { ExplainService } from './explain.service';
import { RollupEventsHub } from './rollup-events.hub';
import { RollupsController } from './rollups.controller';
import { RollupsRepository } from './rollups.repository';
import { RollupsService } from './rollups.service';

/** Read API for dashboards (rollups, completeness, show the math) and the live-updates stream. */
@Module({
  controllers: [RollupsController, EventsController],
  providers: [RollupsRepository, RollupsService, ExplainService, RollupEventsHub],
  exports: [RollupEventsHub],
})
export class RollupsModule {}
