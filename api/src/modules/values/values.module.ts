import { Module } from '@nestjs/common';
import { CollaborationsModule } from '../collaborations/collaborations.module';
import { CommentsModule } from '../comments/comments.module';
import { ApiTokensController } from './api-tokens/api-tokens.controller';
import { ApiTokensRepository } from './api-tokens/api-tokens.repository';
import { ApiTokensService } from './api-tokens/api-tokens.service';
import { MeasurementSettingsRepository } from './common/settings.repository';
import { IdempotencyService } from './idempotency/idempotency.service';
import { PeriodLocksController } from './period-locks/period-locks.controller';
import { PeriodLocksRepository } from './period-locks/period-locks.repository';
import { PeriodLocksService } from './period-locks/period-locks.service';
import { ReviewController } from './review/review.controller';
import { WorkflowService } from './review/workflow.service';
import { ValuesBatchService } from './values/values-batch.service';
import { ValuesReadService } from './values/values-read.service';
import { ValuesController } from './values/values.controller';
import { ValuesRepository } from './values/values.repository';

/**
 * Indicator values: batch upsert with validation, the draft → submitted → approved/returned
 * workflow, revisions, the outbox, period locks, Idempotency-Key, and API tokens for partner
 * systems (the global guard resolves bearer tokens through ApiTokenAuth, provided by AccessModule).
 */
@Module({
  imports: [CollaborationsModule, CommentsModule],
  controllers: [ReviewController, ValuesController, PeriodLocksController, ApiTokensController],
  providers: [
    ValuesRepository,
    MeasurementSettingsRepository,
    IdempotencyService,
    ValuesBatchService,
    ValuesReadService,
    WorkflowService,
    PeriodLocksRepository,
    PeriodLocksService,
    ApiTokensRepository,
    ApiTokensService,
  ],
})
export class ValuesModule {}
