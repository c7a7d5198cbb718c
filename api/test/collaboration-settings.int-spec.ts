import { addMember, createUser, dataSourceOf, type UserAgent } from './support/fixtures';
import { createIndicator, type MeasurementFixture, measurementFixture } from './support/measurement-fixture';
import { startTestApp, type TestApp } from './support/app';

/**
 * Collaboration settings (PATCH /collaborations/:id): whether funders see partners' contributions
 * (per-partner rollups and "show the math"), and the status bands the worker's progress uses.
 * Every change is audited in the same transaction; new bands ask the worker (outbox) to recompute.
 */
let t: TestApp;
let fx: MeasurementFixture;
let funder: UserAgent;
let indicatorId: string;

const audits = async (action: string) =>
  (await dataSourceOf(t).query(
    `SELECT before, after FROM audit_events WHERE collaboration_id = $1 AND action = $2 AND outcome = 'success' ORDER BY id`,
    [fx.collaborationId, action],
  )) as Array<{ before: unknown; after: Record<string, unknown> }>;

const rebuildRequests = async () =>
  (await dataSourceOf(t).query(
    `SELECT indicator_id AS "indicatorId", payload FROM outbox
      WHERE collaboration_id = $1 AND kind = 'rebuild_requested' ORDER BY id`,
    [fx.collaborationId],
  )) as Array<{ indicatorId: string; payload: { reason: string } }>;

beforeAll(async () => {
  t = await startTestApp();
  fx = await measurementFixture(t);
  funder = await createUser(t, { name: 'Fran Funder' });
  await addMember(t, fx.collaborationId, funder.user.id, 'funder');
  indicatorId = await createIndicator(t, fx, { valueType: 'count', periodicity: 'quarter' });
  const ds = dataSourceOf(t);
  for (const [partnerId, value] of [
    [fx.partnerId, 10],
    [fx.otherPartnerId, 5],
  ] as const) {
    await ds.query(
      `INSERT INTO indicator_values (collaboration_id, indicator_id, partner_id, period, cell, value, status)
       VALUES ($1, $2, $3, '2026-Q1', 'total', $4, 'submitted')`,
      [fx.collaborationId, indicatorId, partnerId, value],
    );
    await ds.query(
      `INSERT INTO rollups (collaboration_id, indicator_id, granularity, period, cell, scope, value, partner_count, value_count)
       VALUES ($1, $2, 'quarter', '2026-Q1', 'total', $3, $4, 1, 1)`,
      [fx.collaborationId, indicatorId, partnerId, value],
    );
  }
  await ds.query(
    `INSERT INTO rollups (collaboration_id, indicator_id, granularity, period, cell, scope, value, partner_count, value_count)
     VALUES ($1, $2, 'quarter', '2026-Q1', 'total', 'all', 15, 2, 2)`,
    [fx.collaborationId, indicatorId],
  );
});

afterAll(async () => {
  await t?.close();
});

describe('collaboration settings', () => {
  it('every member reads them with the collaboration: contributions hidden from funders, bands 0.95 / 0.80', async () => {
    for (const agent of [fx.admin, fx.partner, funder]) {
      const res = await agent.get(fx.base);
      expect(res.status).toBe(200);
      expect(res.body.settings).toEqual({ showContributionsToFunders: false, statusBands: { onTrack: 0.95, atRisk: 0.8 } });
    }
  });

  it('refuses invalid bands with an error naming the field, and writes nothing', async () => {
    const cases: Array<[object, string, RegExp]> = [
      [{ onTrack: 0.7, atRisk: 0.8 }, 'statusBands.atRisk', /above the on-track band/],
      [{ onTrack: 1.5, atRisk: 0.8 }, 'statusBands.onTrack', /at most 1/],
      [{ onTrack: 0.9, atRisk: -0.1 }, 'statusBands.atRisk', /0 or more/],
      [{ onTrack: 0, atRisk: 0 }, 'statusBands.onTrack', /above 0/],
      [{ onTrack: '0.9', atRisk: 0.5 }, 'statusBands.onTrack', /number/],
      [{ onTrack: 0.9 }, 'statusBands.atRisk', /number/],
    ];
    for (const [statusBands, path, message] of cases) {
      const res = await fx.admin.patch(fx.base, { statusBands });
      expect({ statusBands, status: res.status }).toEqual({ statusBands, status: 400 });
      expect(res.body.details).toEqual(expect.arrayContaining([{ path, message: expect.stringMatching(message) }]));
    }
    const flag = await fx.admin.patch(fx.base, { showContributionsToFunders: 'yes' });
    expect(flag.status).toBe(400);
    expect(flag.body.details).toEqual([{ path: 'showContributionsToFunders', message: 'must be true or false' }]);
    expect(await audits('collaboration.settings.update')).toEqual([]);
    expect(await rebuildRequests()).toEqual([]);
  });

  it('only the backbone admin may change them (backbone staff, partners and funders get 403)', async () => {
    for (const agent of [fx.staff, fx.partnerAdmin, funder]) {
      const res = await agent.patch(fx.base, { showContributionsToFunders: true });
      expect(res.status).toBe(403);
    }
    expect((await fx.admin.get(fx.base)).body.settings.showContributionsToFunders).toBe(false);
  });

  it('new status bands are audited and ask the worker to recompute every indicator', async () => {
    const second = await createIndicator(t, fx, { valueType: 'count', periodicity: 'month' });
    const res = await fx.admin.patch(fx.base, { statusBands: { onTrack: 0.9, atRisk: 0.6 } });
    expect(res.status).toBe(200);
    expect(res.body.settings).toEqual({ showContributionsToFunders: false, statusBands: { onTrack: 0.9, atRisk: 0.6 } });
    expect((await fx.partner.get(fx.base)).body.settings.statusBands).toEqual({ onTrack: 0.9, atRisk: 0.6 });
    const requests = await rebuildRequests();
    expect(requests.map((r) => r.indicatorId).sort()).toEqual([indicatorId, second].sort());
    expect(requests.every((r) => r.payload.reason === 'status_bands_changed')).toBe(true);
    expect(await audits('collaboration.settings.update')).toEqual([
      {
        before: { showContributionsToFunders: false, statusBands: { onTrack: 0.95, atRisk: 0.8 } },
        after: { showContributionsToFunders: false, statusBands: { onTrack: 0.9, atRisk: 0.6 }, indicatorsToRecompute: 2 },
      },
    ]);

    // The same bands again change nothing: no audit event, no recompute.
    expect((await fx.admin.patch(fx.base, { statusBands: { onTrack: 0.9, atRisk: 0.6 } })).status).toBe(200);
    expect(await rebuildRequests()).toHaveLength(2);
    expect(await audits('collaboration.settings.update')).toHaveLength(1);
    // Equal bands are allowed: nothing is ever at risk.
    expect((await fx.admin.patch(fx.base, { statusBands: { onTrack: 0.8, atRisk: 0.8 } })).status).toBe(200);
    expect(await rebuildRequests()).toHaveLength(4);
  });
});

describe('funders and partners’ contributions', () => {
  const partnersUrl = () => `${fx.base}/rollups?indicatorId=${indicatorId}&scope=partners`;
  const explainUrl = () => `${fx.base}/rollups/explain?indicatorId=${indicatorId}&granularity=quarter&period=2026-Q1`;

  it('not opted in (the default): funders get 403 for per-partner rows and the values behind a cell', async () => {
    expect((await fx.admin.get(fx.base)).body.settings.showContributionsToFunders).toBe(false);
    const rows = await funder.get(partnersUrl());
    expect(rows.status).toBe(403);
    expect(rows.body.message).toMatch(/does not show individual partners’ contributions to funders/);
    const math = await funder.get(explainUrl());
    expect(math.status).toBe(403);
    expect(math.body.message).toMatch(/does not show partners’ contributions to funders/);
    // The aggregate stays readable.
    const all = await funder.get(`${fx.base}/rollups?indicatorId=${indicatorId}`);
    expect(all.status).toBe(200);
    expect(all.body.items).toEqual([expect.objectContaining({ scope: 'all', value: '15' })]);
  });

  it('opted in: funders see every partner’s rows and values; opting out hides them again; both audited', async () => {
    const on = await fx.admin.patch(fx.base, { showContributionsToFunders: true });
    expect(on.status).toBe(200);
    expect(on.body.settings.showContributionsToFunders).toBe(true);

    const rows = await funder.get(partnersUrl());
    expect(rows.status).toBe(200);
    expect((rows.body.items as Array<{ scope: string; value: string }>).map((i) => [i.scope, i.value]).sort()).toEqual(
      [
        [fx.partnerId, '10'],
        [fx.otherPartnerId, '5'],
      ].sort(),
    );
    const math = await funder.get(explainUrl());
    expect(math.status).toBe(200);
    expect(math.body.values).toHaveLength(2);
    expect(math.body.partners).toHaveLength(2);
    expect(math.body.otherPartners).toBe(0);
    // A partner still sees only its own contribution.
    const partner = await fx.partner.get(partnersUrl());
    expect((partner.body.items as Array<{ scope: string }>).map((i) => i.scope)).toEqual([fx.partnerId]);

    const off = await fx.admin.patch(fx.base, { showContributionsToFunders: false });
    expect(off.status).toBe(200);
    expect((await funder.get(partnersUrl())).status).toBe(403);
    expect((await funder.get(explainUrl())).status).toBe(403);

    const flips = (await audits('collaboration.settings.update')).map(
      (a) => [(a.before as { showContributionsToFunders: boolean }).showContributionsToFunders, a.after.showContributionsToFunders],
    );
    expect(flips.slice(-2)).toEqual([
      [false, true],
      [true, false],
    ]);
  });
});
