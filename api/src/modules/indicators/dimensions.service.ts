import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DimensionInput, DimensionUpdateInput, DimensionView } from '@constellation/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { conflict, notFound } from '../../common/errors';
import { type RequestContext, requireMember } from '../../common/request-context';
import { AuditService } from '../audit/audit.service';
import { CollaborationWriteLock } from '../collaborations/common/collaboration-write-lock';
import { translateDbError } from '../collaborations/common/db-errors';
import { DimensionsRepository } from './dimensions.repository';

export const DIMENSION_UNIQUE = {
  dimensions_collaboration_id_key_key: { path: 'key', message: 'A dimension with this key already exists' },
};

const codes = (uses: { code: string }[]) => uses.map((u) => u.code).join(', ');

/** Disaggregation dimensions (age band, gender, neighbourhood…) with their ordered categories. */
@Injectable()
export class DimensionsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly dimensions: DimensionsRepository,
    private readonly writeLock: CollaborationWriteLock,
    private readonly audit: AuditService,
  ) {}

  async list(ctx: RequestContext): Promise<{ items: DimensionView[] }> {
    return { items: await this.views(this.ds.manager, requireMember(ctx).collaborationId) };
  }

  /** Dimensions with categories and the indicators using them (all, or the ids given, in that order). */
  async views(
    m: EntityManager,
    collaborationId: string,
    ids: string[] | null = null,
  ): Promise<DimensionView[]> {
    const rows = await this.dimensions.list(m, collaborationId, ids);
    const cats = await this.dimensions.categories(m, collaborationId, ids);
    const uses = await this.dimensions.uses(m, collaborationId, ids);
    const views = rows.map((d) => ({
      id: d.id,
      key: d.key,
      name: d.name,
      categories: cats
        .filter((c) => c.dimensionId === d.id)
        .map((c) => ({ id: c.id, key: c.key, name: c.name, position: c.position })),
      usedBy: uses
        .filter((u) => u.dimensionId === d.id)
        .map((u) => ({ id: u.id, code: u.code, name: u.name })),
    }));
    if (!ids) return views;
    return ids.map((id) => views.find((v) => v.id === id)).filter((v): v is DimensionView => !!v);
  }

  async create(ctx: RequestContext, body: DimensionInput): Promise<DimensionView> {
    const collaborationId = requireMember(ctx).collaborationId;
    return this.write(async (m) => {
      await this.writeLock.lock(m, collaborationId);
      const view = await this.insert(m, ctx, collaborationId, body);
      return view;
    });
  }

  /** Insert a dimension with its categories and audit it (inside the caller's transaction). */
  async insert(
    m: EntityManager,
    ctx: RequestContext,
    collaborationId: string,
    body: DimensionInput,
  ): Promise<DimensionView> {
    const row = await this.dimensions.insert(m, collaborationId, body);
    await this.dimensions.setCategories(m, collaborationId, row.id, body.categories);
    const [view] = await this.views(m, collaborationId, [row.id]);
    await this.audit.record(
      ctx,
      {
        action: 'dimension.create',
        entity: 'dimension',
        entityId: row.id,
        collaborationId,
        before: null,
        after: view,
      },
      m,
    );
    return view!;
  }

  async update(ctx: RequestContext, dimensionId: string, body: DimensionUpdateInput): Promise<DimensionView> {
    const collaborationId = requireMember(ctx).collaborationId;
    return this.write(async (m) => {
      await this.writeLock.lock(m, collaborationId);
      if (!(await this.dimensions.find(m, collaborationId, dimensionId, true)))
        throw notFound('Dimension not found');
      const [before] = await this.views(m, collaborationId, [dimensionId]);
      if (body.name !== undefined) await this.dimensions.rename(m, collaborationId, dimensionId, body.name);
      if (body.categories) {
        const keep = new Set(body.categories.map((c) => c.key));
        const removed = before!.categories.filter((c) => !keep.has(c.key));
        if (removed.length > 0 && before!.usedBy.length > 0) {
          throw conflict(
            `Categories ${removed.map((c) => c.key).join(', ')} cannot be removed: indicators ${codes(before!.usedBy)} disaggregate by this dimension, and values may be recorded in those categories. Rename them instead.`,
            [{ path: 'categories', message: `must still include ${removed.map((c) => c.key).join(', ')}` }],
          );
        }
        await this.dimensions.setCategories(m, collaborationId, dimensionId, body.categories);
      }
      const [after] = await this.views(m, collaborationId, [dimensionId]);
      await this.audit.record(
        ctx,
        { action: 'dimension.update', entity: 'dimension', entityId: dimensionId, before, after },
        m,
      );
      return after!;
    });
  }

  /** Delete a dimension no indicator uses (409 naming the indicators otherwise). */
  async remove(ctx: RequestContext, dimensionId: string): Promise<void> {
    const collaborationId = requireMember(ctx).collaborationId;
    await this.write(async (m) => {
      await this.writeLock.lock(m, collaborationId);
      if (!(await this.dimensions.find(m, collaborationId, dimensionId, true)))
        throw notFound('Dimension not found');
      const [before] = await this.views(m, collaborationId, [dimensionId]);
      if (before!.usedBy.length > 0) {
        throw conflict(
          `This dimension is used by indicators ${codes(before!.usedBy)}; remove it from them before deleting it.`,
          before!.usedBy.map((u) => ({
            path: 'usedBy',
            message: `${u.code} (${u.name}) uses this dimension`,
          })),
        );
      }
      await this.dimensions.delete(m, collaborationId, dimensionId);
      await this.audit.record(
        ctx,
        { action: 'dimension.delete', entity: 'dimension', entityId: dimensionId, before, after: null },
        m,
      );
    });
  }

  private async write<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.ds.transaction(fn);
    } catch (err) {
      translateDbError(err, DIMENSION_UNIQUE);
    }
  }
}
