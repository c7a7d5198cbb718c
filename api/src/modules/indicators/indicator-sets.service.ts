import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  EXAMPLE_INDICATOR_SETS,
  type ErrorDetail,
  INDICATOR_SET_FORMAT,
  type IndicatorInput,
  indicatorIssues,
  type IndicatorSet,
  type IndicatorSetImportInput,
  indicatorSetSchema,
} from '@constellation/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { conflict, notFound, ValidationFailed } from '../../common/errors';
import { type RequestContext, requireMember } from '../../common/request-context';
import { AuditService } from '../audit/audit.service';
import { CollaborationWriteLock } from '../collaborations/common/collaboration-write-lock';
import { queryOne } from '../collaborations/common/sql';
import { translateDbError } from '../collaborations/common/db-errors';
import { DimensionsRepository } from './dimensions.repository';
import { DIMENSION_UNIQUE, DimensionsService } from './dimensions.service';
import { IndicatorsRepository } from './indicators.repository';
import { INDICATOR_UNIQUE, IndicatorsService } from './indicators.service';

export interface ImportResult {
  imported: number;
  indicators: { id: string; code: string }[];
  dimensionsCreated: string[];
  dimensionsMatched: string[];
}

/** Indicator sets as JSON: export a catalogue keyed by codes and keys, import one all-or-nothing. */
@Injectable()
export class IndicatorSetsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly indicators: IndicatorsRepository,
    private readonly indicatorsService: IndicatorsService,
    private readonly dimensionsRepo: DimensionsRepository,
    private readonly dimensions: DimensionsService,
    private readonly writeLock: CollaborationWriteLock,
    private readonly audit: AuditService,
  ) {}

  examples(): { items: { id: string; name: string; description: string; indicatorCount: number }[] } {
    return {
      items: EXAMPLE_INDICATOR_SETS.map((e) => ({
        id: e.id,
        name: e.set.name,
        description: e.set.description ?? '',
        indicatorCount: e.set.indicators.length,
      })),
    };
  }

  example(id: string): IndicatorSet {
    const found = EXAMPLE_INDICATOR_SETS.find((e) => e.id === id);
    if (!found) throw notFound('Example indicator set not found');
    return indicatorSetSchema.parse(found.set);
  }

  /** Every active indicator with its dimensions, targets and baseline, keyed by code and keys. */
  async export(ctx: RequestContext): Promise<IndicatorSet> {
    const collaborationId = requireMember(ctx).collaborationId;
    const m = this.ds.manager;
    const rows = await this.indicators.list(m, collaborationId, { status: 'active' });
    const views = await this.indicatorsService.views(m, collaborationId, rows);
    const strategies = new Map(
      (await this.indicators.strategyNames(m, collaborationId)).map((s) => [s.id, s.name]),
    );
    const usedDims = [...new Set(views.flatMap((v) => v.dimensions.map((d) => d.id)))];
    const dims = usedDims.length > 0 ? await this.dimensions.views(m, collaborationId, usedDims) : [];
    const name = await queryOne<{ name: string }>(m, `SELECT name FROM collaborations WHERE id = $1`, [
      collaborationId,
    ]);
    return {
      format: INDICATOR_SET_FORMAT,
      name: `${name?.name ?? 'Collaboration'} indicators`.slice(0, 200),
      description: '',
      dimensions: dims
        .sort((a, b) => a.key.localeCompare(b.key))
        .map((d) => ({
          key: d.key,
          name: d.name,
          categories: d.categories.map((c) => ({ key: c.key, name: c.name })),
        })),
      indicators: views.map((v) => ({
        code: v.code,
        name: v.name,
        definition: v.definition,
        unit: v.unit,
        valueType: v.valueType,
        direction: v.direction,
        periodicity: v.periodicity,
        aggregationAcrossPartners: v.aggregationAcrossPartners,
        aggregationOverTime: v.aggregationOverTime,
        dimensions: v.dimensions.map((d) => d.key),
        baseline: v.baseline,
        targets: v.targets,
        dataSource: v.dataSource,
        measureType: v.measureType,
        ...(v.strategyId && strategies.has(v.strategyId) ? { strategy: strategies.get(v.strategyId)! } : {}),
        ...(v.minValue !== null ? { minValue: v.minValue } : {}),
        ...(v.maxValue !== null ? { maxValue: v.maxValue } : {}),
      })),
    };
  }

  /**
   * Import a set under one goal: all-or-nothing. Every problem is reported at once with its path
   * (400); codes that already exist are conflicts (409) and nothing is written. Dimensions are
   * matched by key (missing categories added) or created; strategies are matched by name within the goal.
   */
  async import(ctx: RequestContext, body: IndicatorSetImportInput): Promise<ImportResult> {
    const collaborationId = requireMember(ctx).collaborationId;
    try {
      return await this.ds.transaction(async (m) => this.importIn(m, ctx, collaborationId, body));
    } catch (err) {
      translateDbError(err, { ...INDICATOR_UNIQUE, ...DIMENSION_UNIQUE });
    }
  }

  private async importIn(
    m: EntityManager,
    ctx: RequestContext,
    collaborationId: string,
    body: IndicatorSetImportInput,
  ): Promise<ImportResult> {
    await this.writeLock.lock(m, collaborationId);
    const fy = await this.indicators.fiscalYearStartMonth(m, collaborationId);
    const issues: ErrorDetail[] = [];
    const goalOk = await this.indicators.goalExists(m, collaborationId, body.goalId);
    if (!goalOk) issues.push({ path: 'goalId', message: 'is not a goal of this collaboration' });
    const strategies = goalOk ? await this.indicators.strategiesOfGoal(m, collaborationId, body.goalId) : [];
    const existingDims = await this.dimensions.views(m, collaborationId);
    const setDimKeys = new Set(body.dimensions.map((d) => d.key));
    const knownKeys = new Set([...setDimKeys, ...existingDims.map((d) => d.key)]);
    const strategyOf: (string | null)[] = [];

    body.indicators.forEach((ind, i) => {
      const prefix = `indicators.${i}.`;
      // Field rules were checked with the body; here the periods meet the collaboration's fiscal year.
      for (const issue of indicatorIssues(ind as unknown as IndicatorInput, fy)) {
        issues.push({ path: prefix + issue.path, message: issue.message });
      }
      ind.dimensions.forEach((key, j) => {
        if (!knownKeys.has(key))
          issues.push({
            path: `${prefix}dimensions.${j}`,
            message: `names no dimension of this set or collaboration (${key})`,
          });
      });
      let strategyId: string | null = null;
      if (ind.strategy && goalOk) {
        const wanted = ind.strategy.trim().toLowerCase();
        const match = strategies.find((s) => s.name.trim().toLowerCase() === wanted);
        if (!match)
          issues.push({
            path: `${prefix}strategy`,
            message: `is not a strategy of the chosen goal (${ind.strategy})`,
          });
        else strategyId = match.id;
      }
      strategyOf.push(strategyId);
    });
    if (issues.length > 0)
      throw new ValidationFailed(
        issues,
        `Nothing was imported: ${issues.length} problem${issues.length === 1 ? '' : 's'} in the set`,
      );

    const taken = await this.indicators.existingCodes(
      m,
      collaborationId,
      body.indicators.map((i) => i.code),
    );
    if (taken.length > 0) {
      const takenCodes = new Set(taken.map((t) => t.code.toLowerCase()));
      throw conflict(
        `Nothing was imported: ${taken.length} indicator code${taken.length === 1 ? ' already exists' : 's already exist'} in this collaboration (${taken.map((t) => t.code).join(', ')})`,
        body.indicators
          .map((ind, i) => ({ ind, i }))
          .filter(({ ind }) => takenCodes.has(ind.code.toLowerCase()))
          .map(({ i }) => ({
            path: `indicators.${i}.code`,
            message: 'already exists in this collaboration',
          })),
      );
    }

    // Dimensions: matched by key (categories the set adds are appended) or created.
    const idByKey = new Map(existingDims.map((d) => [d.key, d.id]));
    const created: string[] = [];
    const matched: string[] = [];
    for (const d of body.dimensions) {
      const existing = existingDims.find((e) => e.key === d.key);
      if (!existing) {
        const view = await this.dimensions.insert(m, ctx, collaborationId, d);
        idByKey.set(d.key, view.id);
        created.push(d.key);
        continue;
      }
      matched.push(d.key);
      const have = new Set(existing.categories.map((c) => c.key));
      const added = d.categories.filter((c) => !have.has(c.key));
      if (added.length > 0) {
        await this.dimensionsRepo.setCategories(m, collaborationId, existing.id, [
          ...existing.categories.map((c) => ({ key: c.key, name: c.name })),
          ...added,
        ]);
      }
    }

    const result: { id: string; code: string }[] = [];
    for (const [i, ind] of body.indicators.entries()) {
      const { strategy: _strategy, minValue, maxValue, dimensions, ...fields } = ind;
      void _strategy;
      const checked = await this.indicatorsService.checkDefinition(m, collaborationId, fy, {
        ...fields,
        dimensions: dimensions.map((k) => idByKey.get(k)!),
        goalId: body.goalId,
        strategyId: strategyOf[i] ?? null,
        minValue: minValue ?? null,
        maxValue: maxValue ?? null,
      });
      const view = await this.indicatorsService.insertIndicator(
        m,
        ctx,
        collaborationId,
        fy,
        checked,
        `Imported from the indicator set “${body.name}”`,
      );
      result.push({ id: view.id, code: view.code });
    }
    await this.audit.record(
      ctx,
      {
        action: 'indicator_set.import',
        entity: 'indicator_set',
        collaborationId,
        before: null,
        after: {
          name: body.name,
          goalId: body.goalId,
          indicators: result.map((r) => r.code),
          dimensionsCreated: created,
          dimensionsMatched: matched,
        },
      },
      m,
    );
    return {
      imported: result.length,
      indicators: result,
      dimensionsCreated: created,
      dimensionsMatched: matched,
    };
  }
}
