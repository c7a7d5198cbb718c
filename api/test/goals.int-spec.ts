import type { CollaborationDetail, GoalView } from '@constellation/shared';
import { startTestApp, type TestApp } from './support/app';
import { addMember, createCollaboration, createUser, dataSourceOf, type UserAgent } from './support/fixtures';

describe('goals and strategies', () => {
  let t: TestApp;
  let admin: UserAgent;
  let staff: UserAgent;
  let c: CollaborationDetail;
  let other: CollaborationDetail;

  const url = (path = '') => `/api/collaborations/${c.id}${path}`;
  const goals = async () => (await staff.get(url('/goals'))).body.items as GoalView[];

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t);
    staff = await createUser(t);
    c = await createCollaboration(admin, { goals: [] });
    await addMember(t, c.id, staff.user.id, 'backbone_staff');
    other = await createCollaboration(await createUser(t));
  });
  afterAll(async () => {
    await t.close();
  });

  it('creates goals with strategies, appended in order', async () => {
    const first = await staff.post(url('/goals'), {
      title: 'School readiness',
      targetDate: '2030-07-31',
      strategies: [{ name: 'Early literacy' }, { name: 'Healthy start', description: 'Health visits' }],
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      title: 'School readiness',
      description: '',
      targetDate: '2030-07-31',
      position: 0,
      strategies: [
        { name: 'Early literacy', description: '', position: 0, goalId: first.body.id },
        { name: 'Healthy start', description: 'Health visits', position: 1 },
      ],
    });
    const second = await staff.post(url('/goals'), { title: 'Family wellbeing', targetDate: '2032-12-31' });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ position: 1, strategies: [] });
    await staff.post(url('/goals'), { title: 'Good jobs', targetDate: '2035-01-01' });

    const list = await goals();
    expect(list.map((g) => [g.title, g.position])).toEqual([
      ['School readiness', 0],
      ['Family wellbeing', 1],
      ['Good jobs', 2],
    ]);
    expect(list[0]!.strategies.map((s) => s.name)).toEqual(['Early literacy', 'Healthy start']);
  });

  it('updates a goal and moves it; the others are renumbered', async () => {
    const [a, b, g] = await goals();
    const res = await staff.patch(url(`/goals/${g!.id}`), {
      title: 'Good work',
      targetDate: '2034-12-31',
      position: 0,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: g!.id,
      title: 'Good work',
      targetDate: '2034-12-31',
      position: 0,
      description: '',
    });
    expect((await goals()).map((x) => [x.id, x.position])).toEqual([
      [g!.id, 0],
      [a!.id, 1],
      [b!.id, 2],
    ]);
    const far = await staff.patch(url(`/goals/${g!.id}`), { position: 99 });
    expect(far.body.position).toBe(2);
    expect((await goals()).map((x) => x.id)).toEqual([a!.id, b!.id, g!.id]);
  });

  it('validates goal bodies and names the path', async () => {
    const [a] = await goals();
    const cases: Array<[string, 'post' | 'patch', Record<string, unknown>, string]> = [
      [url('/goals'), 'post', { title: 'x', targetDate: '2030-02-30' }, 'targetDate'],
      [url('/goals'), 'post', { title: '', targetDate: '2030-01-01' }, 'title'],
      [
        url('/goals'),
        'post',
        { title: 'x', targetDate: '2030-01-01', strategies: [{ name: 'y', colour: 'red' }] },
        'strategies.0',
      ],
      [url('/goals'), 'post', { title: 'x', targetDate: '2030-01-01', position: 3 }, ''],
      [url(`/goals/${a!.id}`), 'patch', { targetDate: 'soon' }, 'targetDate'],
      [url(`/goals/${a!.id}`), 'patch', { position: -1 }, 'position'],
      [url(`/goals/${a!.id}`), 'patch', { position: 1.5 }, 'position'],
      [url(`/goals/${a!.id}/strategies`), 'post', { name: '' }, 'name'],
    ];
    for (const [path, method, body, field] of cases) {
      const res = await staff[method](path, body);
      expect(res.status).toBe(400);
      expect(res.body.details.map((d: { path: string }) => d.path)).toEqual([field]);
    }
    const badId = await staff.patch(url('/goals/not-a-uuid'), { title: 'x' });
    expect(badId.status).toBe(400);
    expect(badId.body.details[0].path).toBe('params.goalId');
  });

  it('adds, edits, moves and deletes strategies', async () => {
    const [a] = await goals();
    const created = await staff.post(url(`/goals/${a!.id}/strategies`), {
      name: 'Parent groups',
      description: 'Weekly',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      goalId: a!.id,
      name: 'Parent groups',
      description: 'Weekly',
      position: 2,
    });

    const moved = await staff.patch(url(`/strategies/${created.body.id}`), {
      name: 'Parent circles',
      position: 0,
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ name: 'Parent circles', description: 'Weekly', position: 0 });
    expect((await goals())[0]!.strategies.map((s) => [s.name, s.position])).toEqual([
      ['Parent circles', 0],
      ['Early literacy', 1],
      ['Healthy start', 2],
    ]);

    const literacy = (await goals())[0]!.strategies[1]!;
    expect((await staff.delete(url(`/strategies/${literacy.id}`))).status).toBe(204);
    expect((await goals())[0]!.strategies.map((s) => [s.name, s.position])).toEqual([
      ['Parent circles', 0],
      ['Healthy start', 1],
    ]);
    expect((await staff.delete(url(`/strategies/${literacy.id}`))).status).toBe(404);
    expect((await staff.patch(url(`/strategies/${literacy.id}`), { name: 'x' })).status).toBe(404);
  });

  it('deletes a goal with its strategies and closes the gap', async () => {
    const [a, b, g] = await goals();
    expect((await staff.delete(url(`/goals/${a!.id}`))).status).toBe(204);
    expect((await goals()).map((x) => [x.id, x.position])).toEqual([
      [b!.id, 0],
      [g!.id, 1],
    ]);
    const [{ n }] = await dataSourceOf(t).query(
      `SELECT count(*)::int AS n FROM strategies WHERE goal_id = $1`,
      [a!.id],
    );
    expect(n).toBe(0);
    expect((await staff.delete(url(`/goals/${a!.id}`))).status).toBe(404);
    expect((await staff.post(url(`/goals/${a!.id}/strategies`), { name: 'Orphan' })).status).toBe(404);
  });

  it('answers 404 for goals and strategies of another collaboration, and changes nothing there', async () => {
    const foreignGoal = other.goals[0]!;
    const foreignStrategy = foreignGoal.strategies[0]!;
    const attempts = [
      staff.patch(url(`/goals/${foreignGoal.id}`), { title: 'Hijacked' }),
      staff.delete(url(`/goals/${foreignGoal.id}`)),
      staff.post(url(`/goals/${foreignGoal.id}/strategies`), { name: 'Hijacked' }),
      staff.patch(url(`/strategies/${foreignStrategy.id}`), { name: 'Hijacked' }),
      staff.delete(url(`/strategies/${foreignStrategy.id}`)),
    ];
    for (const res of await Promise.all(attempts)) expect(res.status).toBe(404);
    const [row] = await dataSourceOf(t).query(
      `SELECT g.title, (SELECT count(*)::int FROM strategies s WHERE s.goal_id = g.id) AS n FROM goals g WHERE g.id = $1`,
      [foreignGoal.id],
    );
    expect(row).toEqual({ title: foreignGoal.title, n: foreignGoal.strategies.length });
  });

  it('lets members without goals.manage read but not write', async () => {
    const partnerAdmin = await createUser(t);
    await addMember(t, c.id, partnerAdmin.user.id, 'partner_admin');
    const [g] = await goals();
    expect((await partnerAdmin.get(url('/goals'))).status).toBe(200);
    expect((await partnerAdmin.post(url('/goals'), { title: 'x', targetDate: '2030-01-01' })).status).toBe(
      403,
    );
    expect((await partnerAdmin.patch(url(`/goals/${g!.id}`), { title: 'x' })).status).toBe(403);
  });
});
