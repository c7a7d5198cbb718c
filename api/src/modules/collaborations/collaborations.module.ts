import { Module } from '@nestjs/common';
import { AgendaController } from './agenda/agenda.controller';
import { AgendaRepository } from './agenda/agenda.repository';
import { AgendaService } from './agenda/agenda.service';
import { AuditLogController } from './audit-log/audit-log.controller';
import { AuditLogRepository } from './audit-log/audit-log.repository';
import { AuditLogService } from './audit-log/audit-log.service';
import { CollaborationsController } from './collaborations/collaborations.controller';
import { CollaborationsRepository } from './collaborations/collaborations.repository';
import { CollaborationsService } from './collaborations/collaborations.service';
import { CollaborationWriteLock } from './common/collaboration-write-lock';
import { GoalsController } from './goals/goals.controller';
import { GoalsRepository } from './goals/goals.repository';
import { GoalsService } from './goals/goals.service';
import { StrategiesController } from './goals/strategies.controller';

/**
 * Collaborations, the versioned common agenda, goals and strategies, and the audit-log reader.
 * Exports CollaborationWriteLock (lock a collaboration for a write; 409 when archived) and the
 * read services other collaboration-scoped modules need (current agenda, goals).
 */
@Module({
  controllers: [
    CollaborationsController,
    AgendaController,
    GoalsController,
    StrategiesController,
    AuditLogController,
  ],
  providers: [
    CollaborationsRepository,
    CollaborationsService,
    CollaborationWriteLock,
    AgendaRepository,
    AgendaService,
    GoalsRepository,
    GoalsService,
    AuditLogRepository,
    AuditLogService,
  ],
  exports: [CollaborationWriteLock, AgendaService, GoalsService],
})
export class CollaborationsModule {}
