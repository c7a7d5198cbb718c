import { addMember, createUser, dataSourceOf, type UserAgent } from './support/fixtures';
import { commit, createIndicator, type MeasurementFixture, measurementFixture } from './support/measurement-fixture';
import { startTestApp, type TestApp } from './support/app';

/**
 * Dashboard reads: rollups (aggregate and per-partner rows with contribution-not-attribution
 * access), pendingChanges, completeness and "show the math". Rollup rows are written as the
 * worker writes them (the worker has its own tests for computing them).
 */
let t: TestApp;
let fx: MeasurementFixture;
let funder: UserAgent;
let indicatorId: string;

async function value(partnerId: string, period: string, v: number, status = 'submitted', cell = 'total') {
  await dataSourceOf(t).query(
    `INSERT INTO indicator_values (collaboration_id, indicator_id, partner_id, period, cell, value, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [fx.collaborationId, indicatorId, partnerId, period, cell, v, status],
  );
}

async function rollup(granularity: string, period: string, scope: string, v: number, partners = 1, computedAt = '2026-04-02T10:00:00Z') {
  await dataSourceOf(t).query(
    `INSERT INTO rollups (collaboration_id, indicator_id, granularity, period, cell, scope, value, partner_count, value_count, computed_at)
     VALUES ($1, $2, $3, $4, 'total', $5, $6, $7, $7, $8)`,
    [fx.collaborationId, indicatorId, granularity, period, scope, v, partners, computedAt],
  );
}

beforeAll(async () => {
  t = await startTestApp();
  fx = await measurementFixture(t);
  funder = await createUser(t, { name: 'Fran Funder' });
  await addMember(t, fx.collaborationId, funder.user.id, 'funder');
  indicatorId = await createIndicator(t, fx, { valueType: 'count', periodicity: 'quarter' });
  await commit(t, fx, fx.partnerId, indicatorId, '2026');
  await commit(t, fx, fx.otherPartnerId, indicatorId, '2026');
  await value(fx.partnerId, '2026-Q1', 10);
  await value(fx.otherPartnerId, '2026-Q1', 5);
  await value(fx.partnerId, '2026-Q2', 7);
  await value(fx.otherPartnerId, '2026-Q2', 99, 'draft'); // does not count
  await rollup('quarter', '2026-Q1', 'all', 15, 2, '2026-04-02T10:00:00Z');
  await rollup('quarter', '2026-Q1', fx.partnerId, 10, 1, '2026-04-02T10:00:00Z');
  await rollup('quarter', '2026-Q1', fx.otherPartnerId, 5, 1, '2026-04-02T10:00:00Z');
  await rollup('quarter', '2026-Q2', 'all', 7, 1, '2026-07-03T08:00:00Z');
  await rollup('year', '2026', 'all', 22, 2, '2026-07-03T08:00:00Z');
});

afterAll(async () => {
  await t?.close();
});

describe('GET /rollups', () => {
  it('answers the aggregate rows with the latest computedAt and no pending changes', async () => {
    const res = await funder.get(`${fx.base}/rollups?indicatorId=${indicatorId}&granularity=quarter&from=2026-Q1&to=2026-Q4`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      scope: 'all',
      computedAt: '2026-07-03T08:00:00.000Z',
      pendingChanges: 0,
      valuesPending: false,
      items: [
        expect.objectContaining({ period: '2026-Q1', scope: 'all', value: '15', partnerCount: 2, cell: 'total' }),
        expect.objectContaining({ period: '2026-Q2', scope: 'all', value: '7', partnerCount: 1 }),
      ],
    });
  });

  it('filters by period range across granularities', async () => {
    const res = await fx.staff.get(`${fx.base}/rollups?indicatorId=${indicatorId}&from=2026&to=2026`);
    expect(res.status).toBe(200);
    expect((res.body as { items: Array<{ period: string }> }).items.map((i) => i.period)).toEqual(['2026-Q1', '2026-Q2', '2026']);
  });

  it('counts unprocessed outbox rows of the indicators asked as pendingChanges', async () => {
    const ds = dataSourceOf(t);
    await ds.query(`INSERT INTO outbox (collaboration_id, kind, indicator_id, period) VALUES ($1, 'values_changed', $2, '2026-Q3')`, [
      fx.collaborationId,
      indicatorId,
    ]);
    const res = await fx.partner.get(`${fx.base}/rollups?indicatorId=${indicatorId}`);
    expect(res.body).toEqual(expect.objectContaining({ pendingChanges: 1, valuesPending: true }));
    const other = await createIndicator(t, fx, {});
    const unrelated = await fx.partner.get(`${fx.base}/rollups?indicatorId=${other}`);
    expect(unrelated.body).toEqual(expect.objectContaining({ pendingChanges: 0, items: [] }));
    await ds.query(`UPDATE outbox SET processed_at = now() WHERE collaboration_id = $1`, [fx.collaborationId]);
  });

  it('per-partner rows: every partner for the backbone, its own for a partner, 403 with a sentence for a funder', async () => {
    const url = `${fx.base}/rollups?indicatorId=${indicatorId}&scope=partners`;
    const backbone = await fx.staff.get(url);
    expect(backbone.status).toBe(200);
    expect((backbone.body as { items: Array<{ scope: string }> }).items.map((i) => i.scope).sort()).toEqual(
      [fx.partnerId, fx.otherPartnerId].sort(),
    );
    const partner = await fx.partner.get(url);
    expect(partner.status).toBe(200);
    expect(partner.body.items).toEqual([expect.objectContaining({ scope: fx.partnerId, value: '10', organisationName: expect.any(String) })]);
    const denied = await funder.get(url);
    expect(denied.status).toBe(403);
    expect(denied.body.message).toMatch(/Funders see results across all partners only/);
  });

  it('validates the query: unknown indicator 404, bad period 400 naming the field, unknown fields 400', async () => {
    expect((await fx.staff.get(`${fx.base}/rollups?indicatorId=00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    const bad = await fx.staff.get(`${fx.base}/rollups?from=2026-Q9`);
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: expect.stringContaining('from') })]));
    expect((await fx.staff.get(`${fx.base}/rollups?colour=red`)).status).toBe(400);
    const backwards = await fx.staff.get(`${fx.base}/rollups?from=2026-Q3&to=2026-Q1`);
    expect(backwards.status).toBe(400);
  });

  it('refuses, naming what narrows it, a query matching more rows than one read answers (never a silent cut)', async () => {
    const big = await createIndicator(t, fx, { valueType: 'count', periodicity: 'month' });
    // 20,001 rows: 10 years of months × 166 cells (one of them the total), and 81 cells of one year.
    await dataSourceOf(t).query(
      `INSERT INTO rollups (collaboration_id, indicator_id, granularity, period, cell, scope, value, partner_count, value_count)
       SELECT $1::uuid, $2::uuid, 'month', to_char(make_date(2016 + m / 12, m % 12 + 1, 1), 'YYYY-MM'), CASE WHEN c = 0 THEN 'total' ELSE 'k=c' || c END, 'all', 1, 1, 1
         FROM generate_series(0, 119) m, generate_series(0, 165) c
        UNION ALL SELECT $1::uuid, $2::uuid, 'year', '2016', 'k=y' || n, 'all', 1, 1, 1 FROM generate_series(1, 81) n`,
      [fx.collaborationId, big],
    );
    const res = await fx.staff.get(`${fx.base}/rollups?indicatorId=${big}`);
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([{ path: 'query', message: expect.stringContaining('more than 20,000 rollup rows; narrow it') }]);
    const totals = await fx.staff.get(`${fx.base}/rollups?indicatorId=${big}&cell=total`);
    expect(totals.status).toBe(200);
    expect(totals.body.items).toHaveLength(120);
    const months = await fx.staff.get(`${fx.base}/rollups?indicatorId=${big}&granularity=month`);
    expect(months.status).toBe(200);
    expect(months.body.items).toHaveLength(19_920);
  });

  it('refuses on the very next request a member whose membership ends, whose partner leaves, or whose session ends (nothing cached)', async () => {
    const ds = dataSourceOf(t);
    const url = `${fx.base}/rollups?indicatorId=${indicatorId}`;
    // A member removed from the collaboration: 404 at once.
    const reader = await createUser(t, { name: 'Rita Reader' });
    await addMember(t, fx.collaborationId, reader.user.id, 'funder');
    expect((await reader.get(url)).status).toBe(200);
    await ds.query(`DELETE FROM memberships WHERE collaboration_id = $1 AND user_id = $2`, [fx.collaborationId, reader.user.id]);
    expect((await reader.get(url)).status).toBe(404);
    // A partner organisation that is no longer active: its people are refused at once.
    const leaver = await createUser(t, { name: 'Lee Leaver' });
    const { partnerId } = await addMember(t, fx.collaborationId, leaver.user.id, 'partner_contributor');
    expect((await leaver.get(url)).status).toBe(200);
    await ds.query(`UPDATE partners SET status = 'left' WHERE collaboration_id = $1 AND id = $2`, [fx.collaborationId, partnerId]);
    expect((await leaver.get(url)).status).toBe(404);
    // A session destroyed (sign-out elsewhere) or expired: 401 at once.
    const signedOut = await createUser(t, { name: 'Sid Signed-Out' });
    await addMember(t, fx.collaborationId, signedOut.user.id, 'funder');
    expect((await signedOut.get(url)).status).toBe(200);
    await ds.query(`DELETE FROM sessions WHERE user_id = $1`, [signedOut.user.id]);
    expect((await signedOut.get(url)).status).toBe(401);
    const expired = await createUser(t, { name: 'Ed Expired' });
    await addMember(t, fx.collaborationId, expired.user.id, 'funder');
    expect((await expired.get(url)).status).toBe(200);
    await ds.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [expired.user.id]);
    expect((await expired.get(url)).status).toBe(401);
    expect(await ds.query(`SELECT 1 FROM sessions WHERE user_id = $1`, [expired.user.id])).toEqual([]);
  });
});

describe('GET /rollups/completeness', () => {
  it('per period: partners expected by commitments vs partners with counting values', async () => {
    const res = await funder.get(`${fx.base}/rollups/completeness?indicatorId=${indicatorId}&from=2026-Q1&to=2026-Q3`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      indicatorId,
      granularity: 'quarter',
      from: '2026-Q1',
      to: '2026-Q3',
      items: [
        { period: '2026-Q1', partnersExpected: 2, partnersReported: 2, reportsExpected: 2, reportsReceived: 2 },
        { period: '2026-Q2', partnersExpected: 2, partnersReported: 1, reportsExpected: 2, reportsReceived: 1 },
        { period: '2026-Q3', partnersExpected: 2, partnersReported: 0, reportsExpected: 2, reportsReceived: 0 },
      ],
    });
    const year = await funder.get(`${fx.base}/rollups/completeness?indicatorId=${indicatorId}&granularity=year&from=2026&to=2026`);
    expect(year.body.items).toEqual([{ period: '2026', partnersExpected: 2, partnersReported: 2, reportsExpected: 8, reportsReceived: 3 }]);
    const finer = await funder.get(`${fx.base}/rollups/completeness?indicatorId=${indicatorId}&granularity=month`);
    expect(finer.status).toBe(400);
  });
});

describe('GET /rollups/explain', () => {
  const url = () => `${fx.base}/rollups/explain?indicatorId=${indicatorId}&granularity=year&period=2026`;

  it('shows the backbone every counting value with its partner and the rules applied', async () => {
    const res = await fx.staff.get(url());
    expect(res.status).toBe(200);
    expect(res.body.rollup).toEqual(expect.objectContaining({ value: '22', partnerCount: 2 }));
    expect(res.body.rules).toEqual(
      expect.objectContaining({
        aggregationAcrossPartners: 'sum',
        aggregationOverTime: 'sum',
        countingStatuses: ['submitted', 'approved'],
        nativePeriods: ['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4'],
      }),
    );
    const values = (res.body.values as Array<{ partnerId: string; period: string; value: string; status: string }>).map((v) => [
      v.partnerId,
      v.period,
      v.value,
      v.status,
    ]);
    expect(values.sort()).toEqual(
      [
        [fx.partnerId, '2026-Q1', '10', 'submitted'],
        [fx.partnerId, '2026-Q2', '7', 'submitted'],
        [fx.otherPartnerId, '2026-Q1', '5', 'submitted'],
      ].sort(),
    );
    expect(res.body.partners).toHaveLength(2);
    expect(res.body.otherPartners).toBe(0);
  });

  it('shows a partner only its own values and counts the others', async () => {
    const res = await fx.partner.get(url());
    expect(res.status).toBe(200);
    expect((res.body.values as Array<{ partnerId: string }>).every((v) => v.partnerId === fx.partnerId)).toBe(true);
    expect(res.body.values).toHaveLength(2);
    expect(res.body.otherPartners).toBe(1);
  });

  it('refuses funders with a sentence, and checks the period against the granularity', async () => {
    const res = await funder.get(url());
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/values behind a result are shown to the backbone/);
    const mismatch = await fx.staff.get(`${fx.base}/rollups/explain?indicatorId=${indicatorId}&granularity=year&period=2026-Q1`);
    expect(mismatch.status).toBe(400);
  });
});
