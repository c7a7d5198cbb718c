import {
  ALL_PARTNERS,
  computeRollups,
  progressFor,
  TOTAL_CELL,
  type TargetDefinition,
} from '@constellation/shared';
import fc from 'fast-check';
import type { Job } from 'bullmq';
import {
  recomputeIndicatorProgress,
  recomputePeriodsWithProgress,
  type ProgressOptions,
} from '../src/progress';
import { planJobs } from '../src/rollups/relay';
import { createRollupPeriodHandler, createRollupRebuildHandler } from '../src/rollups/handlers';
import { loadContext } from '../src/rollups/recompute';
import type { Logger } from '../src/logger';
import {
  close,
  createIndicator,
  createTenant,
  deleteValue,
  freshRollupsDatabase,
  storedValues,
  upsertValue,
  type IndicatorDefinition,
  type Tenant,
  type TestDatabase,
} from './rollups-support';

/**
 * Progress, wins and trajectory after the rollups (PRODUCT.md "Targets, progress and status"),
 * against a database built by the real migrations. The expected numbers come from the shared
 * reference (progressFor over computeRollups), never from a second derivation.
 */

let db: TestDatabase;
let tenant: Tenant;
beforeAll(async () => {
  db = await freshRollupsDatabase();
  tenant = await createTenant(db.pool, { fiscalYearStartMonth: 1, requiresApproval: false, partners: 2 });
});
afterAll(async () => {
  await db?.drop();
});

const AS_OF: ProgressOptions = { asOfMonth: '2026-11' };
const flow: IndicatorDefinition = { valueType: 'count', periodicity: 'month', across: 'sum', overTime: 'sum' };

async function defineTargets(indicatorId: string, def: TargetDefinition): Promise<void> {
  await db.pool.query(
    `UPDATE indicators SET direction = $3, baseline_value = $4, baseline_period = $5
      WHERE collaboration_id = $1 AND id = $2`,
    [tenant.collaborationId, indicatorId, def.direction, def.baseline.value, def.baseline.period],
  );
  await db.pool.query(`DELETE FROM indicator_targets WHERE collaboration_id = $1 AND indicator_id = $2`, [
    tenant.collaborationId,
    indicatorId,
  ]);
  for (const t of def.targets) {
    await db.pool.query(
      `INSERT INTO indicator_targets (collaboration_id, indicator_id, period, value, kind) VALUES ($1, $2, $3, $4, $5)`,
      [tenant.collaborationId, indicatorId, t.period, t.value, t.kind],
    );
  }
}

async function indicatorWith(def: TargetDefinition, shape: IndicatorDefinition = flow): Promise<string> {
  const id = await createIndicator(db.pool, tenant, shape);
  await defineTargets(id, def);
  return id;
}

async function put(indicatorId: string, partner: number, period: string, value: string): Promise<void> {
  await upsertValue(db.pool, tenant, {
    indicatorId,
    partnerId: tenant.partners[partner],
    period,
    cell: 'total',
    activityId: null,
    value,
    numerator: null,
    denominator: null,
    status: 'submitted',
  });
}

async function recompute(indicatorId: string, ...periods: string[]): Promise<void> {
  const ctx = await loadContext(db.pool, tenant.collaborationId, indicatorId);
  await recomputePeriodsWithProgress(db.pool, ctx!, periods, AS_OF);
}

interface ProgressRow {
  granularity: string;
  period: string;
  actual: string | null;
  baseline: string;
  target: string;
  longTermTarget: string;
  percentToLongTerm: number | null;
  ratio: number | null;
  status: string;
  computedAt: Date;
}
async function progressRows(indicatorId: string): Promise<ProgressRow[]> {
  const { rows } = await db.pool.query<ProgressRow>(
    `SELECT granularity, period, actual::text AS actual, baseline::text AS baseline, target::text AS target,
            long_term_target::text AS "longTermTarget", percent_to_long_term AS "percentToLongTerm", ratio, status,
            computed_at AS "computedAt"
       FROM progress WHERE collaboration_id = $1 AND indicator_id = $2 ORDER BY granularity, period`,
    [tenant.collaborationId, indicatorId],
  );
  return rows;
}
const progressOf = async (indicatorId: string, granularity: string, period: string) =>
  (await progressRows(indicatorId)).find((r) => r.granularity === granularity && r.period === period);

interface WinRow {
  id: string;
  milestonePeriod: string;
  milestoneValue: string;
  metValue: string;
  status: string;
  firstMetAt: Date;
  withdrawnAt: Date | null;
}
async function wins(indicatorId: string): Promise<WinRow[]> {
  const { rows } = await db.pool.query<WinRow>(
    `SELECT id, milestone_period AS "milestonePeriod", milestone_value::text AS "milestoneValue",
            met_value::text AS "metValue", status, first_met_at AS "firstMetAt", withdrawn_at AS "withdrawnAt"
       FROM wins WHERE collaboration_id = $1 AND indicator_id = $2 ORDER BY milestone_period`,
    [tenant.collaborationId, indicatorId],
  );
  return rows;
}

const numClose = (a: number | null, b: number | null) =>
  a === null || b === null ? a === b : Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/** Every stored progress row equals progressFor over the reference rollups' all-partner total. */
async function expectMatchesReference(indicatorId: string, def: TargetDefinition, shape: IndicatorDefinition) {
  const values = (await storedValues(db.pool, tenant.collaborationId)).filter((v) => v.indicatorId === indicatorId);
  const reference = computeRollups({
    indicators: [
      {
        id: indicatorId,
        valueType: shape.valueType,
        periodicity: shape.periodicity,
        aggregationAcrossPartners: shape.across,
        aggregationOverTime: shape.overTime,
      },
    ],
    values,
    requiresApproval: false,
    fiscalYearStartMonth: 1,
  });
  const totals = new Map(
    reference
      .filter((r) => r.scope === ALL_PARTNERS && r.cell === TOTAL_CELL)
      .map((r) => [`${r.granularity}|${r.period}`, r.aggregate]),
  );
  const rows = await progressRows(indicatorId);
  for (const key of totals.keys()) expect(rows.map((r) => `${r.granularity}|${r.period}`)).toContain(key);
  for (const row of rows) {
    const want = progressFor(def, row.period, totals.get(`${row.granularity}|${row.period}`) ?? null, 1);
    expect({ period: row.period, status: row.status }).toEqual({ period: row.period, status: want.status });
    expect(close(row.actual, want.actual)).toBe(true);
    expect(close(row.baseline, want.baseline)).toBe(true);
    expect(close(row.target, want.target)).toBe(true);
    expect(close(row.longTermTarget, want.longTermTarget)).toBe(true);
    expect(numClose(row.ratio, want.ratio)).toBe(true);
    expect(numClose(row.percentToLongTerm, want.percentOfWay)).toBe(true);
  }
}

const increase: TargetDefinition = {
  direction: 'increase',
  baseline: { value: '0', period: '2024' },
  targets: [
    { period: '2025', value: '120', kind: 'milestone' },
    { period: '2026', value: '240', kind: 'long_term' },
  ],
};
const decrease: TargetDefinition = {
  direction: 'decrease',
  baseline: { value: '100', period: '2024' },
  targets: [
    { period: '2025', value: '40', kind: 'milestone' },
    { period: '2026', value: '0', kind: 'long_term' },
  ],
};

describe('progress after the rollups', () => {
  it('interpolates the target linearly between the baseline and the milestone, placed at last months', async () => {
    const id = await indicatorWith(increase);
    await put(id, 0, '2025-06', '40');
    await put(id, 1, '2025-06', '20');
    await recompute(id, '2025-06');
    // 2024 ends in 2024-12 (0), 2025 ends in 2025-12 (120): June 2025 is half-way → 60.
    expect(await progressOf(id, 'month', '2025-06')).toMatchObject({
      actual: '60',
      baseline: '0',
      target: '60',
      longTermTarget: '240',
      percentToLongTerm: 25,
      ratio: 1,
      status: 'on_track',
    });
    // A quarter is placed at its third month: Q2 2025 ends in June too; the year at December (the milestone).
    expect(await progressOf(id, 'quarter', '2025-Q2')).toMatchObject({ target: '60', actual: '60' });
    expect(await progressOf(id, 'year', '2025')).toMatchObject({ target: '120', actual: '60', status: 'off_track' });
    await expectMatchesReference(id, increase, flow);
  });

  it.each([
    // increase: target 60 from 0 → ratios 0.95, 0.80, 0.783; decrease: target 70 from 100 → 0.95, 0.80, 0.767
    ['increase', '57', 'on_track'],
    ['increase', '48', 'at_risk'],
    ['increase', '47', 'off_track'],
    ['decrease', '71.5', 'on_track'],
    ['decrease', '76', 'at_risk'],
    ['decrease', '77', 'off_track'],
  ] as const)('bands (0.95 / 0.80) for an %s indicator: %s → %s', async (direction, value, status) => {
    const def = direction === 'increase' ? increase : decrease;
    const id = await indicatorWith(def, { ...flow, valueType: 'amount' });
    await put(id, 0, '2025-06', value);
    await recompute(id, '2025-06');
    const row = await progressOf(id, 'month', '2025-06');
    expect(row?.status).toBe(status);
    expect(row?.target).toBe(def.direction === 'increase' ? '60' : '70');
    await expectMatchesReference(id, def, { ...flow, valueType: 'amount' });
  });

  it('no_data when no value counts (a deleted value), and every target period appears after a full recompute', async () => {
    const id = await indicatorWith(increase);
    await put(id, 0, '2025-06', '10');
    await recompute(id, '2025-06');
    expect(await progressOf(id, 'month', '2025-06')).toMatchObject({ actual: '10', status: 'off_track' });
    await deleteValue(db.pool, tenant, { indicatorId: id, partnerId: tenant.partners[0], period: '2025-06', cell: 'total', activityId: null });
    await recompute(id, '2025-06');
    expect(await progressOf(id, 'month', '2025-06')).toMatchObject({ actual: null, status: 'no_data', ratio: null, percentToLongTerm: null });
    await recomputeIndicatorProgress(db.pool, tenant.collaborationId, id, AS_OF);
    const rows = await progressRows(id);
    expect(rows.map((r) => `${r.granularity} ${r.period} ${r.status}`)).toEqual(['year 2025 no_data', 'year 2026 no_data']);
    expect(rows.every((r) => r.computedAt instanceof Date)).toBe(true);
  });

  it('equals the shared progressFor for random definitions and values (property)', async () => {
    const months = ['2025-01', '2025-02', '2025-05', '2025-09', '2025-12', '2026-01', '2026-04', '2026-07'];
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          direction: fc.constantFrom('increase', 'decrease') as fc.Arbitrary<'increase' | 'decrease'>,
          baseline: fc.integer({ min: 0, max: 100 }),
          step1: fc.integer({ min: 0, max: 80 }),
          step2: fc.integer({ min: 0, max: 80 }),
          milestonePeriod: fc.constantFrom('2025-Q2', '2025', '2025-09'),
          shape: fc.constantFrom<IndicatorDefinition>(
            flow,
            { valueType: 'count', periodicity: 'month', across: 'sum', overTime: 'last' },
            { valueType: 'amount', periodicity: 'month', across: 'max', overTime: 'sum' },
            { valueType: 'count', periodicity: 'quarter', across: 'min', overTime: 'sum' },
          ),
          values: fc.array(
            fc.record({ partner: fc.nat(1), month: fc.nat(months.length - 1), value: fc.integer({ min: 0, max: 250 }) }),
            { minLength: 0, maxLength: 8 },
          ),
        }),
        async (c) => {
          const s = c.direction === 'increase' ? 1 : -1;
          const def: TargetDefinition = {
            direction: c.direction,
            baseline: { value: String(c.baseline + 200), period: '2024' },
            targets: [
              { period: c.milestonePeriod, value: String(c.baseline + 200 + s * c.step1), kind: 'milestone' },
              { period: '2026', value: String(c.baseline + 200 + s * (c.step1 + c.step2)), kind: 'long_term' },
            ],
          };
          const id = await indicatorWith(def, c.shape);
          const toPeriod = (m: string) =>
            c.shape.periodicity === 'quarter' ? `${m.slice(0, 4)}-Q${Math.ceil(Number(m.slice(5)) / 3)}` : m;
          const touched = new Set<string>();
          for (const v of c.values) {
            const period = toPeriod(months[v.month]);
            await put(id, v.partner, period, String(v.value));
            touched.add(period);
          }
          if (touched.size > 0) await recompute(id, ...touched);
          await expectMatchesReference(id, def, c.shape);
          await recomputeIndicatorProgress(db.pool, tenant.collaborationId, id, AS_OF);
          await expectMatchesReference(id, def, c.shape);
        },
      ),
      { numRuns: 20 },
    );
  });
});

const logger = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined } as unknown as Logger;
const publisher = { publish: async () => 1 };

describe('wins', () => {
  const periodJob = (indicatorId: string, period: string) =>
    createRollupPeriodHandler({ pool: db.pool, publisher, logger })(
      { collaborationId: tenant.collaborationId, indicatorId, period },
      {} as Job,
    );

  it('a milestone met records exactly one win under two concurrent jobs; a revision below withdraws it; met again reactivates it', async () => {
    const id = await indicatorWith(increase);
    await put(id, 0, '2025-03', '100');
    await put(id, 1, '2025-04', '30');
    await Promise.all([periodJob(id, '2025-03'), periodJob(id, '2025-04'), periodJob(id, '2025-03')]);
    const first = await wins(id);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ milestonePeriod: '2025', milestoneValue: '120', metValue: '130', status: 'active', withdrawnAt: null });

    // Retries change nothing.
    await periodJob(id, '2025-03');
    expect(await wins(id)).toEqual(first);

    // A revision: 90 + 30 = 120 still meets it; 80 + 30 = 110 no longer does.
    await put(id, 0, '2025-03', '80');
    await periodJob(id, '2025-03');
    const withdrawn = await wins(id);
    expect(withdrawn).toHaveLength(1);
    expect(withdrawn[0]).toMatchObject({ id: first[0].id, status: 'withdrawn', firstMetAt: first[0].firstMetAt });
    expect(withdrawn[0].withdrawnAt).toBeInstanceOf(Date);

    await put(id, 0, '2025-03', '95');
    await Promise.all([periodJob(id, '2025-03'), periodJob(id, '2025-03')]);
    const again = await wins(id);
    expect(again).toHaveLength(1);
    expect(again[0]).toMatchObject({ id: first[0].id, status: 'active', withdrawnAt: null, metValue: '125', firstMetAt: first[0].firstMetAt });
  });

  it('records a win exactly once when the compute itself runs concurrently, and withdraws it when its target is raised', async () => {
    const id = await indicatorWith(increase);
    await put(id, 0, '2025-08', '150');
    const ctx = await loadContext(db.pool, tenant.collaborationId, id);
    await Promise.all(Array.from({ length: 4 }, () => recomputePeriodsWithProgress(db.pool, ctx!, ['2025-08'], AS_OF)));
    expect((await wins(id)).map((w) => w.status)).toEqual(['active']);

    // indicator_targets_changed → the indicator's rebuild job → progress for every period.
    expect(planJobs([{ collaboration_id: tenant.collaborationId, id: '1', kind: 'indicator_targets_changed', indicator_id: id, period: null }])).toEqual([
      { name: 'rebuild', data: { collaborationId: tenant.collaborationId, indicatorId: id }, dedupId: `rebuild:${tenant.collaborationId}:${id}` },
    ]);
    await defineTargets(id, { ...increase, targets: [{ period: '2025', value: '200', kind: 'milestone' }, increase.targets[1]] });
    await createRollupRebuildHandler({ pool: db.pool, publisher, logger })(
      { collaborationId: tenant.collaborationId, indicatorId: id },
      {} as Job,
    );
    expect(await wins(id)).toMatchObject([{ status: 'withdrawn', milestoneValue: '120' }]);
    expect(await progressOf(id, 'year', '2025')).toMatchObject({ target: '200', actual: '150' });
    const { rows } = await db.pool.query(
      `SELECT granularity, projected_period, reached FROM indicator_trajectory WHERE collaboration_id = $1 AND indicator_id = $2`,
      [tenant.collaborationId, id],
    );
    expect(rows).toEqual([{ granularity: 'month', projected_period: null, reached: false }]);
  });
});
