import { type CollaborationDetail, type DimensionView, type IndicatorView } from '@constellation/shared';
import { startTestApp, type TestApp } from './support/app';
import {
  addMember,
  addPartner,
  createCollaboration,
  createUser,
  dataSourceOf,
  type UserAgent,
} from './support/fixtures';

/** A valid indicator body for the fixture collaboration (fiscal year from April). */
function indicatorBody(goalId: string, overrides: Record<string, unknown> = {}) {
  return {
    code: 'SERVE-01',
    name: 'Children served by programmes',
    definition: 'Distinct children who took part in a partner programme in the month.',
    unit: 'children',
    valueType: 'count',
    direction: 'increase',
    periodicity: 'month',
    aggregationAcrossPartners: 'sum',
    aggregationOverTime: 'sum',
    dimensions: [],
    baseline: { value: 3200, period: 'FY2023' },
    targets: [
      { period: 'FY2025', value: '4000', kind: 'milestone' },
      { period: 'FY2029', value: '6000', kind: 'long_term' },
    ],
    dataSource: 'Partner registers',
    measureType: 'performance',
    goalId,
    ...overrides,
  };
}

describe('indicators', () => {
  let t: TestApp;
  let admin: UserAgent;
  let staff: UserAgent;
  let contributor: UserAgent;
  let outsider: UserAgent;
  let c: CollaborationDetail;
  let other: CollaborationDetail;
  let goalId: string;
  let strategyId: string;
  let otherGoalStrategyId: string;
  let gender: DimensionView;

  const url = (path = '') => `/api/collaborations/${c.id}${path}`;
  const ds = () => dataSourceOf(t);
  const create = (overrides: Record<string, unknown> = {}) =>
    staff.post(url('/indicators'), indicatorBody(goalId, overrides));

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t);
    staff = await createUser(t);
    contributor = await createUser(t);
    outsider = await createUser(t);
    c = await createCollaboration(admin);
    other = await createCollaboration(outsider);
    await addMember(t, c.id, staff.user.id, 'backbone_staff');
    await addMember(t, c.id, contributor.user.id, 'partner_contributor');
    goalId = c.goals[0]!.id;
    strategyId = c.goals[0]!.strategies[0]!.id;
    const g2 = await staff.post(url(`/goals/${c.goals[1]!.id}/strategies`), { name: 'Family hubs' });
    otherGoalStrategyId = g2.body.id;
    const dim = await staff.post(url('/dimensions'), {
      key: 'gender',
      name: 'Gender',
      categories: [
        { key: 'female', name: 'Female' },
        { key: 'male', name: 'Male' },
      ],
    });
    expect(dim.status).toBe(201);
    gender = dim.body;
  });
  afterAll(async () => {
    await t.close();
  });

  it('creates one indicator of each value type, with a first revision', async () => {
    const count = await create({ strategyId, dimensions: [gender.id], minValue: 0 });
    expect(count.status).toBe(201);
    expect(count.body).toMatchObject({
      code: 'SERVE-01',
      valueType: 'count',
      goalId,
      strategyId,
      status: 'active',
      version: 1,
      hasValues: false,
      baseline: { value: '3200', period: 'FY2023' },
      targets: [
        { period: 'FY2025', value: '4000', kind: 'milestone' },
        { period: 'FY2029', value: '6000', kind: 'long_term' },
      ],
      minValue: '0',
      maxValue: null,
      dimensions: [{ id: gender.id, key: 'gender', categories: [{ key: 'female' }, { key: 'male' }] }],
    });
    const amount = await create({
      code: 'FUND-01',
      valueType: 'amount',
      unit: 'GBP',
      periodicity: 'year',
      aggregationOverTime: 'sum',
      baseline: { value: '1250000.50', period: 'fy2023' },
      targets: [{ period: 'FY2029', value: '2500000', kind: 'long_term' }],
    });
    expect(amount.status).toBe(201);
    expect(amount.body.baseline).toEqual({ value: '1250000.5', period: 'FY2023' });
    const pct = await create({
      code: 'KR-01',
      valueType: 'percentage',
      unit: '%',
      periodicity: 'year',
      aggregationAcrossPartners: 'ratio',
      aggregationOverTime: 'last',
      baseline: { value: '62', period: 'FY2023' },
      targets: [
        { period: 'FY2027', value: '71', kind: 'milestone' },
        { period: 'FY2025', value: '66', kind: 'milestone' },
        { period: 'FY2030', value: '80', kind: 'long_term' },
      ],
    });
    expect(pct.status).toBe(201);
    expect((pct.body as IndicatorView).targets.map((x) => x.period)).toEqual(['FY2025', 'FY2027', 'FY2030']);
    const ratio = await create({
      code: 'KW-01',
      valueType: 'ratio',
      direction: 'decrease',
      periodicity: 'quarter',
      aggregationAcrossPartners: 'ratio',
      aggregationOverTime: 'last',
      baseline: { value: '14.2', period: 'FY2023-Q4' },
      targets: [{ period: 'FY2028-Q4', value: '10', kind: 'long_term' }],
    });
    expect(ratio.status).toBe(201);

    const revisions = await ds().query(
      `SELECT version, requires_recompute, definition->>'code' AS code, author_id FROM indicator_revisions WHERE collaboration_id = $1 ORDER BY id`,
      [c.id],
    );
    expect(revisions).toHaveLength(4);
    expect(revisions[0]).toMatchObject({
      version: 1,
      requires_recompute: false,
      code: 'SERVE-01',
      author_id: staff.user.id,
    });
    const audit = await ds().query(
      `SELECT count(*)::int AS n FROM audit_events WHERE collaboration_id = $1 AND action = 'indicator.create'`,
      [c.id],
    );
    expect(audit[0].n).toBe(4);
  });

  it('lists with dimensions, targets and baseline; filters by goal, strategy and status', async () => {
    const all = await contributor.get(url('/indicators'));
    expect(all.status).toBe(200);
    expect((all.body.items as IndicatorView[]).map((i) => i.code)).toEqual([
      'FUND-01',
      'KR-01',
      'KW-01',
      'SERVE-01',
    ]);
    const byStrategy = await contributor.get(url(`/indicators?strategyId=${strategyId}`));
    expect(byStrategy.body.items.map((i: IndicatorView) => i.code)).toEqual(['SERVE-01']);
    const byGoal = await contributor.get(url(`/indicators?goalId=${c.goals[1]!.id}`));
    expect(byGoal.body.items).toEqual([]);
    const bad = await contributor.get(url('/indicators?status=gone'));
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].path).toBe('query.status');
  });

  it.each([
    [
      'a percentage with sum aggregation',
      {
        code: 'X1',
        valueType: 'percentage',
        aggregationAcrossPartners: 'sum',
        baseline: { value: '50', period: 'FY2023' },
        targets: [{ period: 'FY2029', value: '60', kind: 'long_term' }],
      },
      'aggregationAcrossPartners',
    ],
    [
      'two long-term targets',
      {
        code: 'X2',
        targets: [
          { period: 'FY2025', value: '4000', kind: 'long_term' },
          { period: 'FY2029', value: '6000', kind: 'long_term' },
        ],
      },
      'targets.1.kind',
    ],
    [
      'a calendar period in a fiscal-year collaboration',
      { code: 'X3', targets: [{ period: '2029-Q2', value: '6000', kind: 'long_term' }] },
      'targets.0.period',
    ],
    [
      'a target period finer than the periodicity',
      { code: 'X4', periodicity: 'year', targets: [{ period: '2029-05', value: '6000', kind: 'long_term' }] },
      'targets.0.period',
    ],
    [
      'an unknown dimension id',
      { code: 'X5', dimensions: ['6b0f3c2e-2f7e-4d53-9a5c-1f1a4a1b2c3d'] },
      'dimensions.0',
    ],
    ['a strategy of another goal', { code: 'X6', strategyId: 'OTHER_GOAL_STRATEGY' }, 'strategyId'],
    ['a min above the max', { code: 'X7', minValue: 10, maxValue: 5 }, 'maxValue'],
    [
      'a number that is not one',
      { code: 'X8', baseline: { value: '1e309', period: 'FY2023' } },
      'baseline.value',
    ],
  ])('refuses %s with 400 naming the path', async (_label, overrides, path) => {
    const body = { ...overrides } as Record<string, unknown>;
    if (body.strategyId === 'OTHER_GOAL_STRATEGY') body.strategyId = otherGoalStrategyId;
    const res = await create(body);
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { path: string }) => d.path)).toContain(path);
    const n = await ds().query(
      `SELECT count(*)::int AS n FROM indicators WHERE collaboration_id = $1 AND code = $2`,
      [c.id, body.code],
    );
    expect(n[0].n).toBe(0);
  });

  it("refuses another collaboration's goal (400 goalId) and dimension", async () => {
    const res = await staff.post(url('/indicators'), indicatorBody(other.goals[0]!.id, { code: 'X9' }));
    expect(res.status).toBe(400);
    expect(res.body.details).toContainEqual({
      path: 'goalId',
      message: 'is not a goal of this collaboration',
    });
    const theirDim = await outsider.post(`/api/collaborations/${other.id}/dimensions`, {
      key: 'age',
      name: 'Age',
      categories: [{ key: '0-4', name: '0–4' }],
    });
    const res2 = await create({ code: 'X10', dimensions: [theirDim.body.id] });
    expect(res2.status).toBe(400);
    expect(res2.body.details[0].path).toBe('dimensions.0');
  });

  it('refuses a duplicate code with 409 on code (case-insensitively)', async () => {
    const res = await create({ code: 'serve-01' });
    expect(res.status).toBe(409);
    expect(res.body.details).toEqual([{ path: 'code', message: 'is already taken' }]);
  });

  it('edits with optimistic concurrency; a stale version gets 409', async () => {
    const [ind] = (await staff.get(url('/indicators?strategyId=' + strategyId))).body
      .items as IndicatorView[];
    const ok = await staff.patch(url(`/indicators/${ind!.id}`), {
      version: 1,
      name: 'Children and young people served',
      changeNote: 'Wider age range',
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ name: 'Children and young people served', version: 2 });
    const stale = await admin.patch(url(`/indicators/${ind!.id}`), { version: 1, name: 'Something else' });
    expect(stale.status).toBe(409);
    expect(stale.body.details[0].path).toBe('version');
    expect((await staff.get(url(`/indicators/${ind!.id}`))).body.name).toBe(
      'Children and young people served',
    );
    const revisions = await staff.get(url(`/indicators/${ind!.id}/revisions`));
    expect(
      revisions.body.items.map((r: { version: number; changeNote: string }) => [r.version, r.changeNote]),
    ).toEqual([
      [2, 'Wider age range'],
      [1, ''],
    ]);
    const invalid = await staff.patch(url(`/indicators/${ind!.id}`), { version: 2, valueType: 'percentage' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.details.map((d: { path: string }) => d.path)).toContain('aggregationAcrossPartners');
  });

  describe('definition changes once values exist', () => {
    let ind: IndicatorView;
    const outbox = async (kind: string) =>
      (await ds().query(
        `SELECT payload FROM outbox WHERE collaboration_id = $1 AND indicator_id = $2 AND kind = $3 ORDER BY id`,
        [c.id, ind.id, kind],
      )) as {
        payload: { version: number };
      }[];

    beforeAll(async () => {
      const created = await create({ code: 'LIB-01', aggregationOverTime: 'last', dimensions: [gender.id] });
      expect(created.status).toBe(201);
      ind = created.body;
      const partner = await addPartner(t, c.id);
      await ds().query(
        `INSERT INTO indicator_values (collaboration_id, indicator_id, partner_id, period, value, status) VALUES ($1, $2, $3, '2025-04', 12, 'submitted')`,
        [c.id, ind.id, partner.partnerId],
      );
    });

    it('reports that values exist', async () => {
      expect((await staff.get(url(`/indicators/${ind.id}`))).body.hasValues).toBe(true);
    });

    it('refuses an aggregation change with 409 naming the field and why, writing nothing', async () => {
      const res = await staff.patch(url(`/indicators/${ind.id}`), { version: 1, aggregationOverTime: 'sum' });
      expect(res.status).toBe(409);
      expect(res.body.message).toMatch(/aggregationOverTime/);
      expect(res.body.message).toMatch(/confirmRecompute/);
      expect(res.body.details).toEqual([
        { path: 'aggregationOverTime', message: expect.stringMatching(/meaning/) },
      ]);
      expect((await staff.get(url(`/indicators/${ind.id}`))).body).toMatchObject({
        version: 1,
        aggregationOverTime: 'last',
      });
      expect(await outbox('indicator_definition_changed')).toEqual([]);
    });

    it('refuses removing a dimension without confirmation', async () => {
      const res = await staff.patch(url(`/indicators/${ind.id}`), { version: 1, dimensions: [] });
      expect(res.status).toBe(409);
      expect(res.body.details[0].path).toBe('dimensions');
    });

    it('always refuses a value type or periodicity change, even with confirmRecompute', async () => {
      const res = await staff.patch(url(`/indicators/${ind.id}`), {
        version: 1,
        periodicity: 'quarter',
        confirmRecompute: true,
      });
      expect(res.status).toBe(409);
      expect(res.body.message).toMatch(/periodicity cannot change/);
      const res2 = await staff.patch(url(`/indicators/${ind.id}`), {
        version: 1,
        valueType: 'amount',
        confirmRecompute: true,
      });
      expect(res2.status).toBe(409);
      expect(res2.body.details[0].path).toBe('valueType');
    });

    it('accepts the change with confirmRecompute: revision marked, outbox row written', async () => {
      const res = await staff.patch(url(`/indicators/${ind.id}`), {
        version: 1,
        aggregationOverTime: 'sum',
        confirmRecompute: true,
        changeNote: 'Memberships are counted as new sign-ups',
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ version: 2, aggregationOverTime: 'sum' });
      const [rev] = await ds().query(
        `SELECT requires_recompute, change_note, definition->>'aggregationOverTime' AS agg FROM indicator_revisions WHERE collaboration_id = $1 AND indicator_id = $2 AND version = 2`,
        [c.id, ind.id],
      );
      expect(rev).toEqual({
        requires_recompute: true,
        change_note: 'Memberships are counted as new sign-ups',
        agg: 'sum',
      });
      expect(await outbox('indicator_definition_changed')).toEqual([{ payload: { version: 2 } }]);
      expect(await outbox('indicator_targets_changed')).toEqual([]);
    });

    it('allows target and baseline edits, writing an indicator_targets_changed row', async () => {
      const res = await staff.patch(url(`/indicators/${ind.id}`), {
        version: 2,
        baseline: { value: '3300', period: 'FY2023' },
        targets: [{ period: 'FY2030', value: '7000', kind: 'long_term' }],
      });
      expect(res.status).toBe(200);
      expect(res.body.version).toBe(3);
      expect(await outbox('indicator_targets_changed')).toEqual([{ payload: { version: 3 } }]);
      expect(await outbox('indicator_definition_changed')).toHaveLength(1);
      const [rev] = await ds().query(
        `SELECT requires_recompute FROM indicator_revisions WHERE collaboration_id = $1 AND indicator_id = $2 AND version = 3`,
        [c.id, ind.id],
      );
      expect(rev.requires_recompute).toBe(false);
    });

    it('an edit that changes nothing keeps the version', async () => {
      const res = await staff.patch(url(`/indicators/${ind.id}`), { version: 3, name: ind.name });
      expect(res.status).toBe(200);
      expect(res.body.version).toBe(3);
    });

    it('retires and reinstates; retired indicators stay readable', async () => {
      const retired = await staff.post(url(`/indicators/${ind.id}/retire`), {
        changeNote: 'Replaced by LIB-02',
      });
      expect(retired.status).toBe(200);
      expect(retired.body).toMatchObject({ status: 'retired', version: 4 });
      expect(retired.body.retiredAt).not.toBeNull();
      expect((await staff.post(url(`/indicators/${ind.id}/retire`), {})).status).toBe(409);
      expect((await contributor.get(url(`/indicators/${ind.id}`))).body.status).toBe('retired');
      const active = (await contributor.get(url('/indicators'))).body.items as IndicatorView[];
      expect(active.map((i) => i.code)).not.toContain('LIB-01');
      const retiredList = (await contributor.get(url('/indicators?status=retired'))).body
        .items as IndicatorView[];
      expect(retiredList.map((i) => i.code)).toEqual(['LIB-01']);
      const stale = await staff.post(url(`/indicators/${ind.id}/reinstate`), { version: 3 });
      expect(stale.status).toBe(409);
      const back = await staff.post(url(`/indicators/${ind.id}/reinstate`), { version: 4 });
      expect(back.status).toBe(200);
      expect(back.body).toMatchObject({ status: 'active', version: 5, retiredAt: null });
    });
  });

  it('partner contributors read but get 403 on writes; non-members get 404', async () => {
    const [ind] = (await contributor.get(url('/indicators'))).body.items as IndicatorView[];
    expect((await contributor.post(url('/indicators'), indicatorBody(goalId, { code: 'Y1' }))).status).toBe(
      403,
    );
    expect((await contributor.patch(url(`/indicators/${ind!.id}`), { version: 1, name: 'x' })).status).toBe(
      403,
    );
    expect((await contributor.post(url(`/indicators/${ind!.id}/retire`), {})).status).toBe(403);
    const notMember = await outsider.get(url(`/indicators/${ind!.id}`));
    expect(notMember.status).toBe(404);
    expect((await outsider.get(url('/indicators'))).status).toBe(404);
    // An indicator of this collaboration named under the outsider's own collaboration: 404.
    const cross = await outsider.get(`/api/collaborations/${other.id}/indicators/${ind!.id}`);
    expect(cross.status).toBe(404);
    const crossEdit = await outsider.patch(`/api/collaborations/${other.id}/indicators/${ind!.id}`, {
      version: 1,
      name: 'x',
    });
    expect(crossEdit.status).toBe(404);
  });

  it('refuses writes to an archived collaboration with 409', async () => {
    const archived = await createCollaboration(admin);
    expect((await admin.post(`/api/collaborations/${archived.id}/archive`)).status).toBe(200);
    const res = await admin.post(
      `/api/collaborations/${archived.id}/indicators`,
      indicatorBody(archived.goals[0]!.id),
    );
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/archived/);
  });
});
