import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { execute, queryOne, queryRows } from '../common/sql';

export interface GoalRow {
  id: string;
  title: string;
  description: string;
  targetDate: string;
  position: number;
}

export interface StrategyRow {
  id: string;
  goalId: string;
  name: string;
  description: string;
  position: number;
}

const GOAL_COLUMNS = `id, title, description, target_date::text AS "targetDate", position`;
const STRATEGY_COLUMNS = `id, goal_id AS "goalId", name, description, position`;

/** SQL for goals and their strategies. Every statement is scoped by collaboration_id. */
@Injectable()
export class GoalsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  listGoals(collaborationId: string, m: EntityManager = this.ds.manager): Promise<GoalRow[]> {
    return queryRows<GoalRow>(
      m,
      `SELECT ${GOAL_COLUMNS} FROM goals WHERE collaboration_id = $1 ORDER BY position, created_at, id`,
      [collaborationId],
    );
  }

  /** Strategies of the collaboration (or of one goal), in order. */
  listStrategies(
    collaborationId: string,
    goalId: string | null = null,
    m: EntityManager = this.ds.manager,
  ): Promise<StrategyRow[]> {
    return queryRows<StrategyRow>(
      m,
      `SELECT ${STRATEGY_COLUMNS} FROM strategies
        WHERE collaboration_id = $1 AND ($2::uuid IS NULL OR goal_id = $2)
        ORDER BY position, created_at, id`,
      [collaborationId, goalId],
    );
  }

  findGoal(m: EntityManager, collaborationId: string, goalId: string): Promise<GoalRow | null> {
    return queryOne<GoalRow>(m, `SELECT ${GOAL_COLUMNS} FROM goals WHERE collaboration_id = $1 AND id = $2`, [
      collaborationId,
      goalId,
    ]);
  }

  findStrategy(m: EntityManager, collaborationId: string, strategyId: string): Promise<StrategyRow | null> {
    return queryOne<StrategyRow>(
      m,
      `SELECT ${STRATEGY_COLUMNS} FROM strategies WHERE collaboration_id = $1 AND id = $2`,
      [collaborationId, strategyId],
    );
  }

  async countGoals(m: EntityManager, collaborationId: string): Promise<number> {
    const row = await queryOne<{ n: number }>(
      m,
      `SELECT count(*)::int AS n FROM goals WHERE collaboration_id = $1`,
      [collaborationId],
    );
    return row?.n ?? 0;
  }

  async countStrategies(m: EntityManager, collaborationId: string, goalId: string): Promise<number> {
    const row = await queryOne<{ n: number }>(
      m,
      `SELECT count(*)::int AS n FROM strategies WHERE collaboration_id = $1 AND goal_id = $2`,
      [collaborationId, goalId],
    );
    return row?.n ?? 0;
  }

  async insertGoal(
    m: EntityManager,
    collaborationId: string,
    g: { title: string; description: string; targetDate: string; position: number },
  ): Promise<GoalRow> {
    const row = await queryOne<GoalRow>(
      m,
      `INSERT INTO goals (collaboration_id, title, description, target_date, position)
       VALUES ($1, $2, $3, $4::date, $5) RETURNING ${GOAL_COLUMNS}`,
      [collaborationId, g.title, g.description, g.targetDate, g.position],
    );
    return row!;
  }

  async insertStrategy(
    m: EntityManager,
    collaborationId: string,
    s: { goalId: string; name: string; description: string; position: number },
  ): Promise<StrategyRow> {
    const row = await queryOne<StrategyRow>(
      m,
      `INSERT INTO strategies (collaboration_id, goal_id, name, description, position)
       VALUES ($1, $2, $3, $4, $5) RETURNING ${STRATEGY_COLUMNS}`,
      [collaborationId, s.goalId, s.name, s.description, s.position],
    );
    return row!;
  }

  async updateGoal(
    m: EntityManager,
    collaborationId: string,
    goalId: string,
    g: { title?: string; description?: string; targetDate?: string },
  ): Promise<void> {
    await execute(
      m,
      `UPDATE goals SET title = COALESCE($3, title), description = COALESCE($4, description),
                        target_date = COALESCE($5::date, target_date), updated_at = now()
        WHERE collaboration_id = $1 AND id = $2`,
      [collaborationId, goalId, g.title ?? null, g.description ?? null, g.targetDate ?? null],
    );
  }

  async updateStrategy(
    m: EntityManager,
    collaborationId: string,
    strategyId: string,
    s: { name?: string; description?: string },
  ): Promise<void> {
    await execute(
      m,
      `UPDATE strategies SET name = COALESCE($3, name), description = COALESCE($4, description), updated_at = now()
        WHERE collaboration_id = $1 AND id = $2`,
      [collaborationId, strategyId, s.name ?? null, s.description ?? null],
    );
  }

  /** Number goals 0, 1, 2, … in the order of `orderedIds` (only rows whose position changes are touched). */
  async setGoalPositions(m: EntityManager, collaborationId: string, orderedIds: string[]): Promise<void> {
    if (orderedIds.length === 0) return;
    await execute(
      m,
      `UPDATE goals g SET position = v.pos - 1, updated_at = now()
         FROM unnest($2::uuid[]) WITH ORDINALITY AS v(id, pos)
        WHERE g.collaboration_id = $1 AND g.id = v.id AND g.position <> v.pos - 1`,
      [collaborationId, orderedIds],
    );
  }

  /** Number a goal's strategies 0, 1, 2, … in the order of `orderedIds`. */
  async setStrategyPositions(m: EntityManager, collaborationId: string, orderedIds: string[]): Promise<void> {
    if (orderedIds.length === 0) return;
    await execute(
      m,
      `UPDATE strategies s SET position = v.pos - 1, updated_at = now()
         FROM unnest($2::uuid[]) WITH ORDINALITY AS v(id, pos)
        WHERE s.collaboration_id = $1 AND s.id = v.id AND s.position <> v.pos - 1`,
      [collaborationId, orderedIds],
    );
  }

  /** Deletes the goal and (by cascade) its strategies. */
  async deleteGoal(m: EntityManager, collaborationId: string, goalId: string): Promise<void> {
    await execute(m, `DELETE FROM goals WHERE collaboration_id = $1 AND id = $2`, [collaborationId, goalId]);
  }

  async deleteStrategy(m: EntityManager, collaborationId: string, strategyId: string): Promise<void> {
    await execute(m, `DELETE FROM strategies WHERE collaboration_id = $1 AND id = $2`, [
      collaborationId,
      strategyId,
    ]);
  }
}
