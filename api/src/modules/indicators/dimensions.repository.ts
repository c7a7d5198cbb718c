import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { execute, queryOne, queryRows } from '../collaborations/common/sql';

export interface DimensionRow {
  id: string;
  key: string;
  name: string;
}
export interface CategoryRow {
  id: string;
  dimensionId: string;
  key: string;
  name: string;
  position: number;
}
export interface DimensionUseRow {
  dimensionId: string;
  id: string;
  code: string;
  name: string;
}

/** SQL for dimensions and their categories. Every statement is scoped by collaboration_id. */
@Injectable()
export class DimensionsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  get manager(): EntityManager {
    return this.ds.manager;
  }

  list(m: EntityManager, collaborationId: string, ids: string[] | null = null): Promise<DimensionRow[]> {
    return queryRows<DimensionRow>(
      m,
      `SELECT id, key, name FROM dimensions
        WHERE collaboration_id = $1 AND ($2::uuid[] IS NULL OR id = ANY($2))
        ORDER BY name, key`,
      [collaborationId, ids],
    );
  }

  categories(
    m: EntityManager,
    collaborationId: string,
    dimensionIds: string[] | null = null,
  ): Promise<CategoryRow[]> {
    return queryRows<CategoryRow>(
      m,
      `SELECT id, dimension_id AS "dimensionId", key, name, position FROM dimension_categories
        WHERE collaboration_id = $1 AND ($2::uuid[] IS NULL OR dimension_id = ANY($2))
        ORDER BY position, key`,
      [collaborationId, dimensionIds],
    );
  }

  /** Indicators that use the dimensions (all of the collaboration's, or the ones given). */
  uses(
    m: EntityManager,
    collaborationId: string,
    dimensionIds: string[] | null = null,
  ): Promise<DimensionUseRow[]> {
    return queryRows<DimensionUseRow>(
      m,
      `SELECT d.dimension_id AS "dimensionId", i.id, i.code, i.name
         FROM indicator_dimensions d
         JOIN indicators i ON i.collaboration_id = d.collaboration_id AND i.id = d.indicator_id
        WHERE d.collaboration_id = $1 AND ($2::uuid[] IS NULL OR d.dimension_id = ANY($2))
        ORDER BY i.code`,
      [collaborationId, dimensionIds],
    );
  }

  find(
    m: EntityManager,
    collaborationId: string,
    id: string,
    forUpdate = false,
  ): Promise<DimensionRow | null> {
    return queryOne<DimensionRow>(
      m,
      `SELECT id, key, name FROM dimensions WHERE collaboration_id = $1 AND id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
      [collaborationId, id],
    );
  }

  async insert(
    m: EntityManager,
    collaborationId: string,
    d: { key: string; name: string },
  ): Promise<DimensionRow> {
    return (await queryOne<DimensionRow>(
      m,
      `INSERT INTO dimensions (collaboration_id, key, name) VALUES ($1, $2, $3) RETURNING id, key, name`,
      [collaborationId, d.key, d.name],
    ))!;
  }

  async rename(m: EntityManager, collaborationId: string, id: string, name: string): Promise<void> {
    await execute(m, `UPDATE dimensions SET name = $3 WHERE collaboration_id = $1 AND id = $2`, [
      collaborationId,
      id,
      name,
    ]);
  }

  /**
   * Make the dimension's categories exactly these, in this order: known keys renamed and moved,
   * new keys inserted, keys not listed deleted.
   */
  async setCategories(
    m: EntityManager,
    collaborationId: string,
    dimensionId: string,
    categories: { key: string; name: string }[],
  ): Promise<void> {
    const keys = categories.map((c) => c.key);
    await execute(
      m,
      `DELETE FROM dimension_categories WHERE collaboration_id = $1 AND dimension_id = $2 AND NOT (key = ANY($3::text[]))`,
      [collaborationId, dimensionId, keys],
    );
    await execute(
      m,
      `INSERT INTO dimension_categories (collaboration_id, dimension_id, key, name, position)
       SELECT $1, $2, v.key, v.name, v.pos - 1
         FROM unnest($3::text[], $4::text[]) WITH ORDINALITY AS v(key, name, pos)
       ON CONFLICT (collaboration_id, dimension_id, key)
       DO UPDATE SET name = EXCLUDED.name, position = EXCLUDED.position`,
      [collaborationId, dimensionId, keys, categories.map((c) => c.name)],
    );
  }

  async delete(m: EntityManager, collaborationId: string, id: string): Promise<void> {
    await execute(m, `DELETE FROM dimensions WHERE collaboration_id = $1 AND id = $2`, [collaborationId, id]);
  }
}
