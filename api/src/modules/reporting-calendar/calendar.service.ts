import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  CALENDAR_PERIODICITIES,
  type CalendarPeriodicity,
  type CalendarSettings,
  type CalendarSettingsInput,
  calendarSettingsInputSchema,
  describeCalendar,
  type DueOverrideInput,
  dueDateOf,
  type FiscalYearStartMonth,
  parsePeriodKey,
  periodAtIndex,
  periodLabel,
  type ReminderView,
  type RemindersQuery,
  type ReportingCalendar,
  type ReportingCalendarView,
  requirePeriod,
  ruleDueDate,
  type UpcomingDueDate,
} from '@constellation/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { badRequest, notFound } from '../../common/errors';
import { type RequestContext, requireMember, requireUser } from '../../common/request-context';
import { AuditService } from '../audit/audit.service';
import { CollaborationWriteLock } from '../collaborations/common/collaboration-write-lock';
import { monthIndexOfDate, todayIn } from '../reporting/report-status';
import { ReportingRepository } from '../reporting/reporting.repository';
import { ReportingService } from '../reporting/reporting.service';
import { audienceOf } from '../rollups/rollups.service';
import { CalendarRepository } from './calendar.repository';

/** Due dates shown per periodicity by GET …/reporting-calendar/upcoming. */
const UPCOMING_PER_PERIODICITY = 3;

/**
 * The reporting calendar (issue 6): the backbone sets when reports are due per periodicity (and
 * for one period), and the reminders; every member reads it; the worker sends the reminders
 * (worker/src/reminders). Writes: one transaction with the collaboration lock and an audit event.
 */
@Injectable()
export class CalendarService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: CalendarRepository,
    private readonly reportingRepo: ReportingRepository,
    private readonly reporting: ReportingService,
    private readonly writeLock: CollaborationWriteLock,
    private readonly audit: AuditService,
  ) {}

  private async settingsOf(m: EntityManager, cid: string) {
    const s = await this.repo.settings(m, cid);
    if (!s) throw notFound('Collaboration not found');
    return { fy: s.fiscalYearStartMonth as FiscalYearStartMonth, timeZone: s.timeZone };
  }

  private async view(m: EntityManager, cid: string): Promise<ReportingCalendarView> {
    const { fy, timeZone } = await this.settingsOf(m, cid);
    const cal = await this.repo.calendar(m, cid);
    const settings: CalendarSettings = { month: cal.month, quarter: cal.quarter, year: cal.year, reminderHour: cal.reminderHour };
    return {
      settings,
      overrides: Object.entries(cal.overrides).map(([period, dueDate]) => ({
        period,
        periodLabel: periodLabel(period, fy),
        dueDate,
        ruleDueDate: ruleDueDate(period, fy, cal[requirePeriod(period, fy).granularity as CalendarPeriodicity]),
      })),
      description: describeCalendar(settings),
      timeZone,
      updatedAt: cal.updatedAt,
    };
  }

  get(ctx: RequestContext): Promise<ReportingCalendarView> {
    return this.view(this.repo.manager, requireMember(ctx).collaborationId);
  }

  async update(ctx: RequestContext, body: CalendarSettingsInput): Promise<ReportingCalendarView> {
    const cid = requireMember(ctx).collaborationId;
    const user = requireUser(ctx);
    const input = calendarSettingsInputSchema.parse(body);
    return this.ds.transaction(async (m) => {
      await this.writeLock.lock(m, cid);
      const before = await this.repo.calendar(m, cid);
      const after: CalendarSettings = {
        month: input.month ?? before.month,
        quarter: input.quarter ?? before.quarter,
        year: input.year ?? before.year,
        reminderHour: input.reminderHour ?? before.reminderHour,
      };
      await this.repo.saveSettings(m, cid, after, user.id);
      const { overrides: _o, updatedAt: _u, ...beforeSettings } = before;
      await this.audit.record(ctx, { action: 'reporting_calendar.update', entity: 'reporting_calendar', entityId: cid, before: beforeSettings, after }, m);
      return this.view(m, cid);
    });
  }

  /** The period key, canonical, or 400 naming params.period. */
  private period(key: string, fy: FiscalYearStartMonth) {
    const r = parsePeriodKey(key, fy);
    if (!r.ok) throw badRequest('The period is not valid', [{ path: 'params.period', message: r.error }]);
    if (!(CALENDAR_PERIODICITIES as readonly string[]).includes(r.period.granularity)) {
      throw badRequest('The period is not valid', [{ path: 'params.period', message: 'must be a month, quarter or year' }]);
    }
    return r.period;
  }

  async setOverride(ctx: RequestContext, periodKey: string, body: DueOverrideInput): Promise<ReportingCalendarView> {
    const cid = requireMember(ctx).collaborationId;
    const user = requireUser(ctx);
    return this.ds.transaction(async (m) => {
      await this.writeLock.lock(m, cid);
      const { fy } = await this.settingsOf(m, cid);
      const p = this.period(periodKey, fy);
      const ends = ruleDueDate(p.key, fy, { rule: 'days_after_end', days: 0, remindDaysBefore: 0, overdueDays: [] });
      if (body.dueDate < ends) {
        throw badRequest('A report cannot be due before its period ends', [{ path: 'dueDate', message: `must be on or after ${ends}, the last day of ${periodLabel(p.key, fy)}` }]);
      }
      const cal = await this.repo.calendar(m, cid);
      await this.repo.setOverride(m, cid, p.key, body.dueDate, user.id);
      await this.audit.record(
        ctx,
        { action: 'reporting_calendar.override_set', entity: 'reporting_calendar', entityId: cid, before: { period: p.key, dueDate: cal.overrides[p.key] ?? null }, after: { period: p.key, dueDate: body.dueDate } },
        m,
      );
      return this.view(m, cid);
    });
  }

  async deleteOverride(ctx: RequestContext, periodKey: string): Promise<ReportingCalendarView> {
    const cid = requireMember(ctx).collaborationId;
    return this.ds.transaction(async (m) => {
      await this.writeLock.lock(m, cid);
      const { fy } = await this.settingsOf(m, cid);
      const p = this.period(periodKey, fy);
      const cal = await this.repo.calendar(m, cid);
      const removed = await this.repo.deleteOverride(m, cid, p.key);
      if (removed === 0) throw notFound('No due date was set for this period');
      await this.audit.record(
        ctx,
        { action: 'reporting_calendar.override_delete', entity: 'reporting_calendar', entityId: cid, before: { period: p.key, dueDate: cal.overrides[p.key] ?? null }, after: null },
        m,
      );
      return this.view(m, cid);
    });
  }

  /** The next due dates of each periodicity in use, with how many reports are still missing (not for funders). */
  async upcoming(ctx: RequestContext): Promise<{ today: string; items: UpcomingDueDate[] }> {
    const member = requireMember(ctx);
    const cid = member.collaborationId;
    const audience = audienceOf(member);
    const m = this.repo.manager;
    const { fy, timeZone } = await this.settingsOf(m, cid);
    const cal: ReportingCalendar = await this.repo.calendar(m, cid);
    const today = todayIn(timeZone);
    const thisMonth = monthIndexOfDate(today);
    const partnerId = audience.kind === 'partner' ? audience.partnerId : undefined;
    const commitments = await this.reportingRepo.commitments(cid, { partnerId });
    const inUse = new Set(commitments.map((c) => c.periodicity as CalendarPeriodicity));
    const periodicities = CALENDAR_PERIODICITIES.filter((g) => inUse.size === 0 || inUse.has(g));
    const items: UpcomingDueDate[] = [];
    for (const g of periodicities) {
      const keys = new Set<string>();
      for (let i = thisMonth - 15; i <= thisMonth + 15; i++) keys.add(periodAtIndex(i, g, fy).key);
      const next = [...keys]
        .map((period) => ({ period, dueDate: dueDateOf(period, fy, cal) }))
        .filter((x) => x.dueDate >= today)
        .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.period.localeCompare(b.period))
        .slice(0, UPCOMING_PER_PERIODICITY);
      for (const { period, dueDate } of next) {
        let expected: number | null = null;
        let missing: number | null = null;
        if (audience.kind !== 'funder') {
          const end = periodAtIndex(requirePeriod(period, fy).endIndex, 'month', fy).key;
          const reports = (await this.reporting.reports(cid, commitments, end, end, today, fy, cal, partnerId)).filter((r) => r.view.period === period);
          expected = reports.length;
          missing = reports.filter((r) => r.view.state !== 'approved' && r.view.state !== 'submitted').length;
        }
        items.push({ periodicity: g, period, periodLabel: periodLabel(period, fy), dueDate, overridden: period in cal.overrides, expectedReports: expected, missingReports: missing });
      }
    }
    items.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.period.localeCompare(b.period));
    return { today, items };
  }

  /** Who has been reminded: the backbone every partner's reminders, a partner its own. */
  async reminders(ctx: RequestContext, q: RemindersQuery): Promise<{ items: ReminderView[] }> {
    const member = requireMember(ctx);
    const cid = member.collaborationId;
    const audience = audienceOf(member);
    const m = this.repo.manager;
    let partnerId: string | null = q.partnerId ?? null;
    if (audience.kind === 'partner') {
      if (partnerId && partnerId !== audience.partnerId) throw notFound('Partner not found');
      partnerId = audience.partnerId;
    } else if (partnerId && !(await this.repo.partnerExists(m, cid, partnerId))) {
      throw notFound('Partner not found');
    }
    const { fy } = await this.settingsOf(m, cid);
    const rows = await this.repo.reminders(m, cid, partnerId, q.limit);
    return { items: rows.map((r) => ({ ...r, periodLabel: periodLabel(r.period, fy) })) };
  }
}
