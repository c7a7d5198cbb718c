import type { CollaborationDetail, DimensionView } from '@constellation/shared';
import { startTestApp, type TestApp } from './support/app';
import { addMember, createCollaboration, createUser, dataSourceOf, type UserAgent } from './support/fixtures';

describe('dimensions', () => {
  let t: TestApp;
  let admin: UserAgent;
  let contributor: UserAgent;
  let outsider: UserAgent;
  let c: CollaborationDetail;
  let other: CollaborationDetail;
  let age: DimensionView;

  const url = (path = '') => `/api/collaborations/${c.id}${path}`;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t);
    contributor = await createUser(t);
    outsider = await createUser(t);
    c = await createCollaboration(admin);
    other = await createCollaboration(outsider);
    await addMember(t, c.id, contributor.user.id, 'partner_contributor');
  });
  afterAll(async () => {
    await t.close();
  });

  it('creates a dimension with ordered categories', async () => {
    const res = await admin.post(url('/dimensions'), {
      key: 'age_band',
      name: 'Age band',
      categories: [
        { key: '0-4', name: '0–4' },
        { key: '5-10', name: '5–10' },
      ],
    });
    expect(res.status).toBe(201);
    age = res.body;
    expect(age).toMatchObject({
      key: 'age_band',
      name: 'Age band',
      categories: [
        { key: '0-4', name: '0–4', position: 0 },
        { key: '5-10', name: '5–10', position: 1 },
      ],
      usedBy: [],
    });
    const list = await contributor.get(url('/dimensions'));
    expect(list.status).toBe(200);
    expect(list.body.items.map((d: DimensionView) => d.key)).toEqual(['age_band']);
  });

  it.each([
    [{ key: 'Age Band', name: 'x', categories: [{ key: 'a', name: 'A' }] }, 'key'],
    [{ key: 'x', name: 'x', categories: [] }, 'categories'],
    [
      {
        key: 'x',
        name: 'x',
        categories: [
          { key: 'a', name: 'A' },
          { key: 'a', name: 'B' },
        ],
      },
      'categories.1.key',
    ],
    [{ key: 'x', name: '', categories: [{ key: 'a', name: 'A' }] }, 'name'],
  ])('refuses invalid input %#', async (body, path) => {
    const res = await admin.post(url('/dimensions'), body);
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { path: string }) => d.path)).toContain(path);
  });

  it('refuses a duplicate key with 409 on key', async () => {
    const res = await admin.post(url('/dimensions'), {
      key: 'age_band',
      name: 'Again',
      categories: [{ key: 'a', name: 'A' }],
    });
    expect(res.status).toBe(409);
    expect(res.body.details).toEqual([{ path: 'key', message: 'is already taken' }]);
  });

  it('renames, adds and reorders categories', async () => {
    const res = await admin.patch(url(`/dimensions/${age.id}`), {
      name: 'Age group',
      categories: [
        { key: '5-10', name: '5 to 10' },
        { key: '0-4', name: '0 to 4' },
        { key: '11-15', name: '11 to 15' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.name).toBe('Age group');
    expect(res.body.categories.map((x: { key: string; position: number }) => [x.key, x.position])).toEqual([
      ['5-10', 0],
      ['0-4', 1],
      ['11-15', 2],
    ]);
    // Category ids survive a rename and a move.
    expect(res.body.categories.find((x: { key: string }) => x.key === '0-4').id).toBe(age.categories[0]!.id);
  });

  it('is shared by several indicators; deletion and category removal are refused while used', async () => {
    const body = (code: string) => ({
      code,
      name: `Indicator ${code}`,
      definition: 'd',
      unit: 'children',
      valueType: 'count',
      direction: 'increase',
      periodicity: 'year',
      aggregationAcrossPartners: 'sum',
      aggregationOverTime: 'sum',
      dimensions: [age.id],
      baseline: { value: '1', period: 'FY2023' },
      targets: [{ period: 'FY2026', value: '2', kind: 'long_term' }],
      measureType: 'population',
      goalId: c.goals[0]!.id,
    });
    expect((await admin.post(url('/indicators'), body('A-1'))).status).toBe(201);
    expect((await admin.post(url('/indicators'), body('A-2'))).status).toBe(201);
    const dims = (await admin.get(url('/dimensions'))).body.items as DimensionView[];
    expect(dims[0]!.usedBy.map((u) => u.code)).toEqual(['A-1', 'A-2']);

    const del = await admin.delete(url(`/dimensions/${age.id}`));
    expect(del.status).toBe(409);
    expect(del.body.message).toMatch(/A-1, A-2/);
    const shrink = await admin.patch(url(`/dimensions/${age.id}`), {
      categories: [{ key: '0-4', name: '0 to 4' }],
    });
    expect(shrink.status).toBe(409);
    expect(shrink.body.message).toMatch(/5-10, 11-15/);
  });

  it('deletes an unused dimension', async () => {
    const res = await admin.post(url('/dimensions'), {
      key: 'tmp',
      name: 'Temporary',
      categories: [{ key: 'a', name: 'A' }],
    });
    expect((await admin.delete(url(`/dimensions/${res.body.id}`))).status).toBe(204);
    const n = await dataSourceOf(t).query(
      `SELECT count(*)::int AS n FROM dimension_categories WHERE dimension_id = $1`,
      [res.body.id],
    );
    expect(n[0].n).toBe(0);
  });

  it('403 for partner contributors on writes, 404 for non-members and other tenants', async () => {
    expect(
      (
        await contributor.post(url('/dimensions'), {
          key: 'g',
          name: 'G',
          categories: [{ key: 'a', name: 'A' }],
        })
      ).status,
    ).toBe(403);
    expect((await contributor.patch(url(`/dimensions/${age.id}`), { name: 'x' })).status).toBe(403);
    expect((await outsider.get(url('/dimensions'))).status).toBe(404);
    const cross = await outsider.patch(`/api/collaborations/${other.id}/dimensions/${age.id}`, {
      name: 'Stolen',
    });
    expect(cross.status).toBe(404);
    expect((await outsider.delete(`/api/collaborations/${other.id}/dimensions/${age.id}`)).status).toBe(404);
  });
});
