import {
  type ErrorDetail,
  isRatioType,
  normalizeDecimal,
  parseNumberInput,
  parsePeriodKey,
  periodKeySchema,
  Rational,
  TOTAL_CELL,
  type ValueRowInput,
  valueIssues,
} from '@constellation/shared';
import type { PeriodLockCheck } from '../common/period-lock-check';
import type { ActivityRow, CommitmentRow, IndicatorDimensionRow, IndicatorRow, ValueRow } from './values.repository';

/** What the batch needs to know from the database, loaded inside the write transaction. */
export interface BatchContext {
  fiscalYearStartMonth: number;
  indicators: Map<string, IndicatorRow>;
  dimensions: Map<string, IndicatorDimensionRow[]>;
  commitments: Map<string, CommitmentRow>;
  activities: Map<string, ActivityRow>;
  locks: PeriodLockCheck;
  /** Stored values in the touched groups, by identity key. */
  stored: Map<string, ValueRow>;
}

/** A row that passed validation: canonical period and cell, canonical decimal numbers. */
export interface PreparedRow {
  index: number;
  indicator: IndicatorRow;
  indicatorId: string;
  partnerId: string;
  period: string;
  cell: string;
  activityId: string | null;
  value: string | null;
  numerator: string | null;
  denominator: string | null;
  comment: string | undefined;
  expectedVersion: number | undefined;
}

export interface BatchIssue extends ErrorDetail {
  /** 'conflict' → 409 (stale version, closed period); 'invalid' → 422. */
  kind: 'invalid' | 'conflict';
}

export const identityKey = (r: { indicatorId: string; partnerId: string; period: string; cell: string; activityId: string | null }) =>
  JSON.stringify([r.indicatorId, r.partnerId, r.period, r.cell, r.activityId ?? null]);
export const groupKey = (r: { indicatorId: string; partnerId: string; period: string; activityId: string | null }) =>
  JSON.stringify([r.indicatorId, r.partnerId, r.period, r.activityId ?? null]);
export const commitmentKey = (partnerId: string, indicatorId: string) => `${partnerId}|${indicatorId}`;

/** The canonical period key of a row, or null (the full check happens in validateBatch). */
export function canonicalPeriod(raw: string, indicator: IndicatorRow | undefined, fiscalYearStartMonth: number): string | null {
  if (!indicator) return null;
  const result = periodKeySchema(fiscalYearStartMonth, indicator.periodicity).safeParse(raw);
  return result.success ? result.data : null;
}

/**
 * The canonical cell: 'total', or 'dim=cat;dim2=cat2' in the indicator's dimension order.
 * Every dimension of the indicator must be named; unknown dimensions and categories are errors.
 */
function canonicalCell(cell: ValueRowInput['cell'], dims: IndicatorDimensionRow[], path: string, issues: BatchIssue[]): string | null {
  if (cell === undefined || cell === TOTAL_CELL) return TOTAL_CELL;
  const add = (p: string, message: string) => issues.push({ path: p, message, kind: 'invalid' });
  if (dims.length === 0) {
    add(path, 'must be "total": this indicator has no disaggregation');
    return null;
  }
  let ok = true;
  const names = dims.map((d) => d.key).join(', ');
  for (const [key, category] of Object.entries(cell)) {
    const dim = dims.find((d) => d.key === key);
    if (!dim) {
      add(`${path}.${key}`, `is not a dimension of this indicator (its dimensions: ${names})`);
      ok = false;
    } else if (!dim.categories.includes(category)) {
      add(`${path}.${key}`, `has no category "${category}" (categories: ${dim.categories.join(', ') || 'none'})`);
      ok = false;
    }
  }
  const missing = dims.filter((d) => !(d.key in cell)).map((d) => d.key);
  if (missing.length > 0) {
    add(path, `must name a category for every dimension of this indicator; missing: ${missing.join(', ')}`);
    ok = false;
  }
  return ok ? dims.map((d) => `${d.key}=${cell[d.key]}`).join(';') : null;
}

/** The number the indicator reports for a value (percentages in percent). */
export function reportedNumber(valueType: IndicatorRow['valueType'], r: { value: string | null; numerator: string | null; denominator: string | null }): Rational | null {
  if (!isRatioType(valueType)) return r.value === null ? null : Rational.parse(r.value);
  if (r.numerator === null || r.denominator === null) return null;
  const q = Rational.parse(r.numerator).div(Rational.parse(r.denominator));
  return valueType === 'percentage' ? q.mul(Rational.of(100)) : q;
}

function inCommitment(period: string, c: CommitmentRow, fy: number): boolean {
  const p = parsePeriodKey(period, fy);
  const start = parsePeriodKey(c.startPeriod, fy);
  if (!p.ok || !start.ok) return false;
  if (p.period.startIndex < start.period.startIndex) return false;
  if (c.endPeriod) {
    const end = parsePeriodKey(c.endPeriod, fy);
    if (end.ok && p.period.endIndex > end.period.endIndex) return false;
  }
  return true;
}

/**
 * Every rule a batch row must pass, all rows at once (so a person sees every error together).
 * Returns the prepared rows when there is no issue.
 */
export function validateBatch(rows: ValueRowInput[], ctx: BatchContext): { issues: BatchIssue[]; prepared: PreparedRow[] } {
  const issues: BatchIssue[] = [];
  const prepared: PreparedRow[] = [];
  const seen = new Map<string, number>();
  const fy = ctx.fiscalYearStartMonth;

  rows.forEach((row, i) => {
    const at = `values.${i}`;
    const before = issues.length;
    const invalid = (path: string, message: string) => issues.push({ path: `${at}.${path}`, message, kind: 'invalid' });
    const indicator = ctx.indicators.get(row.indicatorId);
    if (!indicator) {
      invalid('indicatorId', 'is not an indicator of this collaboration');
      return;
    }
    if (indicator.status !== 'active') invalid('indicatorId', `is retired (${indicator.code}): it no longer takes values`);

    const periodResult = periodKeySchema(fy, indicator.periodicity).safeParse(row.period);
    const period = periodResult.success ? periodResult.data : null;
    if (!periodResult.success) invalid('period', periodResult.error.issues[0]?.message ?? 'is not a valid period');

    const commitment = ctx.commitments.get(commitmentKey(row.partnerId, indicator.id));
    if (!commitment) {
      invalid('indicatorId', `is not an indicator your organisation has committed to report (${indicator.code})`);
    } else if (period && !inCommitment(period, commitment, fy)) {
      invalid(
        'period',
        `is outside your organisation's commitment to ${indicator.code} (from ${commitment.startPeriod}${commitment.endPeriod ? ` to ${commitment.endPeriod}` : ''})`,
      );
    }

    const cell = canonicalCell(row.cell, ctx.dimensions.get(indicator.id) ?? [], `${at}.cell`, issues);

    const fields = { value: row.value, numerator: row.numerator, denominator: row.denominator };
    for (const issue of valueIssues(indicator.valueType, fields)) invalid(issue.path, issue.message);
    const read = (raw: unknown) => {
      const r = parseNumberInput(raw);
      return r.ok ? r.value : null;
    };
    const ratio = isRatioType(indicator.valueType);
    const numbers = {
      value: ratio ? null : read(row.value),
      numerator: ratio ? read(row.numerator) : null,
      denominator: ratio ? read(row.denominator) : null,
    };
    if (issues.length === before) {
      const reported = reportedNumber(indicator.valueType, numbers);
      const field = ratio ? 'numerator' : 'value';
      const unit = indicator.valueType === 'percentage' ? ' (as a percentage)' : '';
      if (reported && indicator.minValue !== null && reported.cmp(Rational.parse(indicator.minValue)) < 0) {
        invalid(field, `must be at least ${normalizeDecimal(indicator.minValue)}${unit} for ${indicator.code}`);
      }
      if (reported && indicator.maxValue !== null && reported.cmp(Rational.parse(indicator.maxValue)) > 0) {
        invalid(field, `must be at most ${normalizeDecimal(indicator.maxValue)}${unit} for ${indicator.code}`);
      }
    }

    const activityId = row.activityId ?? null;
    if (activityId) {
      const activity = ctx.activities.get(activityId);
      if (!activity || activity.partnerId !== row.partnerId) invalid('activityId', "is not one of this partner's activities");
      else if (!activity.indicatorIds.includes(indicator.id)) invalid('activityId', `is not linked to ${indicator.code}`);
    }

    if (period === null || cell === null) return;
    const identity = { indicatorId: indicator.id, partnerId: row.partnerId, period, cell, activityId };
    const key = identityKey(identity);
    const first = seen.get(key);
    if (first !== undefined) {
      issues.push({
        path: at,
        message: `repeats values.${first} (same indicator, partner, period, cell and activity); send each value once — rows are never added up`,
        kind: 'invalid',
      });
      return;
    }
    seen.set(key, i);

    const closed = ctx.locks.closed(period);
    if (closed) issues.push({ path: `${at}.period`, message: closed, kind: 'conflict' });

    const stored = ctx.stored.get(key);
    if (row.expectedVersion !== undefined) {
      const current = stored?.version ?? 0;
      if (current !== row.expectedVersion) {
        issues.push({
          path: `${at}.expectedVersion`,
          message:
            current === 0
              ? `is ${row.expectedVersion}, but this value does not exist (it may have been deleted); reload and try again`
              : `is ${row.expectedVersion}, but the value is now at version ${current}: someone else changed it; reload and try again`,
          kind: 'conflict',
        });
      }
    }
    if (issues.length === before) {
      prepared.push({ index: i, indicator, ...identity, ...numbers, comment: row.comment, expectedVersion: row.expectedVersion });
    }
  });

  if (issues.length === 0) issues.push(...breakdownIssues(prepared, ctx));
  return { issues, prepared };
}

/**
 * A total sent or stored together with a FULL breakdown (a cell for every category combination)
 * must equal the aggregate of its cells: Σ for sum indicators, Σnumerator/Σdenominator for ratios.
 * Checked on the state after the batch (stored values overlaid with the rows).
 */
function breakdownIssues(rows: PreparedRow[], ctx: BatchContext): BatchIssue[] {
  const issues: BatchIssue[] = [];
  const groups = new Map<string, PreparedRow[]>();
  for (const r of rows) {
    if (!(r.indicator.aggregationAcross === 'sum' || r.indicator.aggregationAcross === 'ratio')) continue;
    const list = groups.get(groupKey(r)) ?? [];
    list.push(r);
    groups.set(groupKey(r), list);
  }
  for (const [gk, sent] of groups) {
    const indicator = sent[0]!.indicator;
    const dims = ctx.dimensions.get(indicator.id) ?? [];
    if (dims.length === 0) continue;
    const combos = dims.reduce((n, d) => n * d.categories.length, 1);
    const state = new Map<string, { value: string | null; numerator: string | null; denominator: string | null; index: number | null }>();
    for (const v of ctx.stored.values()) if (groupKey(v) === gk) state.set(v.cell, { ...v, index: null });
    for (const r of sent) state.set(r.cell, r);
    const total = state.get(TOTAL_CELL);
    const cells = [...state.entries()].filter(([c]) => c !== TOTAL_CELL).map(([, v]) => v);
    if (!total || cells.length !== combos || combos === 0) continue;
    const ratio = isRatioType(indicator.valueType);
    const sum = (f: 'value' | 'numerator' | 'denominator') => Rational.sum(cells.map((c) => Rational.parse(c[f] ?? '0')));
    let agree: boolean;
    let expected: string;
    if (ratio) {
      const [n, d] = [sum('numerator'), sum('denominator')];
      agree = Rational.parse(total.numerator ?? '0').div(Rational.parse(total.denominator ?? '1')).cmp(n.div(d)) === 0;
      expected = `${n.toDecimal()}/${d.toDecimal()}`;
    } else {
      const s = sum('value');
      agree = Rational.parse(total.value ?? '0').cmp(s) === 0;
      expected = s.toDecimal();
    }
    if (agree) continue;
    const named = total.index ?? sent.find((r) => r.cell !== TOTAL_CELL)!.index;
    issues.push({
      path: `values.${named}${total.index !== null ? (ratio ? '.numerator' : '.value') : ''}`,
      message:
        total.index !== null
          ? `is the total, but its breakdown cells add up to ${expected}; a total sent with a full breakdown must equal it`
          : `makes the breakdown add up to ${expected}, which no longer equals the stored total; send the total too`,
      kind: 'invalid',
    });
  }
  return issues;
}
