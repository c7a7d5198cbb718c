import { dueDateOf, periodAtIndex, toMonthIndex } from '@constellation/shared';
import { todayIn } from '../src/modules/reporting/report-status';
import { startTestApp, type TestApp } from './support/app';
import { addMember, createUser, dataSourceOf, type UserAgent } from './support/fixtures';
import {
  commit,
  createIndicator,
  measurementFixture,
  type MeasurementFixture,
} from './support/measurement-fixture';

/**
 * GET …/attention (off-track indicators, overdue reports, values awaiting review, by role) and the
 * contributors of wins (GET …/wins), over rows written with SQL as the worker and the values api would.
 */
describe('what needs attention', () => {
  let t: TestApp;
  let fx: MeasurementFixture;
  let funder: UserAgent;
  let outsider: UserAgent;
  let offTrack: string;
  let onTrack: string;
  let lastQuarter: string;
  let quarters: string[];
  let partnerName: string;
  let otherName: string;
  let timeZone: string;
  /** Overdue = past the (default) reporting calendar's due date, in the collaboration's time zone. */
  const pastDue = (q: string) => todayIn(timeZone) > dueDateOf(q, 1);

  const sql = <T = unknown>(q: string, params: unknown[] = []) =>
    dataSourceOf(t).query(q, params) as Promise<T>;

  async function value(partnerId: string, indicatorId: string, period: string, status: string) {
    await sql(
      `INSERT INTO indicator_values (collaboration_id, indicator_id, partner_id, period, value, status) VALUES ($1, $2, $3, $4, 5, $5)`,
      [fx.collaborationId, indicatorId, partnerId, period, status],
    );
  }

  async function progress(
    indicatorId: string,
    period: string,
    actual: string | null,
    status: string,
    granularity = 'quarter',
  ) {
    await sql(
      `INSERT INTO progress (collaboration_id, indicator_id, granularity, period, actual, baseline, target, long_term_target, status)
       VALUES ($1, $2, $6, $3, $4::numeric, 0, 100, 400, $5)`,
      [fx.collaborationId, indicatorId, period, actual, status, granularity],
    );
  }

  beforeAll(async () => {
    t = await startTestApp();
    fx = await measurementFixture(t);
    funder = await createUser(t);
    await addMember(t, fx.collaborationId, funder.user.id, 'funder');
    outsider = await createUser(t);
    offTrack = await createIndicator(t, fx, { code: 'LATE', periodicity: 'quarter' });
    onTrack = await createIndicator(t, fx, { code: 'FINE', periodicity: 'quarter' });
    await commit(t, fx, fx.partnerId, offTrack);
    await commit(t, fx, fx.otherPartnerId, offTrack);

    const now = new Date();
    const current = toMonthIndex(now.getUTCFullYear(), now.getUTCMonth() + 1);
    // The quarters that ended in the twelve months before the current one: exactly four.
    const q = new Set<string>();
    for (let m = current - 12; m <= current - 1; m++) {
      const p = periodAtIndex(m, 'quarter', 1);
      if (p.endIndex <= current - 1) q.add(p.key);
    }
    quarters = [...q];
    lastQuarter = quarters[quarters.length - 1]!;

    await value(fx.partnerId, offTrack, lastQuarter, 'submitted');
    await value(fx.otherPartnerId, offTrack, lastQuarter, 'draft');
    await value(fx.otherPartnerId, offTrack, quarters[0]!, 'approved');
    await progress(offTrack, quarters[0]!, '90', 'on_track');
    await progress(offTrack, lastQuarter, '10', 'off_track');
    await progress(offTrack, '2099-Q4', null, 'no_data');
    await progress(onTrack, lastQuarter, '100', 'on_track');
    // A flow with a yearly long-term target is judged by its latest ended year, not by one quarter's flow
    // against a year's target, nor by the year still running.
    const flow = await createIndicator(t, fx, { code: 'FLOW', periodicity: 'quarter' });
    await sql(
      `INSERT INTO indicator_targets (collaboration_id, indicator_id, period, value, kind) VALUES ($1, $2, '2099', 400, 'long_term')`,
      [fx.collaborationId, flow],
    );
    const lastYear = String(now.getUTCFullYear() - 1);
    await progress(flow, lastQuarter, '10', 'off_track');
    await progress(flow, lastYear, '100', 'on_track', 'year');
    await progress(flow, String(now.getUTCFullYear()), '5', 'off_track', 'year');

    const names: Array<{ id: string; name: string }> = await sql(
      `SELECT p.id, o.name FROM partners p JOIN organisations o ON o.id = p.organisation_id WHERE p.collaboration_id = $1`,
      [fx.collaborationId],
    );
    timeZone = (await sql<{ tz: string }[]>(`SELECT time_zone AS tz FROM agenda_versions WHERE collaboration_id = $1 ORDER BY version DESC LIMIT 1`, [fx.collaborationId]))[0]!.tz;
    partnerName = names.find((n) => n.id === fx.partnerId)!.name;
    otherName = names.find((n) => n.id === fx.otherPartnerId)!.name;
    for (const [scope, v] of [
      ['all', 15],
      [fx.partnerId, 5],
      [fx.otherPartnerId, 10],
    ] as const) {
      await sql(
        `INSERT INTO rollups (collaboration_id, indicator_id, granularity, period, cell, scope, value, partner_count, value_count)
         VALUES ($1, $2, 'quarter', $3, 'total', $4, $5, $6, 1)`,
        [fx.collaborationId, offTrack, quarters[0], scope, v, scope === 'all' ? 2 : 1],
      );
    }
    await sql(
      `INSERT INTO wins (collaboration_id, indicator_id, kind, milestone_period, milestone_value, met_period, met_value)
       VALUES ($1, $2, 'milestone', $3, 12, $3, 15)`,
      [fx.collaborationId, offTrack, quarters[0]],
    );
  }, 60000);

  afterAll(async () => {
    await t?.close();
  });

  const url = `/attention`;

  it('the backbone sees the latest off-track indicators, every partner’s overdue report and the review queue count', async () => {
    for (const agent of [fx.admin, fx.staff]) {
      const res = await agent.get(`${fx.base}${url}`);
      expect(res.status).toBe(200);
      expect(res.body.audience).toBe('backbone');
      expect(res.body.indicators).toEqual([
        expect.objectContaining({
          indicatorId: offTrack,
          code: 'LATE',
          period: lastQuarter,
          actual: '10',
          target: '100',
          status: 'off_track',
        }),
      ]);
      const overdue = res.body.overdueReports
        .map((r: { partnerId: string; period: string }) => `${r.partnerId}|${r.period}`)
        .sort();
      const expected = [
        ...quarters.filter((q) => q !== lastQuarter && pastDue(q)).map((q) => `${fx.partnerId}|${q}`),
        // A draft is not a report; an approved value is.
        ...quarters.filter((q) => q !== quarters[0] && pastDue(q)).map((q) => `${fx.otherPartnerId}|${q}`),
      ].sort();
      expect(overdue).toEqual(expected);
      expect(res.body.overdueReports[0]).toMatchObject({
        indicatorId: offTrack,
        code: 'LATE',
        name: 'Indicator LATE',
      });
      expect(res.body.awaitingReview).toEqual({ values: 1, partners: 1 });
    }
  });

  it('a partner sees only its own overdue reports and its own values waiting for review', async () => {
    const mine = await fx.partner.get(`${fx.base}${url}`);
    expect(mine.status).toBe(200);
    expect(mine.body.audience).toBe('partner');
    expect(mine.body.indicators).toHaveLength(1);
    expect(new Set(mine.body.overdueReports.map((r: { partnerId: string }) => r.partnerId))).toEqual(
      new Set([fx.partnerId]),
    );
    expect(mine.body.overdueReports).toHaveLength(quarters.filter((q) => q !== lastQuarter && pastDue(q)).length);
    expect(mine.body.awaitingReview).toEqual({ values: 1, partners: 1 });
    const other = await fx.other.get(`${fx.base}${url}`);
    expect(other.body.overdueReports).toHaveLength(quarters.filter((q) => q !== quarters[0] && pastDue(q)).length);
    expect(
      other.body.overdueReports.every((r: { organisationName: string }) => r.organisationName === otherName),
    ).toBe(true);
    expect(other.body.awaitingReview).toEqual({ values: 0, partners: 0 });
  });

  it('a funder sees only the off-track indicators, nothing partner-level; non-members get 404 and anonymous 401', async () => {
    const res = await funder.get(`${fx.base}${url}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ audience: 'funder', overdueReports: null, awaitingReview: null });
    expect(res.body.indicators.map((i: { code: string }) => i.code)).toEqual(['LATE']);
    expect(JSON.stringify(res.body)).not.toContain(partnerName);
    expect((await outsider.get(`${fx.base}${url}`)).status).toBe(404);
    expect((await t.agent().get(`${fx.base}${url}`)).status).toBe(401);
  });

  it('wins name the contributing partners to the backbone, a partner only itself, a funder none (with the count)', async () => {
    const admin = await fx.admin.get(`${fx.base}/wins`);
    expect(admin.body.items[0].contributors.count).toBe(2);
    expect([...admin.body.items[0].contributors.names].sort()).toEqual([partnerName, otherName].sort());
    const partner = await fx.partner.get(`${fx.base}/wins`);
    expect(partner.body.items[0].contributors).toEqual({ count: 2, names: [partnerName] });
    const f = await funder.get(`${fx.base}/wins`);
    expect(f.body.items[0].contributors).toEqual({ count: 2, names: [] });
  });
});
