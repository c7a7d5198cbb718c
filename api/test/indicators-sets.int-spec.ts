import {
  type CollaborationDetail,
  EXAMPLE_INDICATOR_SETS,
  type IndicatorSet,
  indicatorInputSchemaFor,
  indicatorSetSchema,
  type IndicatorView,
  VALUE_TYPES,
} from '@constellation/shared';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from './support/app';
import { addMember, createCollaboration, createUser, dataSourceOf, type UserAgent } from './support/fixtures';

const cradle = EXAMPLE_INDICATOR_SETS.find((e) => e.id === 'cradle-to-career')!.set;

describe('the cradle-to-career example set', () => {
  it('is a valid set whose every indicator passes indicatorInputSchemaFor(4)', () => {
    const set = indicatorSetSchema.parse(cradle);
    expect(set.indicators.length).toBeGreaterThanOrEqual(12);
    expect(set.indicators.length).toBeLessThanOrEqual(16);
    const ids = new Map(set.dimensions.map((d) => [d.key, randomUUID()]));
    for (const ind of set.indicators) {
      const { strategy: _s, minValue: _min, maxValue: _max, ...fields } = ind;
      const result = indicatorInputSchemaFor(4).safeParse({
        ...fields,
        dimensions: fields.dimensions.map((k) => ids.get(k)),
      });
      expect({ code: ind.code, issues: result.success ? [] : result.error.issues }).toEqual({
        code: ind.code,
        issues: [],
      });
    }
    // Every value type and every aggregation is represented.
    const used = (f: (i: (typeof set.indicators)[number]) => string) => new Set(set.indicators.map(f));
    expect([...used((i) => i.valueType)].sort()).toEqual([...VALUE_TYPES].sort());
    expect([...used((i) => i.aggregationAcrossPartners)].sort()).toEqual([
      'average',
      'max',
      'min',
      'ratio',
      'sum',
    ]);
    expect([...used((i) => i.aggregationOverTime)].sort()).toEqual(['average', 'last', 'sum']);
  });
});

describe('indicator sets', () => {
  let t: TestApp;
  let admin: UserAgent;
  let contributor: UserAgent;
  let a: CollaborationDetail;
  let b: CollaborationDetail;

  const count = async (table: string, collaborationId: string) =>
    (
      await dataSourceOf(t).query(`SELECT count(*)::int AS n FROM ${table} WHERE collaboration_id = $1`, [
        collaborationId,
      ])
    )[0].n as number;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t);
    contributor = await createUser(t);
    a = await createCollaboration(admin);
    b = await createCollaboration(admin);
    await addMember(t, a.id, contributor.user.id, 'partner_contributor');
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists and serves the shipped examples to any signed-in person', async () => {
    const list = await contributor.get('/api/indicator-sets/examples');
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({
        id: 'cradle-to-career',
        name: 'Cradle to career outcomes',
        indicatorCount: cradle.indicators.length,
      }),
    ]);
    const one = await contributor.get('/api/indicator-sets/examples/cradle-to-career');
    expect(one.status).toBe(200);
    expect(one.body.indicators).toHaveLength(cradle.indicators.length);
    expect((await contributor.get('/api/indicator-sets/examples/nope')).status).toBe(404);
  });

  it('imports the example set into a fresh collaboration', async () => {
    const res = await admin.post(`/api/collaborations/${a.id}/indicator-sets/import`, {
      ...cradle,
      goalId: a.goals[0]!.id,
    });
    expect(res.status).toBe(201);
    expect(res.body.imported).toBe(cradle.indicators.length);
    expect(res.body.dimensionsCreated.sort()).toEqual(['age_band', 'gender', 'neighbourhood']);
    const list = (await contributor.get(`/api/collaborations/${a.id}/indicators`)).body
      .items as IndicatorView[];
    expect(list).toHaveLength(cradle.indicators.length);
    const neet = list.find((i) => i.code === 'NEET-01')!;
    expect(neet).toMatchObject({
      valueType: 'count',
      direction: 'decrease',
      aggregationOverTime: 'last',
      goalId: a.goals[0]!.id,
    });
    expect(neet.dimensions.map((d) => d.key)).toEqual(['gender', 'neighbourhood']);
    expect(await count('indicator_revisions', a.id)).toBe(cradle.indicators.length);
  });

  it('refuses to import codes that already exist, listing the conflicts and writing nothing', async () => {
    const before = await count('indicators', a.id);
    const res = await admin.post(`/api/collaborations/${a.id}/indicator-sets/import`, {
      ...cradle,
      goalId: a.goals[0]!.id,
    });
    expect(res.status).toBe(409);
    expect(res.body.details).toHaveLength(cradle.indicators.length);
    expect(res.body.details[0]).toEqual({
      path: 'indicators.0.code',
      message: 'already exists in this collaboration',
    });
    expect(await count('indicators', a.id)).toBe(before);
  });

  it('exports by code and key (no ids) and round-trips into another collaboration', async () => {
    const exported = await contributor.get(`/api/collaborations/${a.id}/indicator-sets/export`);
    expect(exported.status).toBe(200);
    const set = exported.body as IndicatorSet;
    expect(JSON.stringify(set)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
    expect(set.indicators).toHaveLength(cradle.indicators.length);

    const res = await admin.post(`/api/collaborations/${b.id}/indicator-sets/import`, {
      ...set,
      goalId: b.goals[0]!.id,
    });
    expect(res.status).toBe(201);
    const again = (await admin.get(`/api/collaborations/${b.id}/indicator-sets/export`)).body as IndicatorSet;
    expect({ ...again, name: '' }).toEqual({ ...set, name: '' });
  });

  it('an import with one error writes nothing and names the path', async () => {
    const fresh = await createCollaboration(admin);
    const broken = structuredClone(cradle) as typeof cradle;
    broken.indicators[3]!.targets[0]!.period = '2026-Q1';
    broken.indicators[5]!.dimensions = ['shoe_size'];
    const res = await admin.post(`/api/collaborations/${fresh.id}/indicator-sets/import`, {
      ...broken,
      goalId: fresh.goals[0]!.id,
    });
    expect(res.status).toBe(400);
    const paths = res.body.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining(['indicators.3.targets.0.period', 'indicators.5.dimensions.0']),
    );
    expect(await count('indicators', fresh.id)).toBe(0);
    expect(await count('dimensions', fresh.id)).toBe(0);

    const schemaError = structuredClone(cradle) as typeof cradle;
    (schemaError.indicators[2] as { valueType: string }).valueType = 'percent';
    const res2 = await admin.post(`/api/collaborations/${fresh.id}/indicator-sets/import`, {
      ...schemaError,
      goalId: fresh.goals[0]!.id,
    });
    expect(res2.status).toBe(400);
    expect(res2.body.details[0].path).toBe('indicators.2.valueType');

    const wrongGoal = await admin.post(`/api/collaborations/${fresh.id}/indicator-sets/import`, {
      ...cradle,
      goalId: a.goals[0]!.id,
    });
    expect(wrongGoal.status).toBe(400);
    expect(wrongGoal.body.details[0].path).toBe('goalId');
    expect(await count('indicators', fresh.id)).toBe(0);
  });

  it('matches strategies by name within the goal', async () => {
    const fresh = await createCollaboration(admin);
    const set = structuredClone(cradle) as typeof cradle;
    set.indicators = set.indicators.slice(0, 2);
    set.indicators[0]!.strategy = 'early literacy';
    set.indicators[1]!.strategy = 'Nonexistent';
    const bad = await admin.post(`/api/collaborations/${fresh.id}/indicator-sets/import`, {
      ...set,
      goalId: fresh.goals[0]!.id,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([
      { path: 'indicators.1.strategy', message: expect.stringMatching(/Nonexistent/) },
    ]);
    delete set.indicators[1]!.strategy;
    const ok = await admin.post(`/api/collaborations/${fresh.id}/indicator-sets/import`, {
      ...set,
      goalId: fresh.goals[0]!.id,
    });
    expect(ok.status).toBe(201);
    const items = (await admin.get(`/api/collaborations/${fresh.id}/indicators`)).body
      .items as IndicatorView[];
    expect(items.find((i) => i.code === set.indicators[0]!.code)!.strategyId).toBe(
      fresh.goals[0]!.strategies[0]!.id,
    );
    expect(items.find((i) => i.code === set.indicators[1]!.code)!.strategyId).toBeNull();
  });

  it('403 for partner contributors importing', async () => {
    const res = await contributor.post(`/api/collaborations/${a.id}/indicator-sets/import`, {
      ...cradle,
      goalId: a.goals[0]!.id,
    });
    expect(res.status).toBe(403);
  });
});
