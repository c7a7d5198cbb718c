import { periodAtIndex } from '../periods/arithmetic';
import { compareGranularities, rollupGranularities, type Granularity } from '../periods/granularity';
import { parsePeriodKey } from '../periods/keys';
import { isRatioType, valueIssues } from '../schemas/indicator';
import { isDecimalString } from './decimal';
import { combineAcross, combineOverTime, valueOf, type Quantity } from './combine';
import { countsInRollups, valueKey } from './counting';
import { Rational } from './rational';
import {
  ALL_PARTNERS,
  TOTAL_CELL,
  type AggregationIndicator,
  type IndicatorValue,
  type Rollup,
  type RollupInput,
} from './types';

/** A value the reference refuses: the stored data breaks an invariant the api must keep. */
export class InvalidRollupInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidRollupInputError';
  }
}

/** partner → native period (end index) → cell → the partner's quantity there. */
type PartnerCells = Map<string, Map<number, Map<string, Quantity>>>;

function getOrSet<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = make()));
  return value;
}

const storedNumber = (x: unknown) =>
  x === undefined || x === null || typeof x === 'number' || isDecimalString(String(x));

function quantityOf(indicator: AggregationIndicator, v: IndicatorValue): Quantity {
  const issues = valueIssues(indicator.valueType, v);
  for (const path of ['value', 'numerator', 'denominator'] as const) {
    if (!storedNumber(v[path]))
      issues.push({ path, message: 'must be a plain decimal string as stored, like -12.5' });
  }
  if (issues.length > 0) {
    const where = `${v.indicatorId}/${v.partnerId}/${v.period}/${v.cell}`;
    throw new InvalidRollupInputError(
      `value ${where}: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`,
    );
  }
  return isRatioType(indicator.valueType)
    ? { num: Rational.parse(v.numerator!), den: Rational.parse(v.denominator!), valueCount: 1 }
    : { num: Rational.parse(v.value!), den: null, valueCount: 1 };
}

/**
 * Each partner's quantity per native period and cell. Values of the same partner, period and
 * cell attributed to different activities are combined side by side with the across-partners
 * rule: added up for `sum` (and Σnum/Σden for `ratio`); for `average`, `min` and `max`
 * indicators the mean, least or greatest of the activities' values, as if they were partners.
 * A partner that sent no total gets one from its cells by the same rule.
 */
function partnerCells(
  indicator: AggregationIndicator,
  values: readonly IndicatorValue[],
  fy: number,
): PartnerCells {
  const grouped = new Map<string, Map<number, Map<string, Quantity[]>>>();
  for (const v of values) {
    const parsed = parsePeriodKey(v.period, fy);
    if (!parsed.ok || parsed.period.granularity !== indicator.periodicity || parsed.period.key !== v.period) {
      throw new InvalidRollupInputError(
        `value ${v.indicatorId}/${v.partnerId}/${v.period}: period must be a canonical ${indicator.periodicity} key (${parsed.ok ? `got a ${parsed.period.granularity}` : parsed.error})`,
      );
    }
    const byPeriod = getOrSet(grouped, v.partnerId, () => new Map());
    const byCell = getOrSet(byPeriod, parsed.period.endIndex, () => new Map());
    getOrSet(byCell, v.cell, (): Quantity[] => []).push(quantityOf(indicator, v));
  }
  const across = indicator.aggregationAcrossPartners;
  const result: PartnerCells = new Map();
  for (const [partner, byPeriod] of grouped) {
    const periods = new Map<number, Map<string, Quantity>>();
    for (const [period, byCell] of byPeriod) {
      const cells = new Map<string, Quantity>();
      for (const [cell, activities] of byCell) cells.set(cell, combineAcross(across, activities));
      if (!cells.has(TOTAL_CELL)) cells.set(TOTAL_CELL, combineAcross(across, [...cells.values()]));
      periods.set(period, cells);
    }
    result.set(partner, periods);
  }
  return result;
}

function present(indicator: AggregationIndicator, q: Quantity) {
  return {
    aggregate: valueOf(indicator.valueType, q).toDecimal(),
    numerator: q.den === null ? null : q.num.toDecimal(),
    denominator: q.den === null ? null : q.den.toDecimal(),
  };
}

function rollupsOfIndicator(
  indicator: AggregationIndicator,
  values: readonly IndicatorValue[],
  fy: number,
): Rollup[] {
  const cells = partnerCells(indicator, values, fy);
  const out: Rollup[] = [];
  for (const granularity of rollupGranularities(indicator.periodicity)) {
    // period (end index) → cell → partner → the partner's native quantities in period order.
    const series = new Map<number, { key: string; cells: Map<string, Map<string, Quantity[]>> }>();
    for (const [partner, periods] of cells) {
      for (const native of [...periods.keys()].sort((a, b) => a - b)) {
        const period = periodAtIndex(native, granularity, fy);
        const entry = getOrSet(series, period.endIndex, () => ({ key: period.key, cells: new Map() }));
        for (const [cell, q] of periods.get(native)!) {
          const byPartner = getOrSet(entry.cells, cell, () => new Map<string, Quantity[]>());
          getOrSet(byPartner, partner, (): Quantity[] => []).push(q);
        }
      }
    }
    for (const { key, cells: byCell } of series.values()) {
      for (const [cell, byPartner] of byCell) {
        const partners: Quantity[] = [];
        for (const [partner, inOrder] of byPartner) {
          const q = combineOverTime(indicator.aggregationOverTime, inOrder);
          partners.push(q);
          out.push({
            indicatorId: indicator.id,
            granularity,
            period: key,
            cell,
            scope: partner,
            ...present(indicator, q),
            partnerCount: 1,
            valueCount: q.valueCount,
          });
        }
        const all = combineAcross(indicator.aggregationAcrossPartners, partners);
        out.push({
          indicatorId: indicator.id,
          granularity,
          period: key,
          cell,
          scope: ALL_PARTNERS,
          ...present(indicator, all),
          partnerCount: partners.length,
          valueCount: all.valueCount,
        });
      }
    }
  }
  return out;
}

/**
 * The rollup periods a value in this native period feeds: its own period and the quarter and
 * year around it (as far as the periodicity allows). After a value changes, exactly these
 * (indicator, granularity, period) rollups must be recomputed; nothing else depends on it.
 */
export function rollupPeriodsOf(
  indicator: Pick<AggregationIndicator, 'periodicity'>,
  period: string,
  fiscalYearStartMonth: number,
): { granularity: Granularity; period: string }[] {
  const parsed = parsePeriodKey(period, fiscalYearStartMonth);
  if (!parsed.ok) throw new InvalidRollupInputError(`period ${period} ${parsed.error}`);
  return rollupGranularities(indicator.periodicity).map((granularity) => ({
    granularity,
    period: periodAtIndex(parsed.period.endIndex, granularity, fiscalYearStartMonth).key,
  }));
}

/** A stable order: indicator, granularity, period, cell (total first), scope (all first). */
export function compareRollups(a: Rollup, b: Rollup, fiscalYearStartMonth: number): number {
  const text = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  const first = (x: string, y: string, top: string) =>
    x === y ? 0 : x === top ? -1 : y === top ? 1 : text(x, y);
  const end = (r: Rollup) => {
    const parsed = parsePeriodKey(r.period, fiscalYearStartMonth);
    return parsed.ok ? parsed.period.endIndex : 0;
  };
  return (
    text(a.indicatorId, b.indicatorId) ||
    compareGranularities(a.granularity, b.granularity) ||
    end(a) - end(b) ||
    first(a.cell, b.cell, TOTAL_CELL) ||
    first(a.scope, b.scope, ALL_PARTNERS)
  );
}

/**
 * THE REFERENCE for how values roll up (PRODUCT.md, "How aggregation must behave"). For every
 * indicator, every granularity from its periodicity up to the year (calendar or fiscal), every
 * period and cell that has a counting value: the aggregate over all partners and per partner.
 *
 * 1. Only counting values (`countsInRollups`).
 * 2. One partner, one native period, one cell: its activities' values combined (see `partnerCells`);
 *    its total is the total it sent, else the aggregate of its cells. A total sent without a
 *    breakdown counts in the total and in no cell.
 * 3. Over time first, per partner and cell (`combineOverTime`): sum / last / average of the native
 *    periods that have a value.
 * 4. Then across the partners that have a value there (`combineAcross`); a partner without one
 *    does not take part (it is not a zero).
 *
 * Arithmetic is exact (rationals); only a final non-terminating quotient is rounded, to 20
 * significant digits. Periods, cells and partners come from the values themselves, so a value in a
 * period nobody reported before is never skipped. No rollup is produced where no value counts.
 */
export function computeRollups(input: RollupInput): Rollup[] {
  const fy = input.fiscalYearStartMonth;
  const indicators = new Map(input.indicators.map((i) => [i.id, i]));
  for (const indicator of indicators.values()) {
    if (isRatioType(indicator.valueType) !== (indicator.aggregationAcrossPartners === 'ratio')) {
      throw new InvalidRollupInputError(
        `indicator ${indicator.id}: ${indicator.valueType} indicators aggregate across partners by ${isRatioType(indicator.valueType) ? 'ratio only' : 'sum, average, min or max'}`,
      );
    }
  }
  const seen = new Set<string>();
  const byIndicator = new Map<string, IndicatorValue[]>();
  for (const v of input.values) {
    const key = valueKey(v);
    if (seen.has(key))
      throw new InvalidRollupInputError(`two values for ${key}: a revision must replace the value`);
    seen.add(key);
    if (!countsInRollups(v.status, input.requiresApproval)) continue;
    if (!indicators.has(v.indicatorId))
      throw new InvalidRollupInputError(`value for unknown indicator ${v.indicatorId}`);
    getOrSet(byIndicator, v.indicatorId, () => []).push(v);
  }
  const out: Rollup[] = [];
  for (const [id, values] of byIndicator) out.push(...rollupsOfIndicator(indicators.get(id)!, values, fy));
  return out.sort((a, b) => compareRollups(a, b, fy));
}
