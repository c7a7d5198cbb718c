import type { CollaborationDetail } from '@constellation/shared';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { startTestApp, type TestApp } from './support/app';
import {
  addMember,
  addPartner,
  createCollaboration,
  createUser,
  dataSourceOf,
  type UserAgent,
} from './support/fixtures';

/**
 * Public sharing: the backbone publishes a read-only dashboard of chosen indicators at an
 * unguessable link; anyone reads it without signing in (all-partner aggregates only, nothing
 * partner-level or personal); revoking it makes the link answer 410. The web page behind the
 * link may be framed by any site; every other page keeps its strict headers.
 */
describe('shared dashboards', () => {
  let t: TestApp;
  let admin: UserAgent;
  let staff: UserAgent;
  let partnerAdmin: UserAgent;
  let funder: UserAgent;
  let outsider: UserAgent;
  let c: CollaborationDetail;
  let other: CollaborationDetail;
  let ready: string;
  let well: string;
  let hidden: string;
  let retired: string;
  let foreign: string;
  let partnerId: string;
  const SECRET_ORG = 'Hillside Secret Learning Trust';

  const url = (path = '', coll = c) => `/api/collaborations/${coll.id}/shared-dashboards${path}`;
  const sql = <T = unknown>(q: string, params: unknown[] = []) =>
    dataSourceOf(t).query(q, params) as Promise<T>;
  const anonymous = () => request(t.app.getHttpServer());

  async function insertIndicator(
    collaborationId: string,
    goalId: string,
    code: string,
    status = 'active',
    overTime = 'last',
  ): Promise<string> {
    const rows = await sql<Array<{ id: string }>>(
      `INSERT INTO indicators (collaboration_id, code, name, definition, unit, value_type, direction, periodicity,
                               aggregation_across, aggregation_over_time, goal_id, baseline_value, baseline_period, measure_type, status,
                               retired_at)
       VALUES ($1, $2, $3, 'Children assessed as ready', 'children', 'count', 'increase', 'month', 'sum', $6, $4, 10, 'FY2024',
               'population', $5, CASE WHEN $5 = 'retired' THEN now() END)
       RETURNING id`,
      [collaborationId, code, `Indicator ${code}`, goalId, status, overTime],
    );
    const id = rows[0]!.id;
    await sql(
      `INSERT INTO indicator_targets (collaboration_id, indicator_id, period, value, kind) VALUES ($1, $2, 'FY2025', 100, 'milestone'), ($1, $2, 'FY2029', 240, 'long_term')`,
      [collaborationId, id],
    );
    return id;
  }

  async function insertProgress(
    indicatorId: string,
    granularity: string,
    period: string,
    actual: string | null,
    status: string,
  ) {
    await sql(
      `INSERT INTO progress (collaboration_id, indicator_id, granularity, period, actual, baseline, target, long_term_target,
                             percent_to_long_term, ratio, status, computed_at)
       VALUES ($1, $2, $3, $4, $5::numeric, 10, 60, 240, CASE WHEN $5::numeric IS NULL THEN NULL ELSE $5::numeric / 2.4 END,
               CASE WHEN $5::numeric IS NULL THEN NULL ELSE $5::numeric / 60 END, $6, '2026-11-01T10:00:00Z')`,
      [c.id, indicatorId, granularity, period, actual, status],
    );
  }

  beforeAll(async () => {
    const webDist = mkdtempSync(join(tmpdir(), 'constellation-web-'));
    writeFileSync(
      join(webDist, 'index.html'),
      '<!doctype html><title>Constellation</title><div id="root"></div>',
    );
    t = await startTestApp({ WEB_DIST: webDist, PUBLIC_DASHBOARD_MAX_PER_IP: '1000' });
    admin = await createUser(t, { name: 'Ada Backbone' });
    staff = await createUser(t);
    partnerAdmin = await createUser(t, { name: 'Pat Partnerperson', email: 'pat.partner@hillside.example' });
    funder = await createUser(t);
    outsider = await createUser(t);
    c = await createCollaboration(admin);
    other = await createCollaboration(outsider);
    await addMember(t, c.id, staff.user.id, 'backbone_staff');
    partnerId = (await addPartner(t, c.id, { organisationName: SECRET_ORG })).partnerId;
    await addMember(t, c.id, partnerAdmin.user.id, 'partner_admin', partnerId);
    await addMember(t, c.id, funder.user.id, 'funder');
    ready = await insertIndicator(c.id, c.goals[0]!.id, 'READY');
    well = await insertIndicator(c.id, c.goals[0]!.id, 'WELL');
    hidden = await insertIndicator(c.id, c.goals[0]!.id, 'HIDDEN', 'active', 'sum');
    retired = await insertIndicator(c.id, c.goals[0]!.id, 'OLD', 'retired');
    foreign = await insertIndicator(other.id, other.goals[0]!.id, 'OTHER');

    await insertProgress(ready, 'month', '2025-06', '60', 'on_track');
    await insertProgress(ready, 'month', '2025-04', '30', 'off_track');
    await insertProgress(ready, 'month', '2026-04', null, 'no_data');
    await insertProgress(ready, 'quarter', 'FY2025-Q1', '90', 'on_track');
    await insertProgress(well, 'month', '2025-05', '50', 'at_risk');
    await insertProgress(hidden, 'month', '2025-05', '4242', 'on_track');
    await insertProgress(hidden, 'year', 'FY2025', '4243', 'on_track');
    // A per-partner rollup and a value of one partner: never part of a public dashboard.
    await sql(
      `INSERT INTO rollups (collaboration_id, indicator_id, granularity, period, cell, scope, value, partner_count, value_count)
       VALUES ($1, $2, 'month', '2025-06', 'total', 'all', 60, 2, 2), ($1, $2, 'month', '2025-06', 'total', $3, 777777, 1, 1)`,
      [c.id, ready, `partner:${partnerId}`],
    );
    await sql(
      `INSERT INTO indicator_trajectory (collaboration_id, indicator_id, granularity, projected_period, reached, slope_per_month, computed_at)
       VALUES ($1, $2, 'month', '2027-02', false, 10, '2026-11-01T10:00:00Z')`,
      [c.id, ready],
    );
    await sql(
      `INSERT INTO wins (collaboration_id, indicator_id, kind, milestone_period, milestone_value, met_period, met_value, status, first_met_at, withdrawn_at)
       VALUES ($1, $2, 'milestone', 'FY2024', 100, 'FY2024', 120, 'active', '2025-03-01T00:00:00Z', NULL),
              ($1, $2, 'milestone', 'FY2025', 50, 'FY2025', 55, 'withdrawn', '2026-05-01T00:00:00Z', '2026-06-01T00:00:00Z'),
              ($1, $3, 'milestone', 'FY2025', 50, 'FY2025', 55, 'active', '2026-05-01T00:00:00Z', NULL)`,
      [c.id, ready, hidden],
    );
  }, 60000);

  afterAll(async () => {
    await t?.close();
  });

  async function publish(body: object, agent = admin) {
    const res = await agent.post(url(), body);
    expect(res.status).toBe(201);
    return res.body as { id: string; token: string; indicatorIds: string[]; revokedAt: string | null };
  }

  it('the backbone publishes a link with an unguessable token, sees it in the list again, and the write is audited', async () => {
    const d = await publish({ title: 'Ready by Five — public results', indicatorIds: [well, ready] });
    expect(d.token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes
    expect(d).toMatchObject({
      indicatorIds: [well, ready],
      granularity: null,
      from: null,
      to: null,
      revokedAt: null,
      createdBy: { id: admin.user.id, name: 'Ada Backbone' },
    });
    const second = await publish({ title: 'Another', indicatorIds: [ready] }, staff);
    expect(second.token).not.toBe(d.token);

    const list = await admin.get(url());
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { id: string; token: string }) => [i.id, i.token])).toEqual(
      expect.arrayContaining([
        [d.id, d.token],
        [second.id, second.token],
      ]),
    );
    const audit = await sql<Array<{ action: string; after: { indicatorIds: string[]; token?: string } }>>(
      `SELECT action, after FROM audit_events WHERE collaboration_id = $1 AND entity_id = $2`,
      [c.id, d.id],
    );
    expect(audit).toEqual([
      { action: 'shared_dashboard.create', after: expect.objectContaining({ indicatorIds: [well, ready] }) },
    ]);
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const before = await sql<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM shared_dashboards`);
    const bad = await admin.post(url(), { title: 'X', indicatorIds: [ready, foreign, retired] });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([
      { path: 'indicatorIds.1', message: 'is not an active indicator of this collaboration' },
      { path: 'indicatorIds.2', message: 'is not an active indicator of this collaboration' },
    ]);
    const empty = await admin.post(url(), { title: '', indicatorIds: [] });
    expect(empty.status).toBe(400);
    expect(empty.body.details.map((d: { path: string }) => d.path).sort()).toEqual(['indicatorIds', 'title']);
    const reversed = await admin.post(url(), {
      title: 'X',
      indicatorIds: [ready],
      from: 'FY2026',
      to: 'FY2025',
    });
    expect(reversed.body.details).toEqual([{ path: 'to', message: 'must not come before from' }]);
    const calendarKey = await admin.post(url(), { title: 'X', indicatorIds: [ready], from: '2025' });
    expect(calendarKey.status).toBe(400);
    expect(calendarKey.body.details[0].path).toBe('from');
    const twice = await admin.post(url(), { title: 'X', indicatorIds: [ready, ready] });
    expect(twice.status).toBe(400);
    const unknown = await admin.post(url(), { title: 'X', indicatorIds: [ready], partnerId });
    expect(unknown.status).toBe(400);
    expect(await sql<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM shared_dashboards`)).toEqual(
      before,
    );
  });

  it('only the backbone manages links: partners and funders 403, non-members 404, anonymous 401', async () => {
    for (const agent of [partnerAdmin, funder]) {
      expect((await agent.get(url())).status).toBe(403);
      expect((await agent.post(url(), { title: 'X', indicatorIds: [ready] })).status).toBe(403);
    }
    expect((await outsider.get(url())).status).toBe(404);
    expect((await anonymous().get(url())).status).toBe(401);
  });

  it('anyone reads the public dashboard without signing in: the chosen indicators’ all-partner aggregates, nothing partner-level or personal', async () => {
    const d = await publish({ title: 'Public results', indicatorIds: [ready, well] });
    const res = await anonymous().get(`/api/public/dashboards/${d.token}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      title: 'Public results',
      collaboration: { name: c.name, fiscalYearStartMonth: 4 },
      computedAt: '2026-11-01T10:00:00.000Z',
    });
    expect(Object.keys(res.body).sort()).toEqual([
      'collaboration',
      'computedAt',
      'from',
      'granularity',
      'indicators',
      'title',
      'to',
      'wins',
    ]);
    expect(Object.keys(res.body.collaboration).sort()).toEqual(['fiscalYearStartMonth', 'name']);
    expect(res.body.indicators.map((i: { id: string }) => i.id)).toEqual([ready, well]);
    const first = res.body.indicators[0];
    expect(first).toMatchObject({
      code: 'READY',
      name: 'Indicator READY',
      unit: 'children',
      direction: 'increase',
      granularity: 'month',
      baseline: { value: '10', period: 'FY2024' },
      targets: [
        { period: 'FY2025', value: '100', kind: 'milestone' },
        { period: 'FY2029', value: '240', kind: 'long_term' },
      ],
      trajectory: { projectedPeriod: '2027-02', reached: false },
    });
    expect(
      first.progress.map((p: { period: string; actual: string | null; status: string }) => [
        p.period,
        p.actual,
        p.status,
      ]),
    ).toEqual([
      ['2025-04', '30', 'off_track'],
      ['2025-06', '60', 'on_track'],
      ['2026-04', null, 'no_data'],
    ]);
    // Only active wins of the chosen indicators (not the hidden indicator's, not withdrawn ones).
    expect(res.body.wins).toEqual([
      {
        id: expect.any(String),
        indicator: { id: ready, name: 'Indicator READY' },
        kind: 'milestone',
        milestonePeriod: 'FY2024',
        milestoneValue: '100',
        metPeriod: 'FY2024',
        metValue: '120',
        firstMetAt: '2025-03-01T00:00:00.000Z',
      },
    ]);

    const text = JSON.stringify(res.body);
    for (const secret of [
      SECRET_ORG,
      partnerId,
      'Pat Partnerperson',
      'pat.partner@hillside.example',
      'Ada Backbone',
      admin.user.email,
      admin.user.id,
      c.id,
      '777777',
      '4242',
      d.id,
      d.token,
    ]) {
      expect({ leaked: secret, found: text.includes(secret) }).toEqual({ leaked: secret, found: false });
    }
    // Readable without cookies and by nobody's session in particular: no Set-Cookie.
    expect(res.headers['set-cookie']).toBeUndefined();
    // Not cached anywhere, so revoking takes effect at once.
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('applies the chosen granularity (never finer than an indicator reports) and period range', async () => {
    const d = await publish({ title: 'Quarters', indicatorIds: [ready], granularity: 'quarter' });
    const q = await anonymous().get(`/api/public/dashboards/${d.token}`);
    expect(q.body.indicators[0].granularity).toBe('quarter');
    expect(q.body.indicators[0].progress.map((p: { period: string }) => p.period)).toEqual(['FY2025-Q1']);
    // A flow (summed over time) with yearly targets is charted by year unless a granularity is chosen.
    const flow = await publish({ title: 'Flow', indicatorIds: [hidden] });
    const f = await anonymous().get(`/api/public/dashboards/${flow.token}`);
    expect(f.body.indicators[0]).toMatchObject({
      granularity: 'year',
      progress: [expect.objectContaining({ period: 'FY2025', actual: '4243' })],
    });
    const monthly = await publish({ title: 'Flow by month', indicatorIds: [hidden], granularity: 'month' });
    expect(
      (await anonymous().get(`/api/public/dashboards/${monthly.token}`)).body.indicators[0].granularity,
    ).toBe('month');
    const r = await publish({ title: 'Range', indicatorIds: [ready], from: '2025-05', to: 'fy2025' });
    expect(r).toMatchObject({ from: '2025-05', to: 'FY2025' });
    const ranged = await anonymous().get(`/api/public/dashboards/${r.token}`);
    expect(ranged.body.indicators[0].progress.map((p: { period: string }) => p.period)).toEqual(['2025-06']);
  });

  it('a revoked link answers 410 "no longer shared", an unknown or malformed one 404; revoking is audited and idempotent', async () => {
    const d = await publish({ title: 'To revoke', indicatorIds: [ready] });
    expect((await anonymous().get(`/api/public/dashboards/${d.token}`)).status).toBe(200);
    expect((await partnerAdmin.post(url(`/${d.id}/revoke`))).status).toBe(403);
    const revoked = await staff.post(url(`/${d.id}/revoke`));
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({
      id: d.id,
      revokedAt: expect.any(String),
      revokedBy: { id: staff.user.id },
    });
    const gone = await anonymous().get(`/api/public/dashboards/${d.token}`);
    expect(gone.status).toBe(410);
    expect(gone.body.message).toBe('This dashboard is no longer shared.');
    expect((await staff.post(url(`/${d.id}/revoke`))).body.revokedAt).toBe(revoked.body.revokedAt);
    const audit = await sql<Array<{ action: string }>>(
      `SELECT action FROM audit_events WHERE entity_id = $1 AND outcome = 'success' ORDER BY id`,
      [d.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['shared_dashboard.create', 'shared_dashboard.revoke']);

    const unknown = await anonymous().get(`/api/public/dashboards/${'A'.repeat(43)}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toMatch(/no longer shared/);
    expect((await anonymous().get('/api/public/dashboards/short')).status).toBe(404);
    // Another collaboration's link cannot be revoked through this one.
    expect((await outsider.post(url(`/${d.id}/revoke`, other))).status).toBe(404);
  });

  it('lets any site frame the public page only; every other page keeps frame-ancestors self and X-Frame-Options', async () => {
    const d = await publish({ title: 'Embed', indicatorIds: [ready] });
    const page = await anonymous().get(`/share/${d.token}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<div id="root">');
    expect(page.headers['content-security-policy']).toMatch(/frame-ancestors \*(;|$)/);
    expect(page.headers['x-frame-options']).toBeUndefined();
    expect(page.headers['x-content-type-options']).toBe('nosniff');

    for (const path of [
      '/sign-in',
      `/collaborations/${c.id}`,
      '/share',
      `/share/${d.token}/more`,
      `/api/public/dashboards/${d.token}`,
    ]) {
      const res = await anonymous().get(path);
      expect({ path, csp: res.headers['content-security-policy'] }).toEqual({
        path,
        csp: expect.stringContaining("frame-ancestors 'self'"),
      });
      expect({ path, xfo: res.headers['x-frame-options'] }).toEqual({ path, xfo: 'SAMEORIGIN' });
    }
  });
});

describe('public dashboards are rate-limited per client IP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_DASHBOARD_MAX_PER_IP: '3', PUBLIC_DASHBOARD_WINDOW_SECONDS: '120' });
  }, 60000);
  afterAll(async () => {
    await t?.close();
  });

  it('answers 429 with Retry-After once the limit is reached', async () => {
    const http = request(t.app.getHttpServer());
    const token = 'B'.repeat(43);
    for (let i = 0; i < 3; i++) expect((await http.get(`/api/public/dashboards/${token}`)).status).toBe(404);
    const limited = await http.get(`/api/public/dashboards/${token}`);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body.message).toMatch(/Too many requests for shared dashboards/);
  });
});
