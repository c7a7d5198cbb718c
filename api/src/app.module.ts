import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import pino, { type Logger } from 'pino';
import { AllExceptionsFilter } from './common/http-exception.filter';
import { pinoOptions } from './common/request-log';
import { ZodValidationPipe } from './common/validation.pipe';
import type { AppConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { AccessModule } from './modules/access/access.module';
import { ActivitiesModule } from './modules/activities/activities.module';
import { AttentionModule } from './modules/attention/attention.module';
import { AuditModule } from './modules/audit/audit.module';
import { AuthModule } from './modules/auth/auth.module';
import { CollaborationsModule } from './modules/collaborations/collaborations.module';
import { CommentsModule } from './modules/comments/comments.module';
import { CommitmentsModule } from './modules/commitments/commitments.module';
import { DocsModule } from './modules/docs/docs.module';
import { HealthModule } from './modules/health/health.module';
import { ImportsModule } from './modules/imports/imports.module';
import { IndicatorsModule } from './modules/indicators/indicators.module';
import { LearningModule } from './modules/learning/learning.module';
import { QueueModule } from './modules/mail/redis.provider';
import { OpsModule } from './modules/ops/ops.module';
import { PartnersModule } from './modules/partners/partners.module';
import { ProgressModule } from './modules/progress/progress.module';
import { ReportingModule } from './modules/reporting/reporting.module';
import { ReportingCalendarModule } from './modules/reporting-calendar/calendar.module';
import { RollupsModule } from './modules/rollups/rollups.module';
import { SharingModule } from './modules/sharing/sharing.module';
import { UpdatesModule } from './modules/updates/updates.module';
import { ValuesModule } from './modules/values/values.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logger?: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        // Application logs through the api's pino instance; request lines come from common/request-log.ts.
        LoggerModule.forRoot({ pinoHttp: { logger: logger ?? pino(pinoOptions(config.logLevel)) }, forRoutes: [] }),
        DatabaseModule,
        QueueModule,
        AuditModule,
        AccessModule,
        HealthModule,
        AuthModule,
        CollaborationsModule,
        PartnersModule,
        ValuesModule,
        IndicatorsModule,
        CommitmentsModule,
        ActivitiesModule,
        CommentsModule,
        LearningModule,
        ImportsModule,
        DocsModule,
        ProgressModule,
        RollupsModule,
        SharingModule,
        ReportingModule,
        ReportingCalendarModule,
        AttentionModule,
        OpsModule,
        UpdatesModule,
      ],
      providers: [
        { provide: APP_PIPE, useClass: ZodValidationPipe },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
    };
  }
}
