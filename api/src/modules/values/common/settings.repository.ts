import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryOne, queryRows } from '../../collaborations/common/sql';

export interface MeasurementSettings {
  fiscalYearStartMonth: number;
  requiresApproval: boolean;
}

export interface PeriodLockRow {
  period: string;
  lockedAt: Date;
  lockedBy: { id: string; name: string };
}

/** The collaboration's settings that values depend on (current agenda version) and its period locks. */
@Injectable()
export class MeasurementSettingsRepository {
  settings(m: EntityManager, collaborationId: string): Promise<MeasurementSettings | null> {
    return queryOne<MeasurementSettings>(
      m,
      `SELECT a.fiscal_year_start_month AS "fiscalYearStartMonth", a.requires_approval AS "requiresApproval"
         FROM collaborations c
         JOIN agenda_versions a ON a.collaboration_id = c.id AND a.version = c.current_agenda_version
        WHERE c.id = $1`,
      [collaborationId],
    );
  }

  locks(m: EntityManager, collaborationId: string): Promise<PeriodLockRow[]> {
    return queryRows<PeriodLockRow>(
      m,
      `SELECT l.period, l.locked_at AS "lockedAt", json_build_object('id', u.id, 'name', u.name) AS "lockedBy"
         FROM period_locks l JOIN users u ON u.id = l.locked_by
        WHERE l.collaboration_id = $1
        ORDER BY l.locked_at`,
      [collaborationId],
    );
  }
}
