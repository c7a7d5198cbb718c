import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { parsePeriodKey, periodLabel } from '@constellation/shared';
import type { DataSource } from 'typeorm';
import { AppError, notFound, ValidationFailed } from '../../../common/errors';
import { type RequestContext, requireMember, requireUser } from '../../../common/request-context';
import { AuditService } from '../../audit/audit.service';
import { CollaborationWriteLock } from '../../collaborations/common/collaboration-write-lock';
import { translateDbError } from '../../collaborations/common/db-errors';
import { MeasurementSettingsRepository, type PeriodLockRow } from '../common/settings.repository';
import { PeriodLocksRepository } from './period-locks.repository';

export interface PeriodLockView {
  period: string;
  label: string;
  lockedAt: string;
  lockedBy: { id: string; name: string };
}

/**
 * The backbone closes a period (a month, quarter or year; a closed year closes everything in it);
 * writes to values in a closed period are refused with 409 until it is reopened.
 */
@Injectable()
export class PeriodLocksService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly locks: PeriodLocksRepository,
    private readonly settings: MeasurementSettingsRepository,
    private readonly writeLock: CollaborationWriteLock,
    private readonly audit: AuditService,
  ) {}

  async list(ctx: RequestContext): Promise<{ items: PeriodLockView[] }> {
    const cid = requireMember(ctx).collaborationId;
    const fy = (await this.settings.settings(this.ds.manager, cid))?.fiscalYearStartMonth ?? 1;
    return { items: (await this.settings.locks(this.ds.manager, cid)).map((l) => view(l, fy)) };
  }

  async lock(ctx: RequestContext, period: string): Promise<PeriodLockView> {
    const cid = requireMember(ctx).collaborationId;
    const user = requireUser(ctx);
    try {
      return await this.ds.transaction(async (m) => {
        await this.writeLock.lock(m, cid);
        const fy = (await this.settings.settings(m, cid))!.fiscalYearStartMonth;
        const key = canonical(period, fy, 'period');
        if (!(await this.locks.insert(m, cid, key, user.id))) {
          throw new AppError(HttpStatus.CONFLICT, `${periodLabel(key, fy)} is already closed`, [{ path: 'period', message: 'is already closed' }]);
        }
        await this.audit.record(ctx, { action: 'period.lock', entity: 'period_lock', entityId: key, after: { period: key } }, m);
        const row = (await this.settings.locks(m, cid)).find((l) => l.period === key)!;
        return view(row, fy);
      });
    } catch (err) {
      translateDbError(err);
    }
  }

  async unlock(ctx: RequestContext, period: string): Promise<void> {
    const cid = requireMember(ctx).collaborationId;
    try {
      await this.ds.transaction(async (m) => {
        await this.writeLock.lock(m, cid);
        const fy = (await this.settings.settings(m, cid))!.fiscalYearStartMonth;
        const key = canonical(period, fy, 'params.period');
        if (!(await this.locks.delete(m, cid, key))) throw notFound(`${periodLabel(key, fy)} is not closed`);
        await this.audit.record(ctx, { action: 'period.unlock', entity: 'period_lock', entityId: key, before: { period: key } }, m);
      });
    } catch (err) {
      translateDbError(err);
    }
  }
}

function canonical(period: string, fy: number, path: string): string {
  const r = parsePeriodKey(period, fy);
  if (!r.ok) throw new ValidationFailed([{ path, message: r.error }]);
  return r.period.key;
}

function view(l: PeriodLockRow, fy: number): PeriodLockView {
  return { period: l.period, label: periodLabel(l.period, fy), lockedAt: new Date(l.lockedAt).toISOString(), lockedBy: l.lockedBy };
}
