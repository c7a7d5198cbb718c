import { periodAtIndex } from '@constellation/shared';
import { monthIndexOfDate, todayIn } from '../src/modules/reporting/report-status';
import { addMember, createUser, dataSourceOf, type UserAgent } from './support/fixtures';
import { commit, createIndicator, type MeasurementFixture, measurementFixture } from './support/measurement-fixture';
import { startTestApp, type TestApp } from './support/app';

/**
 * The completeness heatmap (partners × periods, who sees which rows) and the partner home (what is
 * due, overdue, returned; commitments; contribution from the precomputed rollups).
 */
let t: TestApp;

async function value(fx: MeasurementFixture, indicatorId: string, partnerId: string, period: string, status: string, cell = 'total') {
  await dataSourceOf(t).query(
    `INSERT INTO indicator_values (collaboration_id, indicator_id, partner_id, period, cell, value, status, return_reason)
     VALUES ($1, $2, $3, $4, $5, 1, $6, $7)`,
    [fx.collaborationId, indicatorId, partnerId, period, cell, status, status === 'returned' ? 'Please check' : null],
  );
}

async function rollup(fx: MeasurementFixture, indicatorId: string, period: string, scope: string, v: number, partners = 1) {
  await dataSourceOf(t).query(
    `INSERT INTO rollups (collaboration_id, indicator_id, granularity, period, cell, scope, value, partner_count, value_count, computed_at)
     VALUES ($1, $2, 'month', $3, 'total', $4, $5, $6, $6, now())`,
    [fx.collaborationId, indicatorId, period, scope, v, partners],
  );
}

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t?.close();
});

describe('GET /completeness/matrix', () => {
  let fx: MeasurementFixture;
  let funder: UserAgent;
  let quarterly: string;
  let monthly: string;
  let url: string;

  beforeAll(async () => {
    fx = await measurementFixture(t);
    funder = await createUser(t, { name: 'Fran Funder' });
    await addMember(t, fx.collaborationId, funder.user.id, 'funder');
    quarterly = await createIndicator(t, fx, { periodicity: 'quarter' });
    monthly = await createIndicator(t, fx, { periodicity: 'month' });
    await commit(t, fx, fx.partnerId, quarterly, '2020-Q1', '2020-Q4');
    await commit(t, fx, fx.otherPartnerId, quarterly, '2020-Q1', '2020-Q4');
    await commit(t, fx, fx.partnerId, monthly, '2020-01');
    // The partner: approved, submitted, returned, nothing.
    await value(fx, quarterly, fx.partnerId, '2020-Q1', 'approved');
    await value(fx, quarterly, fx.partnerId, '2020-Q2', 'submitted');
    await value(fx, quarterly, fx.partnerId, '2020-Q3', 'returned');
    // The other partner: a draft only (missing), approved with an approved breakdown, approved, submitted.
    await value(fx, quarterly, fx.otherPartnerId, '2020-Q1', 'draft');
    await value(fx, quarterly, fx.otherPartnerId, '2020-Q2', 'approved');
    await value(fx, quarterly, fx.otherPartnerId, '2020-Q2', 'approved', 'age=young');
    await value(fx, quarterly, fx.otherPartnerId, '2020-Q3', 'approved');
    await value(fx, quarterly, fx.otherPartnerId, '2020-Q4', 'submitted');
    url = `${fx.base}/completeness/matrix?indicatorId=${quarterly}&granularity=quarter&from=2020-Q1&to=2020-Q4`;
  });

  const counts = (o: Partial<Record<string, number>>) => ({
    expected: 1,
    approved: 0,
    submitted: 0,
    returned: 0,
    missing: 0,
    notDue: 0,
    draft: 0,
    ...o,
  });

  it('the backbone sees every committed partner, each cell with its state and counts, and the totals', async () => {
    const res = await fx.staff.get(url);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(
      expect.objectContaining({
        indicatorId: quarterly,
        granularity: 'quarter',
        from: '2020-Q1',
        to: '2020-Q4',
        audience: 'backbone',
        partnersNotListed: 0,
        periods: [
          { period: '2020-Q1', label: 'Q1 2020' },
          { period: '2020-Q2', label: 'Q2 2020' },
          { period: '2020-Q3', label: 'Q3 2020' },
          { period: '2020-Q4', label: 'Q4 2020' },
        ],
      }),
    );
    const rows = res.body.partners as Array<{ partnerId: string; cells: unknown[] }>;
    expect(rows.map((r) => r.partnerId).sort()).toEqual([fx.partnerId, fx.otherPartnerId].sort());
    expect(rows.find((r) => r.partnerId === fx.partnerId)!.cells).toEqual([
      { period: '2020-Q1', state: 'approved', ...counts({ approved: 1 }) },
      { period: '2020-Q2', state: 'submitted', ...counts({ submitted: 1 }) },
      { period: '2020-Q3', state: 'returned', ...counts({ returned: 1 }) },
      { period: '2020-Q4', state: 'missing', ...counts({ missing: 1 }) },
    ]);
    expect(rows.find((r) => r.partnerId === fx.otherPartnerId)!.cells).toEqual([
      { period: '2020-Q1', state: 'missing', ...counts({ missing: 1, draft: 1 }) },
      { period: '2020-Q2', state: 'approved', ...counts({ approved: 1 }) },
      { period: '2020-Q3', state: 'approved', ...counts({ approved: 1 }) },
      { period: '2020-Q4', state: 'submitted', ...counts({ submitted: 1 }) },
    ]);
    expect(res.body.totals).toEqual([
      { period: '2020-Q1', state: 'missing', ...counts({ expected: 2, approved: 1, missing: 1, draft: 1 }), partnersExpected: 2, partnersComplete: 1 },
      { period: '2020-Q2', state: 'submitted', ...counts({ expected: 2, approved: 1, submitted: 1 }), partnersExpected: 2, partnersComplete: 2 },
      { period: '2020-Q3', state: 'returned', ...counts({ expected: 2, approved: 1, returned: 1 }), partnersExpected: 2, partnersComplete: 1 },
      { period: '2020-Q4', state: 'missing', ...counts({ expected: 2, submitted: 1, missing: 1 }), partnersExpected: 2, partnersComplete: 1 },
    ]);
  });

  it('a coarser granularity adds up the reports in each column; all committed indicators together', async () => {
    const year = await fx.admin.get(`${fx.base}/completeness/matrix?indicatorId=${quarterly}&granularity=year&from=2020&to=2020`);
    expect(year.status).toBe(200);
    const mine = (year.body.partners as Array<{ partnerId: string; cells: unknown[] }>).find((r) => r.partnerId === fx.partnerId)!;
    expect(mine.cells).toEqual([{ period: '2020', state: 'missing', ...counts({ expected: 4, approved: 1, submitted: 1, returned: 1, missing: 1 }) }]);

    // Both indicators: 4 quarters + 12 months expected of the partner in 2020, none of the months reported.
    const all = await fx.admin.get(`${fx.base}/completeness/matrix?granularity=year&from=2020&to=2020`);
    expect(all.status).toBe(200);
    expect(all.body.indicatorId).toBeNull();
    const both = (all.body.partners as Array<{ partnerId: string; cells: unknown[] }>).find((r) => r.partnerId === fx.partnerId)!;
    expect(both.cells).toEqual([{ period: '2020', state: 'missing', ...counts({ expected: 16, approved: 1, submitted: 1, returned: 1, missing: 13 }) }]);

    // Periods that have not ended yet are not due; a partner whose commitment ended expects nothing.
    const future = await fx.admin.get(`${fx.base}/completeness/matrix?granularity=year&from=2099&to=2099`);
    const rows = future.body.partners as Array<{ partnerId: string; cells: Array<{ state: string; notDue: number }> }>;
    expect(rows.find((r) => r.partnerId === fx.partnerId)!.cells).toEqual([expect.objectContaining({ state: 'not_due', expected: 12, notDue: 12 })]);
    expect(rows.find((r) => r.partnerId === fx.otherPartnerId)!.cells).toEqual([expect.objectContaining({ state: 'not_expected', expected: 0 })]);
  });

  it('a partner sees only its own row (the others are counted, not listed); the totals stay whole', async () => {
    const res = await fx.partner.get(url);
    expect(res.status).toBe(200);
    expect(res.body.audience).toBe('partner');
    expect((res.body.partners as Array<{ partnerId: string }>).map((r) => r.partnerId)).toEqual([fx.partnerId]);
    expect(res.body.partnersNotListed).toBe(1);
    expect(res.body.totals[0]).toEqual(expect.objectContaining({ expected: 2, approved: 1, missing: 1 }));
    expect(JSON.stringify(res.body)).not.toContain(fx.otherPartnerId);
  });

  it('a funder gets the aggregate counts only: no partner rows, no partner names or ids', async () => {
    const res = await funder.get(url);
    expect(res.status).toBe(200);
    expect(res.body.audience).toBe('funder');
    expect(res.body.partners).toEqual([]);
    expect(res.body.partnersNotListed).toBe(2);
    expect(res.body.totals.map((c: { state: string }) => c.state)).toEqual(['missing', 'submitted', 'returned', 'missing']);
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(fx.partnerId);
    expect(text).not.toContain(fx.otherPartnerId);
  });

  it('defaults to the indicator periodicity and the periods up to today', async () => {
    const res = await fx.staff.get(`${fx.base}/completeness/matrix?indicatorId=${monthly}`);
    expect(res.status).toBe(200);
    expect(res.body.granularity).toBe('month');
    expect(res.body.periods).toHaveLength(12);
    const today = todayIn('Europe/London');
    expect(res.body.to).toBe(today.slice(0, 7));
    expect(res.body.today).toBe(today);
  });

  it('rejects bad input naming the field: granularity finer than the indicator, bad periods, too wide; unknown indicator 404', async () => {
    const fine = await fx.staff.get(`${fx.base}/completeness/matrix?indicatorId=${quarterly}&granularity=month`);
    expect(fine.status).toBe(400);
    expect(fine.body.details).toEqual([expect.objectContaining({ path: 'query.granularity' })]);
    const bad = await fx.staff.get(`${fx.base}/completeness/matrix?from=2020-Q9`);
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ path: expect.stringContaining('from') })]);
    const wide = await fx.staff.get(`${fx.base}/completeness/matrix?granularity=month&from=2020-01&to=2026-12`);
    expect(wide.status).toBe(400);
    expect(wide.body.details).toEqual([expect.objectContaining({ path: 'query.to' })]);
    const backwards = await fx.staff.get(`${fx.base}/completeness/matrix?from=2021-Q1&to=2020-Q1`);
    expect(backwards.status).toBe(400);
    expect((await fx.staff.get(`${fx.base}/completeness/matrix?indicatorId=00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await fx.staff.get(`${fx.base}/completeness/matrix?colour=red`)).status).toBe(400);
  });
});

describe('GET /partners/:partnerId/home', () => {
  let fx: MeasurementFixture;
  let funder: UserAgent;
  let monthly: string;
  const month = (offset: number) => periodAtIndex(monthIndexOfDate(todayIn('Europe/London')) + offset, 'month', 1).key;

  beforeAll(async () => {
    fx = await measurementFixture(t);
    funder = await createUser(t, { name: 'Fran Funder' });
    await addMember(t, fx.collaborationId, funder.user.id, 'funder');
    monthly = await createIndicator(t, fx, { periodicity: 'month', code: 'HOME-M' });
    // Committed from five months back: approved, submitted, returned, nothing (overdue), nothing (due this month); this month upcoming.
    await commit(t, fx, fx.partnerId, monthly, month(-5));
    await commit(t, fx, fx.otherPartnerId, monthly, month(-5));
    await value(fx, monthly, fx.partnerId, month(-5), 'approved');
    await value(fx, monthly, fx.partnerId, month(-4), 'submitted');
    await value(fx, monthly, fx.partnerId, month(-3), 'returned');
    // month(-2): nothing; month(-1): a draft (due by the end of this month)
    await value(fx, monthly, fx.partnerId, month(-1), 'draft');
    // Results: the latest month with results is month(-4); my share there is 12 of 30.
    await rollup(fx, monthly, month(-5), 'all', 20, 2);
    await rollup(fx, monthly, month(-4), 'all', 30, 2);
    await rollup(fx, monthly, month(-4), fx.partnerId, 12);
    await rollup(fx, monthly, month(-4), fx.otherPartnerId, 18);
  });

  it('lists what is due, overdue and returned (most urgent first), each commitment’s reports and the contribution', async () => {
    const res = await fx.partner.get(`${fx.base}/partners/${fx.partnerId}/home`);
    expect(res.status).toBe(200);
    const body = res.body;
    expect(body.partner).toEqual({ id: fx.partnerId, organisationName: expect.any(String) });
    expect(body.summary).toEqual({ overdue: 1, due: 1, returned: 1, awaitingReview: 1, approved: 1, upcoming: 1 });
    expect(body.todo.map((r: { period: string; state: string; draft: boolean }) => [r.period, r.state, r.draft])).toEqual([
      [month(-3), 'returned', false],
      [month(-2), 'missing', false],
      [month(-1), 'due', true],
    ]);
    expect(body.todo[2].dueDate.slice(0, 7)).toBe(month(0));
    expect(body.upcoming).toEqual([expect.objectContaining({ indicatorId: monthly, period: month(0), state: 'upcoming' })]);
    expect(body.commitments).toHaveLength(1);
    expect(body.commitments[0].reports.map((r: { state: string }) => r.state)).toEqual(['approved', 'submitted', 'returned', 'missing', 'due', 'upcoming']);
    expect(body.contributions).toEqual([
      expect.objectContaining({
        indicator: expect.objectContaining({ id: monthly, code: 'HOME-M' }),
        period: month(-4),
        mine: { value: '12', numerator: null, denominator: null },
        all: { value: '30', numerator: null, denominator: null, partnerCount: 2 },
        share: 0.4,
      }),
    ]);
    expect(JSON.stringify(body)).not.toContain(fx.otherPartnerId);
  });

  it('the partner admin and the backbone may open it; another partner gets 404, a funder 403', async () => {
    expect((await fx.partnerAdmin.get(`${fx.base}/partners/${fx.partnerId}/home`)).status).toBe(200);
    const backbone = await fx.staff.get(`${fx.base}/partners/${fx.otherPartnerId}/home`);
    expect(backbone.status).toBe(200);
    expect(backbone.body.summary).toEqual(expect.objectContaining({ overdue: 4, due: 1 }));
    expect(backbone.body.contributions[0]).toEqual(expect.objectContaining({ mine: expect.objectContaining({ value: '18' }), share: 0.6 }));
    expect((await fx.other.get(`${fx.base}/partners/${fx.partnerId}/home`)).status).toBe(404);
    expect((await funder.get(`${fx.base}/partners/${fx.partnerId}/home`)).status).toBe(403);
    expect((await fx.staff.get(`${fx.base}/partners/00000000-0000-4000-8000-000000000000/home`)).status).toBe(404);
    expect((await fx.staff.get(`${fx.base}/partners/not-an-id/home`)).status).toBe(400);
  });
});
