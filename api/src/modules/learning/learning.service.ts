import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  BACKBONE_ROLES,
  type ErrorDetail,
  type FiscalYearStartMonth,
  type LearningEntryCreateInput,
  type LearningEntryUpdateInput,
  type LearningEntryView,
  type LearningListQuery,
  parsePeriodKey,
} from '@constellation/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { forbidden, notFound, ValidationFailed } from '../../common/errors';
import { type CollaborationMember, type RequestContext, requireMember, requireUser } from '../../common/request-context';
import { AuditService } from '../audit/audit.service';
import { CollaborationWriteLock } from '../collaborations/common/collaboration-write-lock';
import { translateDbError } from '../collaborations/common/db-errors';
import { type LearningEntryRecord, type LearningEntryRow, LearningRepository } from './learning.repository';

const NOT_FOUND = 'Learning-log entry not found';
const isBackbone = (member: CollaborationMember) => BACKBONE_ROLES.includes(member.role);
/** Funders read only the entries shared with them (the funder report). */
const sharedOnly = (member: CollaborationMember) => member.role === 'funder';

/**
 * The learning log: what a collaboration tried, learned and will change, tied to indicators and
 * periods. Every member reads it (funders: the entries shared with funders, on by default);
 * backbone and partners write; an entry is edited or deleted by its author or the backbone.
 */
@Injectable()
export class LearningService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: LearningRepository,
    private readonly writeLock: CollaborationWriteLock,
    private readonly audit: AuditService,
  ) {}

  async list(ctx: RequestContext, q: LearningListQuery): Promise<{ items: LearningEntryView[] }> {
    const member = requireMember(ctx);
    const rows = await this.repo.list(this.repo.manager, member.collaborationId, { indicatorId: q.indicatorId, sharedOnly: sharedOnly(member) });
    return { items: rows.map((r) => this.toView(ctx, member, r)) };
  }

  async get(ctx: RequestContext, id: string): Promise<LearningEntryView> {
    const member = requireMember(ctx);
    return this.toView(ctx, member, await this.visible(this.repo.manager, member, id));
  }

  async create(ctx: RequestContext, body: LearningEntryCreateInput): Promise<LearningEntryView> {
    const member = requireMember(ctx);
    const user = requireUser(ctx);
    const cid = member.collaborationId;
    return this.write(async (m) => {
      await this.writeLock.lock(m, cid);
      const record = await this.check(m, cid, body);
      await this.checkIndicators(m, cid, body.indicatorIds);
      const id = await this.repo.insert(m, cid, user.id, record);
      await this.repo.setIndicators(m, cid, id, body.indicatorIds);
      const view = this.toView(ctx, member, (await this.repo.find(m, cid, id))!);
      await this.audit.record(ctx, { action: 'learning.create', entity: 'learning_entry', entityId: id, before: null, after: view }, m);
      return view;
    });
  }

  async update(ctx: RequestContext, id: string, body: LearningEntryUpdateInput): Promise<LearningEntryView> {
    const member = requireMember(ctx);
    const cid = member.collaborationId;
    return this.write(async (m) => {
      await this.writeLock.lock(m, cid);
      const row = await this.editable(m, ctx, member, id);
      const before = this.toView(ctx, member, row);
      const merged = {
        title: body.title ?? row.title,
        tried: body.tried ?? row.tried,
        learned: body.learned ?? row.learned,
        willChange: body.willChange ?? row.willChange,
        period: body.period ?? row.period,
        periodTo: body.periodTo === undefined ? (row.periodTo === row.period ? null : row.periodTo) : body.periodTo,
        shareWithFunders: body.shareWithFunders ?? row.shareWithFunders,
      };
      const record = await this.check(m, cid, merged);
      await this.repo.update(m, cid, id, record);
      if (body.indicatorIds) {
        await this.checkIndicators(m, cid, body.indicatorIds);
        await this.repo.setIndicators(m, cid, id, body.indicatorIds);
      }
      const after = this.toView(ctx, member, (await this.repo.find(m, cid, id))!);
      await this.audit.record(ctx, { action: 'learning.update', entity: 'learning_entry', entityId: id, before, after }, m);
      return after;
    });
  }

  async remove(ctx: RequestContext, id: string): Promise<void> {
    const member = requireMember(ctx);
    const cid = member.collaborationId;
    await this.write(async (m) => {
      await this.writeLock.lock(m, cid);
      const row = await this.editable(m, ctx, member, id);
      await this.repo.delete(m, cid, id);
      await this.audit.record(ctx, { action: 'learning.delete', entity: 'learning_entry', entityId: id, before: this.toView(ctx, member, row), after: null }, m);
    });
  }

  /** The entry if the member may see it (404 otherwise, as if it did not exist). */
  private async visible(m: EntityManager, member: CollaborationMember, id: string): Promise<LearningEntryRow> {
    const row = await this.repo.find(m, member.collaborationId, id);
    if (!row || (sharedOnly(member) && !row.shareWithFunders)) throw notFound(NOT_FOUND);
    return row;
  }

  /** The entry if the caller may change it: its author or the backbone (403 for other members). */
  private async editable(m: EntityManager, ctx: RequestContext, member: CollaborationMember, id: string): Promise<LearningEntryRow> {
    const row = await this.visible(m, member, id);
    if (row.authorId !== requireUser(ctx).id && !isBackbone(member)) {
      throw forbidden('Only the author of a learning-log entry or the backbone may change or delete it');
    }
    return row;
  }

  /** Periods against the collaboration's fiscal year, canonical; a range must not end before it starts. */
  private async check(
    m: EntityManager,
    cid: string,
    e: Omit<LearningEntryRecord, 'periodTo'> & { periodTo: string | null },
  ): Promise<LearningEntryRecord> {
    const fy = (await this.repo.fiscalYearStartMonth(m, cid)) as FiscalYearStartMonth;
    const issues: ErrorDetail[] = [];
    const from = parsePeriodKey(e.period, fy);
    if (!from.ok) issues.push({ path: 'period', message: from.error });
    const to = e.periodTo === null ? null : parsePeriodKey(e.periodTo, fy);
    if (to && !to.ok) issues.push({ path: 'periodTo', message: to.error });
    if (from.ok && to?.ok && to.period.endIndex < from.period.startIndex) {
      issues.push({ path: 'periodTo', message: `must not end before ${from.period.key} starts` });
    }
    if (issues.length > 0 || !from.ok || (to && !to.ok)) throw new ValidationFailed(issues);
    return { ...e, period: from.period.key, periodTo: to?.ok ? to.period.key : from.period.key };
  }

  private async checkIndicators(m: EntityManager, cid: string, ids: string[]): Promise<void> {
    const found = await this.repo.existingIndicators(m, cid, ids);
    const issues = ids.flatMap((id, i) => (found.has(id) ? [] : [{ path: `indicatorIds.${i}`, message: 'is not an indicator of this collaboration' }]));
    if (issues.length > 0) throw new ValidationFailed(issues);
  }

  private toView(ctx: RequestContext, member: CollaborationMember, r: LearningEntryRow): LearningEntryView {
    return {
      id: r.id,
      title: r.title,
      tried: r.tried,
      learned: r.learned,
      willChange: r.willChange,
      period: r.period,
      periodTo: r.periodTo === r.period ? null : r.periodTo,
      shareWithFunders: r.shareWithFunders,
      indicators: r.indicators,
      author: { id: r.authorId, name: r.authorName, organisationName: r.organisationName },
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
      canEdit: member.role !== 'funder' && (r.authorId === ctx.user?.id || isBackbone(member)),
    };
  }

  private async write<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.ds.transaction(fn);
    } catch (err) {
      translateDbError(err);
    }
  }
}
