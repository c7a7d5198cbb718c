import { fullRebuild, loadContext, recomputePeriods } from '../src/rollups/recompute';
import {
  createIndicator,
  createTenant,
  deleteValue,
  freshRollupsDatabase,
  readRollups,
  upsertValue,
  type IndicatorDefinition,
  type RollupRow,
  type StoredValue,
  type Tenant,
  type TestDatabase,
} from './rollups-support';

/**
 * QUALITY.md "Correctness first": each way peers get aggregates wrong, as a named test against
 * the SQL rollups (real PostgreSQL, real migrations).
 */
let db: TestDatabase;
beforeAll(async () => {
  db = await freshRollupsDatabase();
});
afterAll(async () => {
  await db?.drop();
});

interface Fixture {
  tenant: Tenant;
  indicatorId: string;
  put(partner: number, period: string, numbers: Partial<StoredValue>, extra?: Partial<StoredValue>): Promise<void>;
  remove(partner: number, period: string, cell?: string): Promise<void>;
  /** The incremental path for these native periods. */
  recompute(...periods: string[]): Promise<void>;
  get(granularity: string, period: string, cell?: string, scope?: string): Promise<RollupRow | undefined>;
  all(): Promise<RollupRow[]>;
}

async function fixture(def: IndicatorDefinition, fy = 1, requiresApproval = false): Promise<Fixture> {
  const tenant = await createTenant(db.pool, { fiscalYearStartMonth: fy, requiresApproval, partners: 3 });
  const indicatorId = await createIndicator(db.pool, tenant, def);
  const all = () => readRollups(db.pool, tenant.collaborationId);
  return {
    tenant,
    indicatorId,
    put: (partner, period, numbers, extra = {}) =>
      upsertValue(db.pool, tenant, {
        indicatorId,
        partnerId: tenant.partners[partner],
        period,
        cell: 'total',
        activityId: null,
        value: null,
        numerator: null,
        denominator: null,
        status: 'submitted',
        ...numbers,
        ...extra,
      }),
    remove: (partner, period, cell = 'total') =>
      deleteValue(db.pool, tenant, {
        indicatorId,
        partnerId: tenant.partners[partner],
        period,
        cell,
        activityId: null,
      }),
    recompute: async (...periods) => {
      const ctx = await loadContext(db.pool, tenant.collaborationId, indicatorId);
      await recomputePeriods(db.pool, ctx!, periods);
    },
    get: async (granularity, period, cell = 'total', scope = 'all') =>
      (await all()).find((r) => r.granularity === granularity && r.period === period && r.cell === cell && r.scope === scope),
    all,
  };
}

const flow: IndicatorDefinition = { valueType: 'count', periodicity: 'month', across: 'sum', overTime: 'sum' };
const stock: IndicatorDefinition = { valueType: 'count', periodicity: 'month', across: 'sum', overTime: 'last' };
const percentage: IndicatorDefinition = { valueType: 'percentage', periodicity: 'month', across: 'ratio', overTime: 'sum' };

describe('QUALITY.md peer mistakes, in the SQL rollups', () => {
  it('a cumulative (last) indicator takes the latest month with a value, never the sum over time', async () => {
    const f = await fixture(stock);
    await f.put(0, '2026-01', { value: '100' });
    await f.put(0, '2026-02', { value: '120' });
    await f.put(1, '2026-01', { value: '50' }); // partner 1 did not report in February: its last is January
    await f.recompute('2026-01', '2026-02');
    expect(await f.get('quarter', '2026-Q1')).toMatchObject({ value: '170', partnerCount: 2, valueCount: 2 });
    expect(await f.get('year', '2026', 'total', f.tenant.partners[0])).toMatchObject({ value: '120' });
  });

  it('percentages aggregate as Σnumerator/Σdenominator, never an average of percentages', async () => {
    const f = await fixture(percentage);
    await f.put(0, '2026-01', { numerator: '1', denominator: '2' }); // 50 %
    await f.put(1, '2026-01', { numerator: '90', denominator: '100' }); // 90 %
    await f.recompute('2026-01');
    const r = await f.get('month', '2026-01');
    expect(r).toMatchObject({ numerator: '91', denominator: '102', partnerCount: 2 });
    expect(Number(r!.value)).toBeCloseTo((100 * 91) / 102, 12); // not (50 + 90) / 2 = 70
  });

  it('cells are not double-counted into the total, and a total sent without a breakdown is kept', async () => {
    const f = await fixture(flow);
    // Partner 0 sends a total and its breakdown; partner 1 only a breakdown; partner 2 only a total.
    await f.put(0, '2026-01', { value: '10' });
    await f.put(0, '2026-01', { value: '4' }, { cell: 'sex=f' });
    await f.put(0, '2026-01', { value: '6' }, { cell: 'sex=m' });
    await f.put(1, '2026-01', { value: '3' }, { cell: 'sex=f' });
    await f.put(1, '2026-01', { value: '2' }, { cell: 'sex=m' });
    await f.put(2, '2026-01', { value: '7' });
    await f.recompute('2026-01');
    expect(await f.get('month', '2026-01')).toMatchObject({ value: '22', partnerCount: 3 }); // 10 + 5 + 7
    expect(await f.get('month', '2026-01', 'sex=f')).toMatchObject({ value: '7', partnerCount: 2 });
    expect(await f.get('month', '2026-01', 'sex=m')).toMatchObject({ value: '8', partnerCount: 2 });
    expect(await f.get('month', '2026-01', 'total', f.tenant.partners[1])).toMatchObject({ value: '5' });
  });

  it('a revised value is counted once, whatever the number of recomputes', async () => {
    const f = await fixture(flow);
    await f.put(0, '2026-01', { value: '10' });
    await f.recompute('2026-01');
    await f.put(0, '2026-01', { value: '12' });
    await f.recompute('2026-01');
    await f.recompute('2026-01');
    expect(await f.get('month', '2026-01')).toMatchObject({ value: '12', valueCount: 1 });
    expect(await f.get('year', '2026')).toMatchObject({ value: '12', valueCount: 1 });
  });

  it('a deleted or returned value leaves every rollup that contained it', async () => {
    const f = await fixture(flow);
    await f.put(0, '2026-01', { value: '10' });
    await f.put(1, '2026-01', { value: '5' });
    await f.put(2, '2026-02', { value: '1' });
    await f.recompute('2026-01', '2026-02');
    expect(await f.get('quarter', '2026-Q1')).toMatchObject({ value: '16' });
    await f.remove(0, '2026-01');
    await f.put(1, '2026-01', { value: '5' }, { status: 'returned' });
    await f.recompute('2026-01');
    expect(await f.get('month', '2026-01')).toBeUndefined();
    expect(await f.get('month', '2026-01', 'total', f.tenant.partners[0])).toBeUndefined();
    expect(await f.get('quarter', '2026-Q1')).toMatchObject({ value: '1', partnerCount: 1 });
    expect(await f.get('year', '2026')).toMatchObject({ value: '1' });
  });

  it('values in a newly created period are not skipped (fiscal year starting in July)', async () => {
    const f = await fixture(flow, 7);
    await f.put(0, '2026-06', { value: '3' });
    await f.recompute('2026-06');
    await f.put(0, '2026-07', { value: '4' }); // first month of FY2026, nobody reported there before
    await f.recompute('2026-07');
    expect(await f.get('month', '2026-07')).toMatchObject({ value: '4' });
    expect(await f.get('quarter', 'FY2026-Q1')).toMatchObject({ value: '4' });
    expect(await f.get('year', 'FY2026')).toMatchObject({ value: '4' });
    expect(await f.get('year', 'FY2025')).toMatchObject({ value: '3' });
  });

  it('with approval required, only approved values count', async () => {
    const f = await fixture(flow, 1, true);
    await f.put(0, '2026-01', { value: '10' }, { status: 'approved' });
    await f.put(1, '2026-01', { value: '5' }, { status: 'submitted' });
    await f.recompute('2026-01');
    expect(await f.get('month', '2026-01')).toMatchObject({ value: '10', partnerCount: 1 });
  });

  it('a partner without a value does not take part (not a zero) in an average across partners', async () => {
    const f = await fixture({ valueType: 'amount', periodicity: 'month', across: 'average', overTime: 'average' });
    await f.put(0, '2026-01', { value: '10' });
    await f.put(0, '2026-02', { value: '20' });
    await f.put(1, '2026-02', { value: '40' });
    await f.recompute('2026-01', '2026-02');
    // partner 0: mean(10, 20) = 15; partner 1: 40 → mean of partners 27.5 (never divided by 3)
    expect(await f.get('quarter', '2026-Q1')).toMatchObject({ value: '27.5', partnerCount: 2, valueCount: 3 });
  });

  it('the incremental path equals a full rebuild', async () => {
    const f = await fixture(stock, 4);
    await f.put(0, '2026-03', { value: '1' });
    await f.put(1, '2026-04', { value: '2' });
    await f.recompute('2026-03', '2026-04');
    await f.put(0, '2026-03', { value: '9' });
    await f.recompute('2026-03');
    const incremental = await f.all();
    await fullRebuild(db.pool, f.tenant.collaborationId, f.indicatorId);
    expect(await f.all()).toEqual(incremental);
    expect(incremental.length).toBeGreaterThan(0);
  });
});
