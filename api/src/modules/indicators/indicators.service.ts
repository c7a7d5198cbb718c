import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  compareDecimals,
  type ErrorDetail,
  type IndicatorCreateInput,
  type IndicatorInput,
  indicatorIssues,
  type IndicatorListQuery,
  type IndicatorRevisionView,
  type IndicatorStatus,
  type IndicatorStatusChangeInput,
  type IndicatorUpdateInput,
  type IndicatorView,
  parsePeriodKey,
} from '@constellation/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { AppError, conflict, notFound, ValidationFailed } from '../../common/errors';
import { type RequestContext, requireMember, requireUser } from '../../common/request-context';
import { AuditService } from '../audit/audit.service';
import { CollaborationWriteLock } from '../collaborations/common/collaboration-write-lock';
import { translateDbError } from '../collaborations/common/db-errors';
import { DimensionsService } from './dimensions.service';
import { type IndicatorRecord, type IndicatorRow, IndicatorsRepository } from './indicators.repository';
import { describeChange, incompatibleMessage, meaningChanges, recomputeMessage } from './meaning';

export const INDICATOR_UNIQUE = {
  indicators_collaboration_id_code_key: {
    path: 'code',
    message: 'An indicator with this code already exists',
  },
};

/** A definition as requested: the shared fields plus placement and range. */
export type DefinitionInput = IndicatorInput & {
  goalId: string;
  strategyId: string | null;
  minValue: string | null;
  maxValue: string | null;
};

export const OUTBOX_DEFINITION_CHANGED = 'indicator_definition_changed';
export const OUTBOX_TARGETS_CHANGED = 'indicator_targets_changed';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/**
 * The indicator catalogue: definitions with baselines, milestones and long-term targets, their
 * revision history, and the rules that keep a definition from silently changing what stored values mean.
 */
@Injectable()
export class IndicatorsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly indicators: IndicatorsRepository,
    private readonly dimensions: DimensionsService,
    private readonly writeLock: CollaborationWriteLock,
    private readonly audit: AuditService,
  ) {}

  async list(ctx: RequestContext, query: IndicatorListQuery): Promise<{ items: IndicatorView[] }> {
    const collaborationId = requireMember(ctx).collaborationId;
    const m = this.ds.manager;
    const rows = await this.indicators.list(m, collaborationId, { status: 'active', ...query });
    return { items: await this.views(m, collaborationId, rows) };
  }

  async get(ctx: RequestContext, id: string): Promise<IndicatorView> {
    return this.view(this.ds.manager, requireMember(ctx).collaborationId, id);
  }

  async revisions(ctx: RequestContext, id: string): Promise<{ items: IndicatorRevisionView[] }> {
    const collaborationId = requireMember(ctx).collaborationId;
    const m = this.ds.manager;
    if (!(await this.indicators.find(m, collaborationId, id))) throw notFound('Indicator not found');
    const rows = await this.indicators.revisions(m, collaborationId, id);
    return {
      items: rows.map((r) => ({
        version: r.version,
        definition: r.definition,
        changeNote: r.changeNote,
        requiresRecompute: r.requiresRecompute,
        author: { id: r.authorId, name: r.authorName },
        createdAt: iso(r.createdAt)!,
        decision: r.decisionId ? { id: r.decisionId, number: r.decisionNumber!, title: r.decisionTitle! } : null,
      })),
    };
  }

  async create(ctx: RequestContext, body: IndicatorCreateInput): Promise<IndicatorView> {
    const collaborationId = requireMember(ctx).collaborationId;
    const { changeNote, strategyId, minValue, maxValue, ...fields } = body;
    return this.write(async (m) => {
      await this.writeLock.lock(m, collaborationId);
      const fy = await this.indicators.fiscalYearStartMonth(m, collaborationId);
      const record = await this.checkDefinition(m, collaborationId, fy, {
        ...fields,
        strategyId: strategyId ?? null,
        minValue: minValue ?? null,
        maxValue: maxValue ?? null,
      });
      await this.assertCodeFree(m, collaborationId, record.record.code, null);
      const view = await this.insertIndicator(m, ctx, collaborationId, fy, record, changeNote);
      await this.audit.record(
        ctx,
        {
          action: 'indicator.create',
          entity: 'indicator',
          entityId: view.id,
          collaborationId,
          before: null,
          after: view,
        },
        m,
      );
      return view;
    });
  }

  /**
   * Insert a checked definition with its dimensions and targets, and its first revision
   * (inside the caller's transaction; the caller audits).
   */
  async insertIndicator(
    m: EntityManager,
    ctx: RequestContext,
    collaborationId: string,
    fy: number,
    checked: CheckedDefinition,
    changeNote: string,
  ): Promise<IndicatorView> {
    const id = await this.indicators.insert(m, collaborationId, checked.record);
    await this.indicators.setDimensions(m, collaborationId, id, checked.dimensions);
    await this.indicators.setTargets(m, collaborationId, id, checked.targets);
    const view = await this.view(m, collaborationId, id, fy);
    await this.indicators.insertRevision(m, collaborationId, {
      indicatorId: id,
      version: view.version,
      definition: snapshot(view),
      changeNote,
      requiresRecompute: false,
      authorId: requireUser(ctx).id,
    });
    return view;
  }

  async update(ctx: RequestContext, id: string, body: IndicatorUpdateInput): Promise<IndicatorView> {
    const collaborationId = requireMember(ctx).collaborationId;
    return this.write(async (m) => {
      await this.writeLock.lock(m, collaborationId);
      return this.updateIn(m, ctx, collaborationId, id, body, null);
    });
  }

  /**
   * The whole edit of `update` inside the caller's transaction (the caller holds the collaboration
   * write lock): the same checks, refusals, revision, outbox rows and audit event. A shared
   * decision applies its accepted change through here, naming itself in `decisionId` (kept on the
   * revision and in the audit event).
   */
  async updateIn(
    m: EntityManager,
    ctx: RequestContext,
    collaborationId: string,
    id: string,
    body: IndicatorUpdateInput,
    decisionId: string | null,
  ): Promise<IndicatorView> {
    const { version, changeNote, confirmRecompute, ...changes } = body;
    {
      const row = await this.indicators.find(m, collaborationId, id, true);
      if (!row) throw notFound('Indicator not found');
      this.assertVersion(row, version);
      const fy = await this.indicators.fiscalYearStartMonth(m, collaborationId);
      const before = await this.view(m, collaborationId, id, fy);
      const current = definitionOf(before);
      const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
      const merged: DefinitionInput = { ...current, ...defined };
      // Moving to another goal without naming a strategy leaves the old goal's strategy behind.
      if (
        changes.goalId !== undefined &&
        changes.goalId !== current.goalId &&
        changes.strategyId === undefined
      ) {
        merged.strategyId = null;
      }
      const checked = await this.checkDefinition(m, collaborationId, fy, merged);
      if (checked.record.code !== before.code)
        await this.assertCodeFree(m, collaborationId, checked.record.code, id);

      const meaning = meaningChanges(
        { ...current, dimensions: current.dimensions },
        { ...checked.record, dimensions: checked.dimensions },
      );
      if (row.hasValues && meaning.incompatible.length > 0) {
        throw conflict(incompatibleMessage(meaning.incompatible), describeChange(meaning.incompatible));
      }
      if (row.hasValues && meaning.recompute.length > 0 && !confirmRecompute) {
        throw conflict(recomputeMessage(meaning.recompute), describeChange(meaning.recompute));
      }
      const requiresRecompute = row.hasValues && meaning.recompute.length > 0;

      const nextDefinition = { ...checked.record, dimensions: checked.dimensions, targets: checked.targets };
      const beforeDefinition = { ...current, targets: before.targets };
      if (JSON.stringify(canonical(nextDefinition)) === JSON.stringify(canonical(beforeDefinition)))
        return before;

      await this.indicators.update(m, collaborationId, id, checked.record);
      await this.indicators.setDimensions(m, collaborationId, id, checked.dimensions);
      await this.indicators.setTargets(m, collaborationId, id, checked.targets);
      const after = await this.view(m, collaborationId, id, fy);
      await this.indicators.insertRevision(m, collaborationId, {
        indicatorId: id,
        version: after.version,
        definition: snapshot(after),
        changeNote,
        requiresRecompute,
        authorId: requireUser(ctx).id,
        decisionId,
      });
      if (requiresRecompute) {
        await this.indicators.insertOutbox(m, collaborationId, {
          kind: OUTBOX_DEFINITION_CHANGED,
          indicatorId: id,
          payload: { version: after.version },
        });
      }
      const targetsChanged =
        JSON.stringify(before.targets) !== JSON.stringify(after.targets) ||
        JSON.stringify(before.baseline) !== JSON.stringify(after.baseline);
      if (targetsChanged) {
        await this.indicators.insertOutbox(m, collaborationId, {
          kind: OUTBOX_TARGETS_CHANGED,
          indicatorId: id,
          payload: { version: after.version },
        });
      }
      await this.audit.record(
        ctx,
        {
          action: 'indicator.update',
          entity: 'indicator',
          entityId: id,
          before,
          after: { ...after, changeNote, requiresRecompute, ...(decisionId ? { decisionId } : {}) },
        },
        m,
      );
      return after;
    }
  }

  /** Retire (no new values; stays readable) or reinstate an indicator. */
  async setStatus(
    ctx: RequestContext,
    id: string,
    status: IndicatorStatus,
    body: IndicatorStatusChangeInput,
  ): Promise<IndicatorView> {
    const collaborationId = requireMember(ctx).collaborationId;
    return this.write(async (m) => {
      await this.writeLock.lock(m, collaborationId);
      const row = await this.indicators.find(m, collaborationId, id, true);
      if (!row) throw notFound('Indicator not found');
      if (body.version !== undefined) this.assertVersion(row, body.version);
      if (row.status === status) {
        throw conflict(
          status === 'retired' ? 'This indicator is already retired' : 'This indicator is already active',
        );
      }
      const fy = await this.indicators.fiscalYearStartMonth(m, collaborationId);
      const before = await this.view(m, collaborationId, id, fy);
      await this.indicators.setStatus(m, collaborationId, id, status);
      const after = await this.view(m, collaborationId, id, fy);
      await this.indicators.insertRevision(m, collaborationId, {
        indicatorId: id,
        version: after.version,
        definition: snapshot(after),
        changeNote: body.changeNote || (status === 'retired' ? 'Retired' : 'Reinstated'),
        requiresRecompute: false,
        authorId: requireUser(ctx).id,
      });
      await this.audit.record(
        ctx,
        {
          action: status === 'retired' ? 'indicator.retire' : 'indicator.reinstate',
          entity: 'indicator',
          entityId: id,
          before,
          after,
        },
        m,
      );
      return after;
    });
  }

  /**
   * Check a complete definition against the collaboration: periods against its fiscal year and
   * the periodicity, the goal and strategy, the dimensions, the allowed range. Every problem is
   * reported at once (400 with field paths). Answers the record to store, periods canonical.
   */
  async checkDefinition(
    m: EntityManager,
    collaborationId: string,
    fy: number,
    input: DefinitionInput,
  ): Promise<CheckedDefinition> {
    const issues: ErrorDetail[] = [...indicatorIssues(input, fy)];
    if (!(await this.indicators.goalExists(m, collaborationId, input.goalId))) {
      issues.push({ path: 'goalId', message: 'is not a goal of this collaboration' });
    } else if (input.strategyId) {
      const strategy = await this.indicators.findStrategy(m, collaborationId, input.strategyId);
      if (!strategy) issues.push({ path: 'strategyId', message: 'is not a strategy of this collaboration' });
      else if (strategy.goalId !== input.goalId)
        issues.push({
          path: 'strategyId',
          message: 'belongs to another goal; pick a strategy of the indicator’s goal',
        });
    }
    if (input.dimensions.length > 0) {
      const found = new Set(
        (await this.dimensions.views(m, collaborationId, input.dimensions)).map((d) => d.id),
      );
      input.dimensions.forEach((d, i) => {
        if (!found.has(d))
          issues.push({ path: `dimensions.${i}`, message: 'is not a dimension of this collaboration' });
      });
    }
    if (
      input.minValue !== null &&
      input.maxValue !== null &&
      compareDecimals(input.minValue, input.maxValue) > 0
    ) {
      issues.push({ path: 'maxValue', message: 'must not be below minValue' });
    }
    if (issues.length > 0) throw new ValidationFailed(issues);
    const canonicalKey = (key: string) => {
      const parsed = parsePeriodKey(key, fy);
      return parsed.ok ? parsed.period.key : key;
    };
    const endOf = (key: string) => {
      const parsed = parsePeriodKey(key, fy);
      return parsed.ok ? parsed.period.endIndex : 0;
    };
    const { dimensions, targets, baseline, ...rest } = input;
    return {
      record: { ...rest, baseline: { value: baseline.value, period: canonicalKey(baseline.period) } },
      dimensions,
      targets: targets
        .map((t) => ({ ...t, period: canonicalKey(t.period) }))
        .sort((a, b) => endOf(a.period) - endOf(b.period)),
    };
  }

  async assertCodeFree(
    m: EntityManager,
    collaborationId: string,
    code: string,
    exceptId: string | null,
  ): Promise<void> {
    const taken = (await this.indicators.existingCodes(m, collaborationId, [code])).filter(
      (r) => r.id !== exceptId,
    );
    if (taken.length > 0) {
      throw conflict(`An indicator with the code ${taken[0]!.code} already exists in this collaboration`, [
        { path: 'code', message: 'is already taken' },
      ]);
    }
  }

  private assertVersion(row: IndicatorRow, version: number) {
    if (version !== row.version) {
      throw new AppError(
        HttpStatus.CONFLICT,
        `Someone else changed this indicator since you opened it (you edited version ${version}, it is now version ${row.version}). Reload it and make your change again.`,
        [{ path: 'version', message: `is ${version}, but the indicator is at version ${row.version}` }],
      );
    }
  }

  async view(m: EntityManager, collaborationId: string, id: string, fy?: number): Promise<IndicatorView> {
    const row = await this.indicators.find(m, collaborationId, id);
    if (!row) throw notFound('Indicator not found');
    return (await this.views(m, collaborationId, [row], fy))[0]!;
  }

  async views(
    m: EntityManager,
    collaborationId: string,
    rows: IndicatorRow[],
    fy?: number,
  ): Promise<IndicatorView[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const fiscal = fy ?? (await this.indicators.fiscalYearStartMonth(m, collaborationId));
    const links = await this.indicators.dimensionLinks(m, collaborationId, ids);
    const targets = await this.indicators.targets(m, collaborationId, ids);
    const dimensionIds = [...new Set(links.map((l) => l.dimensionId))];
    const dims = dimensionIds.length > 0 ? await this.dimensions.views(m, collaborationId, dimensionIds) : [];
    const endOf = (key: string) => {
      const parsed = parsePeriodKey(key, fiscal);
      return parsed.ok ? parsed.period.endIndex : 0;
    };
    return rows.map((r) => ({
      id: r.id,
      code: r.code,
      name: r.name,
      definition: r.definition,
      unit: r.unit,
      valueType: r.valueType,
      direction: r.direction,
      periodicity: r.periodicity,
      aggregationAcrossPartners: r.aggregationAcrossPartners,
      aggregationOverTime: r.aggregationOverTime,
      goalId: r.goalId,
      strategyId: r.strategyId,
      dimensions: links
        .filter((l) => l.indicatorId === r.id)
        .map((l) => dims.find((d) => d.id === l.dimensionId)!)
        .map((d) => ({ id: d.id, key: d.key, name: d.name, categories: d.categories })),
      baseline: { value: r.baselineValue, period: r.baselinePeriod },
      targets: targets
        .filter((t) => t.indicatorId === r.id)
        .sort((a, b) => endOf(a.period) - endOf(b.period))
        .map((t) => ({ period: t.period, value: t.value, kind: t.kind })),
      dataSource: r.dataSource,
      measureType: r.measureType,
      minValue: r.minValue,
      maxValue: r.maxValue,
      status: r.status,
      version: r.version,
      hasValues: r.hasValues,
      createdAt: iso(r.createdAt)!,
      updatedAt: iso(r.updatedAt)!,
      retiredAt: iso(r.retiredAt),
    }));
  }

  private async write<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.ds.transaction(fn);
    } catch (err) {
      translateDbError(err, INDICATOR_UNIQUE);
    }
  }
}

export interface CheckedDefinition {
  record: IndicatorRecord;
  dimensions: string[];
  targets: { period: string; value: string; kind: 'milestone' | 'long_term' }[];
}

/** The editable definition of an indicator view, in request form. */
export function definitionOf(v: IndicatorView): DefinitionInput {
  return {
    code: v.code,
    name: v.name,
    definition: v.definition,
    unit: v.unit,
    valueType: v.valueType,
    direction: v.direction,
    periodicity: v.periodicity,
    aggregationAcrossPartners: v.aggregationAcrossPartners,
    aggregationOverTime: v.aggregationOverTime,
    dimensions: v.dimensions.map((d) => d.id),
    baseline: { ...v.baseline },
    targets: v.targets.map((t) => ({ ...t })),
    dataSource: v.dataSource,
    measureType: v.measureType,
    goalId: v.goalId,
    strategyId: v.strategyId,
    minValue: v.minValue,
    maxValue: v.maxValue,
  };
}

/** Key order and number spelling made comparable ("75.0" and "75" are the same number). */
function canonical(d: Record<string, unknown>): unknown {
  const num = (s: unknown) =>
    typeof s === 'string' && /^-?\d+(\.\d+)?$/.test(s)
      ? s.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '')
      : s;
  const walk = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(walk);
    if (x && typeof x === 'object')
      return Object.fromEntries(
        Object.keys(x as object)
          .sort()
          .map((k) => [k, walk((x as Record<string, unknown>)[k])]),
      );
    return num(x);
  };
  return walk(d);
}

/** What a revision keeps: the whole definition as it stood, dimensions by id and key. */
function snapshot(v: IndicatorView) {
  return {
    code: v.code,
    name: v.name,
    definition: v.definition,
    unit: v.unit,
    valueType: v.valueType,
    direction: v.direction,
    periodicity: v.periodicity,
    aggregationAcrossPartners: v.aggregationAcrossPartners,
    aggregationOverTime: v.aggregationOverTime,
    goalId: v.goalId,
    strategyId: v.strategyId,
    dimensions: v.dimensions.map((d) => ({ id: d.id, key: d.key })),
    baseline: v.baseline,
    targets: v.targets,
    dataSource: v.dataSource,
    measureType: v.measureType,
    minValue: v.minValue,
    maxValue: v.maxValue,
    status: v.status,
  };
}
