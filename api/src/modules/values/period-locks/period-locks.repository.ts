import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { execute, queryRows } from '../../collaborations/common/sql';

@Injectable()
export class PeriodLocksRepository {
  /** True when the period was not closed yet. */
  async insert(m: EntityManager, collaborationId: string, period: string, userId: string): Promise<boolean> {
    const rows = await queryRows(
      m,
      `INSERT INTO period_locks (collaboration_id, period, locked_by) VALUES ($1, $2, $3)
       ON CONFLICT (collaboration_id, period) DO NOTHING RETURNING period`,
      [collaborationId, period, userId],
    );
    return rows.length > 0;
  }

  async delete(m: EntityManager, collaborationId: string, period: string): Promise<boolean> {
    return (await execute(m, `DELETE FROM period_locks WHERE collaboration_id = $1 AND period = $2`, [collaborationId, period])) > 0;
  }
}
