import {
  computeRollups,
  periodAtIndex,
  periodsBetween,
  Rational,
  type AggregationIndicator,
  type IndicatorValue,
} from '@constellation/shared';
import fc from 'fast-check';
import { fullRebuild, loadContext, recomputePeriods } from '../src/rollups/recompute';
import {
  createIndicator,
  createTenant,
  deleteValue,
  differences,
  freshRollupsDatabase,
  readRollups,
  storedValues,
  upsertValue,
  type IndicatorDefinition,
  type RollupRow,
  type StoredValue,
  type TestDatabase,
} from './rollups-support';

/**
 * QUALITY.md: after any sequence of incremental updates, the SQL rollups equal a full rebuild
 * and the shared reference implementation (computeRollups), within 1e-9 relative.
 */

let db: TestDatabase;
beforeAll(async () => {
  db = await freshRollupsDatabase();
});
afterAll(async () => {
  await db?.drop();
});

const MONTHS = periodsBetween('2024-10', '2026-03', 'month', 1);

const definitionArb: fc.Arbitrary<IndicatorDefinition> = fc
  .record({
    valueType: fc.constantFrom('count', 'amount', 'percentage', 'ratio') as fc.Arbitrary<IndicatorDefinition['valueType']>,
    periodicity: fc.constantFrom('month', 'month', 'quarter', 'year') as fc.Arbitrary<IndicatorDefinition['periodicity']>,
    acrossIfNotRatio: fc.constantFrom('sum', 'average', 'min', 'max') as fc.Arbitrary<IndicatorDefinition['across']>,
    overTime: fc.constantFrom('sum', 'last', 'average') as fc.Arbitrary<IndicatorDefinition['overTime']>,
  })
  .map(({ acrossIfNotRatio, ...d }) => ({
    ...d,
    across: d.valueType === 'percentage' || d.valueType === 'ratio' ? 'ratio' : acrossIfNotRatio,
  }));

interface IndicatorSpec {
  def: IndicatorDefinition;
  /** The disaggregation cells (besides 'total'): none, one or two categories. */
  cells: string[];
}
const indicatorArb: fc.Arbitrary<IndicatorSpec> = fc.record({
  def: definitionArb,
  cells: fc.constantFrom([], ['sex=f'], ['sex=f', 'sex=m']),
});

interface Op {
  kind: 'upsert' | 'delete';
  indicator: number;
  partner: number;
  month: number;
  cell: number;
  withActivity: boolean;
  status: StoredValue['status'];
  a: number;
  b: number;
  cents: number;
  /** Run the incremental recompute for what changed so far after this operation. */
  flush: boolean;
}
const opArb: fc.Arbitrary<Op> = fc.record({
  kind: fc.constantFrom('upsert', 'upsert', 'upsert', 'delete') as fc.Arbitrary<Op['kind']>,
  indicator: fc.nat(1),
  partner: fc.nat(2),
  month: fc.nat(MONTHS.length - 1),
  cell: fc.nat(2),
  withActivity: fc.boolean(),
  status: fc.constantFrom('draft', 'submitted', 'approved', 'returned', 'submitted', 'approved') as fc.Arbitrary<
    Op['status']
  >,
  a: fc.integer({ min: 0, max: 1000 }),
  b: fc.integer({ min: 1, max: 1000 }),
  cents: fc.integer({ min: -100_000, max: 100_000 }),
  flush: fc.boolean(),
});

const scenarioArb = fc.record({
  fy: fc.constantFrom(1, 4, 7, 10, 12, 2),
  requiresApproval: fc.boolean(),
  indicators: fc.array(indicatorArb, { minLength: 1, maxLength: 2 }),
  ops: fc.array(opArb, { minLength: 1, maxLength: 40 }),
});

function numbersOf(def: IndicatorDefinition, op: Op): Pick<StoredValue, 'value' | 'numerator' | 'denominator'> {
  switch (def.valueType) {
    case 'count':
      return { value: String(op.a), numerator: null, denominator: null };
    case 'amount':
      return { value: Rational.of(op.cents, 100).toDecimal(), numerator: null, denominator: null };
    case 'percentage':
      return { value: null, numerator: String(Math.min(op.a, op.b)), denominator: String(op.b) };
    case 'ratio':
      return { value: null, numerator: String(op.a - 200), denominator: String(op.b) };
  }
}

/** Map the reference's rollups to the table's representation. */
function referenceRows(
  indicators: AggregationIndicator[],
  values: StoredValue[],
  fy: number,
  requiresApproval: boolean,
): RollupRow[] {
  return computeRollups({
    indicators,
    values: values.map(
      (v): IndicatorValue => ({
        ...v,
        value: v.value,
        numerator: v.numerator,
        denominator: v.denominator,
      }),
    ),
    requiresApproval,
    fiscalYearStartMonth: fy,
  }).map((r) => ({
    indicatorId: r.indicatorId,
    granularity: r.granularity,
    period: r.period,
    cell: r.cell,
    scope: r.scope,
    value: r.aggregate,
    numerator: r.numerator,
    denominator: r.denominator,
    partnerCount: r.partnerCount,
    valueCount: r.valueCount,
  }));
}

function expectSameRollups(actual: RollupRow[], expected: RollupRow[], exact: boolean): void {
  expect(differences(actual, expected, exact)).toEqual([]);
}

describe('rollups: incremental SQL = full rebuild = shared reference (property)', () => {
  it('holds for random definitions, partners, values, revisions, deletions and fiscal years', async () => {
    let runs = 0;
    let compared = 0;
    let nonEmptyRuns = 0;
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (s) => {
        runs++;
        const tenant = await createTenant(db.pool, {
          fiscalYearStartMonth: s.fy,
          requiresApproval: s.requiresApproval,
          partners: 3,
        });
        const indicators: { id: string; spec: IndicatorSpec }[] = [];
        for (const spec of s.indicators) {
          indicators.push({ id: await createIndicator(db.pool, tenant, spec.def), spec });
        }
        const pending = new Map<string, Set<string>>();
        const flush = async () => {
          for (const [indicatorId, periods] of pending) {
            const ctx = await loadContext(db.pool, tenant.collaborationId, indicatorId);
            await recomputePeriods(db.pool, ctx!, [...periods]);
          }
          pending.clear();
        };
        for (const op of s.ops) {
          const ind = indicators[op.indicator % indicators.length];
          const cells = ['total', ...ind.spec.cells];
          const monthIndex = Number(MONTHS[op.month].slice(0, 4)) * 12 + Number(MONTHS[op.month].slice(5)) - 1;
          const period = periodAtIndex(monthIndex, ind.spec.def.periodicity, s.fy).key;
          const identity = {
            indicatorId: ind.id,
            partnerId: tenant.partners[op.partner],
            period,
            cell: cells[op.cell % cells.length],
            activityId: op.withActivity ? tenant.activities[op.partner] : null,
          };
          if (op.kind === 'upsert') {
            await upsertValue(db.pool, tenant, { ...identity, ...numbersOf(ind.spec.def, op), status: op.status });
          } else {
            await deleteValue(db.pool, tenant, identity);
          }
          if (!pending.has(ind.id)) pending.set(ind.id, new Set());
          pending.get(ind.id)!.add(period);
          if (op.flush) await flush();
        }
        await flush();

        const incremental = await readRollups(db.pool, tenant.collaborationId);
        await fullRebuild(db.pool, tenant.collaborationId);
        const rebuilt = await readRollups(db.pool, tenant.collaborationId);
        expectSameRollups(incremental, rebuilt, true);

        const reference = referenceRows(
          indicators.map(({ id, spec }) => ({
            id,
            valueType: spec.def.valueType,
            periodicity: spec.def.periodicity,
            aggregationAcrossPartners: spec.def.across,
            aggregationOverTime: spec.def.overTime,
          })),
          await storedValues(db.pool, tenant.collaborationId),
          s.fy,
          s.requiresApproval,
        );
        expectSameRollups(incremental, reference, false);
        compared += reference.length;
        if (reference.length > 0) nonEmptyRuns++;
      }),
      { numRuns: 40, endOnFailure: true },
    );
    expect(runs).toBe(40);
    // Not vacuous: most runs produce rollups to compare.
    expect(nonEmptyRuns).toBeGreaterThan(runs / 2);
    console.log(`property: ${runs} runs, ${nonEmptyRuns} with rollups, ${compared} rollup rows compared`);
  }, 120_000);
});
