import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  GoalUpdateInput,
  GoalView,
  GoalWithStrategiesInput,
  StrategyInput,
  StrategyUpdateInput,
  StrategyView,
} from '@constellation/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { notFound } from '../../../common/errors';
import { type RequestContext, requireMember } from '../../../common/request-context';
import { AuditService } from '../../audit/audit.service';
import { CollaborationWriteLock } from '../common/collaboration-write-lock';
import { translateDbError } from '../common/db-errors';
import { GoalsRepository } from './goals.repository';
import { toGoalViews, toStrategyView } from './goals.view';
import { moveTo } from './ordering';

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Goals and their strategies. Positions are 0-based and contiguous among siblings: new items go
 * last, a PATCH with `position` moves an item and renumbers the others, a delete closes the gap.
 */
@Injectable()
export class GoalsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly goals: GoalsRepository,
    private readonly writeLock: CollaborationWriteLock,
    private readonly audit: AuditService,
  ) {}

  async list(ctx: RequestContext): Promise<{ items: GoalView[] }> {
    return { items: await this.goalsOf(requireMember(ctx).collaborationId) };
  }

  /** Every goal of a collaboration with its strategies, in order. */
  async goalsOf(collaborationId: string, m: EntityManager = this.ds.manager): Promise<GoalView[]> {
    // Sequential: `m` may be a transaction's manager, whose one connection runs one query at a time.
    const goals = await this.goals.listGoals(collaborationId, m);
    return toGoalViews(goals, await this.goals.listStrategies(collaborationId, null, m));
  }

  async create(ctx: RequestContext, body: GoalWithStrategiesInput): Promise<GoalView> {
    const collaborationId = requireMember(ctx).collaborationId;
    return this.write(async (m) => {
      await this.writeLock.lock(m, collaborationId);
      const position = await this.goals.countGoals(m, collaborationId);
      return this.insertGoal(m, ctx, collaborationId, body, position);
    });
  }

  /** Goals written with a new collaboration (inside its transaction). */
  async createInitial(
    m: EntityManager,
    ctx: RequestContext,
    collaborationId: string,
    goals: GoalWithStrategiesInput[],
  ): Promise<GoalView[]> {
    const views: GoalView[] = [];
    for (const [position, goal] of goals.entries())
      views.push(await this.insertGoal(m, ctx, collaborationId, goal, position));
    return views;
  }

  async update(ctx: RequestContext, goalId: string, body: GoalUpdateInput): Promise<GoalView> {
    const collaborationId = requireMember(ctx).collaborationId;
    return this.write(async (m) => {
      await this.writeLock.lock(m, collaborationId);
      const before = await this.goalView(m, collaborationId, goalId);
      const { position, ...fields } = body;
      await this.goals.updateGoal(m, collaborationId, goalId, fields);
      if (position !== undefined && position !== before.position) {
        const ids = (await this.goals.listGoals(collaborationId, m)).map((g) => g.id);
        await this.goals.setGoalPositions(m, collaborationId, moveTo(ids, goalId, position));
      }
      const after = await this.goalView(m, collaborationId, goalId);
      if (!sameJson(before, after)) {
        await this.audit.record(
          ctx,
          { action: 'goal.update', entity: 'goal', entityId: goalId, before, after },
          m,
        );
      }
      return after;
    });
  }

  async remove(ctx: RequestContext, goalId: string): Promise<void> {
    const collaborationId = requireMember(ctx).collaborationId;
    await this.write(async (m) => {
      await this.writeLock.lock(m, collaborationId);
      const before = await this.goalView(m, collaborationId, goalId);
      await this.goals.deleteGoal(m, collaborationId, goalId);
      const ids = (await this.goals.listGoals(collaborationId, m)).map((g) => g.id);
      await this.goals.setGoalPositions(m, collaborationId, ids);
      await this.audit.record(
        ctx,
        { action: 'goal.delete', entity: 'goal', entityId: goalId, before, after: null },
        m,
      );
    });
  }

  async createStrategy(ctx: RequestContext, goalId: string, body: StrategyInput): Promise<StrategyView> {
    const collaborationId = requireMember(ctx).collaborationId;
    return this.write(async (m) => {
      await this.writeLock.lock(m, collaborationId);
      if (!(await this.goals.findGoal(m, collaborationId, goalId))) throw notFound('Goal not found');
      const position = await this.goals.countStrategies(m, collaborationId, goalId);
      const view = toStrategyView(
        await this.goals.insertStrategy(m, collaborationId, { goalId, ...body, position }),
      );
      await this.audit.record(
        ctx,
        { action: 'strategy.create', entity: 'strategy', entityId: view.id, before: null, after: view },
        m,
      );
      return view;
    });
  }

  async updateStrategy(
    ctx: RequestContext,
    strategyId: string,
    body: StrategyUpdateInput,
  ): Promise<StrategyView> {
    const collaborationId = requireMember(ctx).collaborationId;
    return this.write(async (m) => {
      await this.writeLock.lock(m, collaborationId);
      const before = await this.strategyView(m, collaborationId, strategyId);
      const { position, ...fields } = body;
      await this.goals.updateStrategy(m, collaborationId, strategyId, fields);
      if (position !== undefined && position !== before.position) {
        const ids = (await this.goals.listStrategies(collaborationId, before.goalId, m)).map((s) => s.id);
        await this.goals.setStrategyPositions(m, collaborationId, moveTo(ids, strategyId, position));
      }
      const after = await this.strategyView(m, collaborationId, strategyId);
      if (!sameJson(before, after)) {
        await this.audit.record(
          ctx,
          { action: 'strategy.update', entity: 'strategy', entityId: strategyId, before, after },
          m,
        );
      }
      return after;
    });
  }

  async removeStrategy(ctx: RequestContext, strategyId: string): Promise<void> {
    const collaborationId = requireMember(ctx).collaborationId;
    await this.write(async (m) => {
      await this.writeLock.lock(m, collaborationId);
      const before = await this.strategyView(m, collaborationId, strategyId);
      await this.goals.deleteStrategy(m, collaborationId, strategyId);
      const ids = (await this.goals.listStrategies(collaborationId, before.goalId, m)).map((s) => s.id);
      await this.goals.setStrategyPositions(m, collaborationId, ids);
      await this.audit.record(
        ctx,
        { action: 'strategy.delete', entity: 'strategy', entityId: strategyId, before, after: null },
        m,
      );
    });
  }

  private async insertGoal(
    m: EntityManager,
    ctx: RequestContext,
    collaborationId: string,
    body: GoalWithStrategiesInput,
    position: number,
  ): Promise<GoalView> {
    const { strategies, ...goal } = body;
    const row = await this.goals.insertGoal(m, collaborationId, { ...goal, position });
    const strategyRows = [];
    for (const [i, s] of strategies.entries()) {
      strategyRows.push(
        await this.goals.insertStrategy(m, collaborationId, { goalId: row.id, ...s, position: i }),
      );
    }
    const [view] = toGoalViews([row], strategyRows);
    await this.audit.record(
      ctx,
      { action: 'goal.create', entity: 'goal', entityId: row.id, collaborationId, before: null, after: view },
      m,
    );
    return view!;
  }

  private async goalView(m: EntityManager, collaborationId: string, goalId: string): Promise<GoalView> {
    const goal = await this.goals.findGoal(m, collaborationId, goalId);
    if (!goal) throw notFound('Goal not found');
    const [view] = toGoalViews([goal], await this.goals.listStrategies(collaborationId, goalId, m));
    return view!;
  }

  private async strategyView(
    m: EntityManager,
    collaborationId: string,
    strategyId: string,
  ): Promise<StrategyView> {
    const row = await this.goals.findStrategy(m, collaborationId, strategyId);
    if (!row) throw notFound('Strategy not found');
    return toStrategyView(row);
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
