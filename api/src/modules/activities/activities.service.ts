import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  ActivitiesQuery,
  ActivityDetail,
  ActivityMatrixView,
  ActivityNarrativeInput,
  ActivityNarrativeView,
  ActivitySummary,
  CreateActivityInput,
  ErrorDetail,
  UpdateActivityInput,
} from '@constellation/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { AppError, conflict, notFound, ValidationFailed } from '../../common/errors';
import { type CollaborationMember, type RequestContext, requireMember, requireUser } from '../../common/request-context';
import { AuditService } from '../audit/audit.service';
import { CollaborationWriteLock } from '../collaborations/common/collaboration-write-lock';
import { translateDbError } from '../collaborations/common/db-errors';
import { type ActivityFields, ActivitiesRepository } from './activities.repository';

const isBackbone = (member: CollaborationMember) =>
  member.role === 'backbone_admin' || member.role === 'backbone_staff';

const snapshot = (a: ActivitySummary) => ({
  id: a.id,
  partnerId: a.partnerId,
  name: a.name,
  description: a.description,
  status: a.status,
  startDate: a.startDate,
  endDate: a.endDate,
  strategyId: a.strategyId,
  indicatorIds: a.indicatorIds,
});

/**
 * Activities: a partner's programmes and actions, linked to a strategy and to the indicators they
 * contribute to, with narrative updates. Every member reads every activity (the "who does what"
 * map is the point); partners write only their own organisation's, the backbone any partner's.
 * Another organisation's activity answers 404 to a partner's write, as other organisations' rows
 * do elsewhere; naming another organisation as `partnerId` when creating answers 403.
 */
@Injectable()
export class ActivitiesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: ActivitiesRepository,
    private readonly writeLock: CollaborationWriteLock,
    private readonly audit: AuditService,
  ) {}

  async list(ctx: RequestContext, query: ActivitiesQuery): Promise<{ items: ActivitySummary[] }> {
    const { collaborationId } = requireMember(ctx);
    return { items: await this.repo.list(this.repo.manager, collaborationId, query) };
  }

  async get(ctx: RequestContext, activityId: string): Promise<ActivityDetail> {
    const { collaborationId } = requireMember(ctx);
    return this.detail(this.repo.manager, collaborationId, activityId);
  }

  async create(ctx: RequestContext, body: CreateActivityInput): Promise<ActivityDetail> {
    const member = requireMember(ctx);
    const user = requireUser(ctx);
    const cid = member.collaborationId;
    const partnerId = body.partnerId ?? member.partnerId;
    return this.write(async (m) => {
      await this.writeLock.lock(m, cid);
      if (!isBackbone(member) && partnerId !== member.partnerId) {
        throw new AppError(HttpStatus.FORBIDDEN, 'You can log activities only for your own organisation', [
          { path: 'partnerId', message: 'must be your own organisation' },
        ]);
      }
      const partner = await this.repo.findPartner(m, cid, partnerId);
      if (!partner) throw new ValidationFailed([{ path: 'partnerId', message: 'is not a partner of this collaboration' }]);
      if (partner.kind === 'funder') {
        throw new ValidationFailed([
          { path: 'partnerId', message: `is a funder (${partner.organisationName}): activities belong to partner organisations` },
        ]);
      }
      if (partner.status !== 'active') {
        throw conflict(`${partner.organisationName} has not joined the collaboration (status ${partner.status}), so it cannot log activities yet`);
      }
      const fields: ActivityFields = {
        name: body.name,
        description: body.description,
        status: body.status,
        startDate: body.startDate,
        endDate: body.endDate,
        strategyId: body.strategyId,
      };
      await this.checkReferences(m, cid, fields.strategyId, body.indicatorIds);
      const id = await this.repo.insert(m, cid, partnerId, fields, user.id);
      await this.repo.setIndicators(m, cid, id, body.indicatorIds);
      const after = await this.detail(m, cid, id);
      await this.audit.record(
        ctx,
        { action: 'activity.create', entity: 'activity', entityId: id, before: null, after: snapshot(after) },
        m,
      );
      return after;
    });
  }

  async update(ctx: RequestContext, activityId: string, body: UpdateActivityInput): Promise<ActivityDetail> {
    const member = requireMember(ctx);
    const cid = member.collaborationId;
    return this.write(async (m) => {
      await this.writeLock.lock(m, cid);
      const before = await this.ownActivity(m, member, activityId);
      const fields: ActivityFields = {
        name: body.name ?? before.name,
        description: body.description ?? before.description,
        status: body.status ?? before.status,
        startDate: body.startDate !== undefined ? body.startDate : before.startDate,
        endDate: body.endDate !== undefined ? body.endDate : before.endDate,
        strategyId: body.strategyId !== undefined ? body.strategyId : before.strategyId,
      };
      if (fields.startDate && fields.endDate && fields.endDate < fields.startDate) {
        throw new ValidationFailed([{ path: 'endDate', message: `must not be before startDate (${fields.startDate})` }]);
      }
      await this.checkReferences(
        m,
        cid,
        body.strategyId !== undefined ? fields.strategyId : null,
        body.indicatorIds ?? [],
      );
      await this.repo.update(m, cid, activityId, fields);
      if (body.indicatorIds) await this.repo.setIndicators(m, cid, activityId, body.indicatorIds);
      const after = await this.detail(m, cid, activityId);
      if (JSON.stringify(snapshot(before)) !== JSON.stringify(snapshot(after))) {
        await this.audit.record(
          ctx,
          { action: 'activity.update', entity: 'activity', entityId: activityId, before: snapshot(before), after: snapshot(after) },
          m,
        );
      }
      return after;
    });
  }

  /** Refused (409) while indicator values are attributed to the activity. */
  async remove(ctx: RequestContext, activityId: string): Promise<void> {
    const member = requireMember(ctx);
    const cid = member.collaborationId;
    await this.write(async (m) => {
      await this.writeLock.lock(m, cid);
      const before = await this.ownActivity(m, member, activityId);
      const values = await this.repo.countValues(m, cid, activityId);
      if (values > 0) {
        throw conflict(
          `${before.name} cannot be deleted: ${values} indicator value${values === 1 ? ' is' : 's are'} attributed to it. Mark it completed or cancelled instead, or attribute those values elsewhere first.`,
        );
      }
      await this.repo.delete(m, cid, activityId);
      await this.audit.record(
        ctx,
        { action: 'activity.delete', entity: 'activity', entityId: activityId, before: snapshot(before), after: null },
        m,
      );
    });
  }

  async addUpdate(ctx: RequestContext, activityId: string, body: ActivityNarrativeInput): Promise<ActivityNarrativeView> {
    const member = requireMember(ctx);
    const user = requireUser(ctx);
    const cid = member.collaborationId;
    return this.write(async (m) => {
      await this.writeLock.lock(m, cid);
      await this.ownActivity(m, member, activityId);
      const id = await this.repo.insertUpdate(m, cid, activityId, user.id, body.body);
      await this.repo.touch(m, cid, activityId);
      const view = (await this.repo.updates(m, cid, activityId)).find((u) => u.id === id)!;
      await this.audit.record(
        ctx,
        {
          action: 'activity.post_update',
          entity: 'activity',
          entityId: activityId,
          before: null,
          after: { updateId: id, body: body.body },
        },
        m,
      );
      return view;
    });
  }

  /** Partners × strategies: each active partner's activities under each strategy (gaps are empty cells). */
  async matrix(ctx: RequestContext): Promise<ActivityMatrixView> {
    const { collaborationId: cid } = requireMember(ctx);
    const m = this.repo.manager;
    const strategies = await this.repo.matrixStrategies(m, cid);
    const partners = await this.repo.matrixPartners(m, cid);
    const activities = await this.repo.matrixActivities(m, cid);
    return {
      strategies,
      partners: partners.map((p) => {
        const mine = activities.filter((a) => a.partnerId === p.partnerId);
        const brief = (a: (typeof mine)[number]) => ({ id: a.id, name: a.name, status: a.status });
        return {
          ...p,
          cells: strategies.map((s) => ({
            strategyId: s.id,
            activities: mine.filter((a) => a.strategyId === s.id).map(brief),
          })),
          unassigned: mine.filter((a) => a.strategyId === null).map(brief),
        };
      }),
    };
  }

  /** The activity for a write: 404 when it is not in the collaboration or (for partners) not their organisation's. */
  private async ownActivity(m: EntityManager, member: CollaborationMember, activityId: string): Promise<ActivitySummary> {
    const activity = await this.repo.find(m, member.collaborationId, activityId, true);
    if (!activity || (!isBackbone(member) && activity.partnerId !== member.partnerId)) throw notFound('Activity not found');
    return activity;
  }

  private async checkReferences(
    m: EntityManager,
    cid: string,
    strategyId: string | null,
    indicatorIds: string[],
  ): Promise<void> {
    const issues: ErrorDetail[] = [];
    if (strategyId && !(await this.repo.strategy(m, cid, strategyId))) {
      issues.push({ path: 'strategyId', message: 'is not a strategy of this collaboration' });
    }
    const known = new Set((await this.repo.indicators(m, cid, indicatorIds)).map((i) => i.id));
    indicatorIds.forEach((id, i) => {
      if (!known.has(id)) issues.push({ path: `indicatorIds.${i}`, message: 'is not an indicator of this collaboration' });
    });
    if (issues.length > 0) throw new ValidationFailed(issues);
  }

  private async detail(m: EntityManager, cid: string, activityId: string): Promise<ActivityDetail> {
    const activity = await this.repo.find(m, cid, activityId);
    if (!activity) throw notFound('Activity not found');
    const strategy = activity.strategyId ? await this.repo.strategy(m, cid, activity.strategyId) : null;
    const indicators = await this.repo.indicators(m, cid, activity.indicatorIds);
    const updates = await this.repo.updates(m, cid, activityId);
    return { ...activity, strategy, indicators, updates };
  }

  /** One transaction; database errors caused by the input become 4xx answers. */
  private async write<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.ds.transaction(fn);
    } catch (err) {
      translateDbError(err);
    }
  }
}
