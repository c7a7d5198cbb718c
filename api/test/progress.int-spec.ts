import type { CollaborationDetail } from '@constellation/shared';
import { startTestApp, type TestApp } from './support/app';
import { addMember, createCollaboration, createUser, dataSourceOf, type UserAgent } from './support/fixtures';

/**
 * The progress and wins read routes over rows the worker would write (inserted with SQL here).
 * The collaboration's fiscal year starts in April (FY2025 = Apr 2025 – Mar 2026).
 */
describe('progress and wins', () => {
  let t: TestApp;
  let admin: UserAgent;
  let funder: UserAgent;
  let contributor: UserAgent;
  let outsider: UserAgent;
  let c: CollaborationDetail;
  let other: CollaborationDetail;
  let ind1: string;
  let ind2: string;
  let foreign: string;

  const url = (path: string, coll = c) => `/api/collaborations/${coll.id}${path}`;
  const sql = <T = unknown>(q: string, params: unknown[] = []) => dataSourceOf(t).query(q, params) as Promise<T>;

  async function insertIndicator(collaborationId: string, goalId: string, code: string): Promise<string> {
    const rows = await sql<Array<{ id: string }>>(
      `INSERT INTO indicators (collaboration_id, code, name, definition, unit, value_type, direction, periodicity,
                               aggregation_across, aggregation_over_time, goal_id, baseline_value, baseline_period, measure_type)
       VALUES ($1, $2, $3, 'd', 'people', 'count', 'increase', 'month', 'sum', 'sum', $4, 0, 'FY2024', 'population')
       RETURNING id`,
      [collaborationId, code, `Indicator ${code}`, goalId],
    );
    return rows[0]!.id;
  }

  async function insertProgress(
    collaborationId: string,
    indicatorId: string,
    granularity: string,
    period: string,
    actual: string | null,
    status: string,
  ): Promise<void> {
    await sql(
      `INSERT INTO progress (collaboration_id, indicator_id, granularity, period, actual, baseline, target, long_term_target,
                             percent_to_long_term, ratio, status, computed_at)
       VALUES ($1, $2, $3, $4, $5::numeric, 0, 60, 240,
               CASE WHEN $5::numeric IS NULL THEN NULL ELSE $5::numeric / 2.4 END,
               CASE WHEN $5::numeric IS NULL THEN NULL ELSE $5::numeric / 60 END, $6, '2026-11-01T10:00:00Z')`,
      [collaborationId, indicatorId, granularity, period, actual, status],
    );
  }

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t);
    funder = await createUser(t);
    contributor = await createUser(t);
    outsider = await createUser(t);
    c = await createCollaboration(admin);
    other = await createCollaboration(outsider);
    await addMember(t, c.id, funder.user.id, 'funder');
    await addMember(t, c.id, contributor.user.id, 'partner_contributor');
    ind1 = await insertIndicator(c.id, c.goals[0]!.id, 'READY');
    ind2 = await insertIndicator(c.id, c.goals[0]!.id, 'WELL');
    foreign = await insertIndicator(other.id, other.goals[0]!.id, 'OTHER');

    await insertProgress(c.id, ind1, 'month', '2025-06', '60', 'on_track');
    await insertProgress(c.id, ind1, 'month', '2025-04', '30', 'off_track');
    await insertProgress(c.id, ind1, 'month', '2026-04', null, 'no_data');
    await insertProgress(c.id, ind1, 'quarter', 'FY2025-Q1', '90', 'on_track');
    await insertProgress(c.id, ind1, 'year', 'FY2025', '90', 'off_track');
    await insertProgress(c.id, ind2, 'month', '2025-05', '50', 'at_risk');
    await insertProgress(other.id, foreign, 'month', '2025-06', '999', 'on_track');
    await sql(
      `INSERT INTO indicator_trajectory (collaboration_id, indicator_id, granularity, projected_period, reached, slope_per_month, computed_at)
       VALUES ($1, $2, 'month', '2027-02', false, 10, '2026-11-01T10:00:00Z')`,
      [c.id, ind1],
    );
    await sql(
      `INSERT INTO wins (collaboration_id, indicator_id, kind, milestone_period, milestone_value, met_period, met_value,
                         status, first_met_at, withdrawn_at)
       VALUES ($1, $2, 'milestone', 'FY2024', 100, 'FY2024', 120, 'active', '2025-03-01T00:00:00Z', NULL),
              ($1, $3, 'milestone', 'FY2025', 50, 'FY2025', 55, 'withdrawn', '2026-05-01T00:00:00Z', '2026-06-01T00:00:00Z'),
              ($1, $2, 'long_term', 'FY2026', 240, 'FY2026', 250, 'active', '2026-07-01T00:00:00Z', NULL)`,
      [c.id, ind1, ind2],
    );
    await sql(
      `INSERT INTO wins (collaboration_id, indicator_id, milestone_period, milestone_value, met_period, met_value)
       VALUES ($1, $2, 'FY2025', 1, 'FY2025', 2)`,
      [other.id, foreign],
    );
  }, 60000);

  afterAll(async () => {
    await t?.close();
  });

  it('lists progress rows with computedAt, by indicator and period, with the trajectory; never another collaboration’s', async () => {
    const res = await admin.get(url('/progress'));
    expect(res.status).toBe(200);
    expect(res.body.computedAt).toBe('2026-11-01T10:00:00.000Z');
    expect(res.body.items).toHaveLength(6);
    expect(res.body.items.map((r: { indicatorId: string }) => r.indicatorId)).not.toContain(foreign);
    expect(res.body.items.find((r: { period: string }) => r.period === '2025-06')).toEqual({
      indicatorId: ind1,
      granularity: 'month',
      period: '2025-06',
      actual: '60',
      baseline: '0',
      target: '60',
      longTermTarget: '240',
      percentToLongTerm: 25,
      ratio: 1,
      status: 'on_track',
      computedAt: '2026-11-01T10:00:00.000Z',
    });
    expect(res.body.items.find((r: { period: string }) => r.period === '2026-04')).toMatchObject({ actual: null, status: 'no_data', ratio: null });
    expect(res.body.trajectories).toEqual([
      { indicatorId: ind1, granularity: 'month', projectedPeriod: '2027-02', reached: false, slopePerMonth: 10, computedAt: '2026-11-01T10:00:00.000Z' },
    ]);
  });

  it('filters by indicator, granularity and a period range (by each period’s last month, fiscal keys respected)', async () => {
    const months = await admin.get(url(`/progress?indicatorId=${ind1}&granularity=month&from=2025-05&to=FY2025`));
    expect(months.status).toBe(200);
    expect(months.body.items.map((r: { period: string }) => r.period)).toEqual(['2025-06']);
    const all = await admin.get(url(`/progress?indicatorId=${ind1}&from=FY2025-Q1&to=FY2025`));
    expect(all.body.items.map((r: { period: string }) => r.period)).toEqual(['2025-04', '2025-06', 'FY2025-Q1', 'FY2025']);
    const none = await admin.get(url(`/progress?indicatorId=${foreign}`));
    expect(none.body).toMatchObject({ items: [], trajectories: [], computedAt: null });
  });

  it('answers 400 for a calendar key in a fiscal-year collaboration, a reversed range or an unknown parameter', async () => {
    expect((await admin.get(url('/progress?from=2025'))).status).toBe(400);
    expect((await admin.get(url('/progress?from=2026-01&to=2025-01'))).status).toBe(400);
    expect((await admin.get(url('/progress?granularity=week'))).status).toBe(400);
    expect((await admin.get(url('/progress?partnerId=x'))).status).toBe(400);
  });

  it('lists wins, active and withdrawn, newest first, with the indicator', async () => {
    const res = await admin.get(url('/wins'));
    expect(res.status).toBe(200);
    expect(res.body.items.map((w: { milestonePeriod: string; status: string }) => [w.milestonePeriod, w.status])).toEqual([
      ['FY2026', 'active'],
      ['FY2025', 'withdrawn'],
      ['FY2024', 'active'],
    ]);
    expect(res.body.items[1]).toMatchObject({
      indicator: { id: ind2, code: 'WELL', name: 'Indicator WELL' },
      kind: 'milestone',
      milestoneValue: '50',
      metValue: '55',
      withdrawnAt: '2026-06-01T00:00:00.000Z',
      firstMetAt: '2026-05-01T00:00:00.000Z',
    });
    const one = await admin.get(url(`/wins?indicatorId=${ind2}`));
    expect(one.body.items).toHaveLength(1);
  });

  it('funders and partner contributors read them (aggregates only); non-members get 404', async () => {
    for (const agent of [funder, contributor]) {
      const p = await agent.get(url('/progress'));
      expect(p.status).toBe(200);
      expect(p.body.items).toHaveLength(6);
      expect((await agent.get(url('/wins'))).body.items).toHaveLength(3);
    }
    expect((await outsider.get(url('/progress'))).status).toBe(404);
    expect((await outsider.get(url('/wins'))).status).toBe(404);
    expect((await t.agent().get(url('/wins'))).status).toBe(401);
  });
});
