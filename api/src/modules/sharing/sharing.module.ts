import { Module } from '@nestjs/common';
import { AttemptLimiter, COUNTER_STORE } from '../auth/attempt-limiter';
import { RedisCounterStore } from '../auth/redis-counter-store';
import { CollaborationsModule } from '../collaborations/collaborations.module';
import { PublicDashboardsController, SharedDashboardsController } from './sharing.controller';
import { SharingRepository } from './sharing.repository';
import { SharingService } from './sharing.service';

/** Public sharing: revocable links to read-only dashboards of chosen indicators (all-partner aggregates only). */
@Module({
  imports: [CollaborationsModule],
  controllers: [SharedDashboardsController, PublicDashboardsController],
  providers: [
    SharingRepository,
    SharingService,
    AttemptLimiter,
    { provide: COUNTER_STORE, useClass: RedisCounterStore },
  ],
})
export class SharingModule {}
