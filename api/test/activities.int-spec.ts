import type { ActivityDetail, ActivityMatrixView, ActivitySummary, CollaborationDetail } from '@constellation/shared';
import { startTestApp, type TestApp } from './support/app';
import { addMember, addPartner, createCollaboration, createUser, dataSourceOf, type UserAgent } from './support/fixtures';

/** An indicator row as the migration defines it (indicators cannot be created through the api here). */
async function insertIndicator(t: TestApp, collaborationId: string, goalId: string, code: string): Promise<string> {
  const rows: Array<{ id: string }> = await dataSourceOf(t).query(
    `INSERT INTO indicators (collaboration_id, code, name, definition, unit, value_type, direction, periodicity,
                             aggregation_across, aggregation_over_time, goal_id, baseline_value, baseline_period, measure_type)
     VALUES ($1, $2, $3, 'A definition', 'people', 'count', 'increase', 'month', 'sum', 'sum', $4, 0, '2024-03', 'performance')
     RETURNING id`,
    [collaborationId, code, `Indicator ${code}`, goalId],
  );
  return rows[0]!.id;
}

describe('activities', () => {
  let t: TestApp;
  let admin: UserAgent;
  let partnerAdmin: UserAgent;
  let contributor: UserAgent;
  let otherContributor: UserAgent;
  let funderUser: UserAgent;
  let c: CollaborationDetail;
  let other: CollaborationDetail;
  let p1: string;
  let p2: string;
  let literacy: string;
  let health: string;
  let foreignStrategy: string;
  let i1: string;
  let i2: string;
  let foreignIndicator: string;
  let reading: ActivityDetail;
  let clinic: ActivityDetail;

  const url = (path = '') => `/api/collaborations/${c.id}/activities${path}`;
  const ids = async (query: string) => ((await admin.get(url(query))).body.items as ActivitySummary[]).map((a) => a.name).sort();

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t);
    partnerAdmin = await createUser(t);
    contributor = await createUser(t);
    otherContributor = await createUser(t);
    funderUser = await createUser(t);
    c = await createCollaboration(admin);
    other = await createCollaboration(await createUser(t));
    p1 = (await addMember(t, c.id, partnerAdmin.user.id, 'partner_admin')).partnerId;
    await addMember(t, c.id, contributor.user.id, 'partner_contributor', p1);
    p2 = (await addMember(t, c.id, otherContributor.user.id, 'partner_contributor')).partnerId;
    await addMember(t, c.id, funderUser.user.id, 'funder');
    // A strategy created through the api, beside those of the collaboration's first goal.
    const goal = await admin.post(`/api/collaborations/${c.id}/goals`, {
      title: 'Healthy families',
      targetDate: '2031-12-31',
      strategies: [{ name: 'Health visits' }],
    });
    expect(goal.status).toBe(201);
    literacy = c.goals[0]!.strategies[0]!.id;
    health = goal.body.strategies[0].id;
    foreignStrategy = other.goals[0]!.strategies[0]!.id;
    i1 = await insertIndicator(t, c.id, c.goals[0]!.id, 'READ');
    i2 = await insertIndicator(t, c.id, c.goals[0]!.id, 'VISIT');
    foreignIndicator = await insertIndicator(t, other.id, other.goals[0]!.id, 'X');
  });
  afterAll(async () => {
    await t.close();
  });

  it('the backbone creates an activity for any partner, with its strategy and indicators', async () => {
    const res = await admin.post(url(), {
      partnerId: p1,
      name: 'Reading buddies',
      description: 'Volunteers read with children',
      status: 'active',
      startDate: '2026-01-10',
      endDate: '2026-12-20',
      strategyId: literacy,
      indicatorIds: [i1],
    });
    expect(res.status).toBe(201);
    reading = res.body;
    expect(reading).toMatchObject({
      partnerId: p1,
      name: 'Reading buddies',
      status: 'active',
      startDate: '2026-01-10',
      endDate: '2026-12-20',
      strategyId: literacy,
      indicatorIds: [i1],
      strategy: { id: literacy, name: 'Early literacy' },
      indicators: [{ id: i1, code: 'READ' }],
      updates: [],
    });
    const [event] = await dataSourceOf(t).query(`SELECT before, after FROM audit_events WHERE action = 'activity.create' AND entity_id = $1`, [reading.id]);
    expect(event).toMatchObject({ before: null, after: { name: 'Reading buddies', partnerId: p1 } });
  });

  it('a contributor creates activities for their own organisation, not for another', async () => {
    const own = await contributor.post(url(), { name: 'Story time', strategyId: literacy });
    expect(own.status).toBe(201);
    expect(own.body).toMatchObject({ partnerId: p1, status: 'planned', description: '', startDate: null, indicatorIds: [] });
    const another = await contributor.post(url(), { partnerId: p2, name: 'Not ours' });
    expect(another.status).toBe(403);
    expect(another.body.details).toEqual([{ path: 'partnerId', message: 'must be your own organisation' }]);
    const theirs = await otherContributor.post(url(), { name: 'Clinic outreach', status: 'planned', strategyId: health, indicatorIds: [i2, i1] });
    expect(theirs.status).toBe(201);
    clinic = theirs.body;
    expect((await funderUser.post(url(), { name: 'Funding' })).status).toBe(403);
    expect(await ids('')).toEqual(['Clinic outreach', 'Reading buddies', 'Story time']);
  });

  it('refuses bad input with the field path and writes nothing', async () => {
    const before = await ids('');
    const cases: Array<[object, string]> = [
      [{ name: 'X', startDate: '2026-05-01', endDate: '2026-04-30' }, 'endDate'],
      [{ name: 'X', strategyId: foreignStrategy }, 'strategyId'],
      [{ name: 'X', indicatorIds: [i1, foreignIndicator] }, 'indicatorIds.1'],
      [{ name: 'X', indicatorIds: [i1, i1] }, 'indicatorIds.1'],
      [{ name: 'X', status: 'done' }, 'status'],
      [{ name: '' }, 'name'],
      [{ name: 'X', startDate: '2026-02-30' }, 'startDate'],
      [{ name: 'X', partnerId: 'nope' }, 'partnerId'],
    ];
    for (const [body, path] of cases) {
      const res = await admin.post(url(), body);
      expect({ body, status: res.status, paths: (res.body.details as Array<{ path: string }>).map((d) => d.path) }).toEqual({
        body,
        status: 400,
        paths: expect.arrayContaining([path]),
      });
    }
    const unknown = await admin.post(url(), { name: 'X', budget: 10 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.details).toEqual([{ path: '', message: 'unknown field: budget' }]);
    const funderPartner = (await addPartner(t, c.id, { kind: 'funder' })).partnerId;
    expect((await admin.post(url(), { name: 'X', partnerId: funderPartner })).status).toBe(400);
    const foreignPartner = (await addPartner(t, other.id)).partnerId;
    const res = await admin.post(url(), { name: 'X', partnerId: foreignPartner });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([{ path: 'partnerId', message: 'is not a partner of this collaboration' }]);
    expect(await ids('')).toEqual(before);
  });

  it('updates an activity of one\'s own organisation; another organisation\'s is not found', async () => {
    const res = await contributor.patch(url(`/${reading.id}`), { status: 'paused', indicatorIds: [i1, i2], strategyId: null });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'paused', strategyId: null, strategy: null, indicatorIds: [i1, i2].sort(), name: 'Reading buddies' });
    const bad = await contributor.patch(url(`/${reading.id}`), { endDate: '2025-12-31' });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([{ path: 'endDate', message: 'must not be before startDate (2026-01-10)' }]);
    expect((await contributor.patch(url(`/${clinic.id}`), { name: 'Taken over' })).status).toBe(404);
    expect((await otherContributor.patch(url(`/${reading.id}`), { name: 'Taken over' })).status).toBe(404);
    expect((await admin.patch(url(`/${clinic.id}`), { status: 'active', strategyId: foreignStrategy })).status).toBe(400);
    expect((await admin.patch(url(`/${clinic.id}`), { partnerId: p1 })).status).toBe(400);
    const back = await admin.patch(url(`/${reading.id}`), { strategyId: literacy, status: 'active' });
    expect(back.status).toBe(200);
    const events = await dataSourceOf(t).query(`SELECT before, after FROM audit_events WHERE action = 'activity.update' AND entity_id = $1 ORDER BY id`, [reading.id]);
    expect(events[0]).toMatchObject({ before: { status: 'active', strategyId: literacy }, after: { status: 'paused', strategyId: null } });
  });

  it('posts narrative updates, listed newest first', async () => {
    const first = await contributor.post(url(`/${reading.id}/updates`), { body: 'Twenty families signed up.' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ body: 'Twenty families signed up.', author: { id: contributor.user.id } });
    await dataSourceOf(t).query(`UPDATE activity_updates SET created_at = created_at - interval '1 hour' WHERE id = $1`, [first.body.id]);
    expect((await partnerAdmin.post(url(`/${reading.id}/updates`), { body: 'The library joined us.' })).status).toBe(201);
    expect((await otherContributor.post(url(`/${reading.id}/updates`), { body: 'Not mine' })).status).toBe(404);
    expect((await contributor.post(url(`/${reading.id}/updates`), { body: '' })).status).toBe(400);
    const detail = await funderUser.get(url(`/${reading.id}`));
    expect(detail.status).toBe(200);
    expect((detail.body as ActivityDetail).updates.map((u) => u.body)).toEqual(['The library joined us.', 'Twenty families signed up.']);
  });

  it('lists with filters', async () => {
    expect(await ids(`?partnerId=${p2}`)).toEqual(['Clinic outreach']);
    expect(await ids(`?strategyId=${literacy}`)).toEqual(['Reading buddies', 'Story time']);
    expect(await ids(`?indicatorId=${i2}`)).toEqual(['Clinic outreach', 'Reading buddies']);
    expect(await ids(`?status=planned`)).toEqual(['Clinic outreach', 'Story time']);
    expect((await admin.get(url('?status=done'))).status).toBe(400);
    expect((await admin.get(url('?sort=name'))).status).toBe(400);
  });

  it('shows the partners × strategies matrix', async () => {
    const res = await funderUser.get(url('/matrix'));
    expect(res.status).toBe(200);
    const m = res.body as ActivityMatrixView;
    expect(m.strategies.map((s) => s.name)).toEqual(['Early literacy', 'Healthy start', 'Health visits']);
    expect(m.partners.map((p) => p.partnerId).sort()).toEqual([p1, p2].sort());
    for (const p of m.partners) expect(p.cells.map((cell) => cell.strategyId)).toEqual(m.strategies.map((s) => s.id));
    const row1 = m.partners.find((p) => p.partnerId === p1)!;
    expect(row1.cells[0]!.activities.map((a) => a.name)).toEqual(['Reading buddies', 'Story time']);
    expect(row1.cells[0]!.activities[0]).toEqual({ id: reading.id, name: 'Reading buddies', status: 'active' });
    expect(row1.cells[1]!.activities).toEqual([]);
    const row2 = m.partners.find((p) => p.partnerId === p2)!;
    expect(row2.cells[2]!.activities.map((a) => a.name)).toEqual(['Clinic outreach']);
    expect(row2.unassigned).toEqual([]);
  });

  it('refuses to delete an activity that values are attributed to, naming how many', async () => {
    await dataSourceOf(t).query(
      `INSERT INTO indicator_values (collaboration_id, indicator_id, partner_id, period, activity_id, value, status)
       VALUES ($1, $2, $3, '2026-01', $4, 4, 'draft'), ($1, $2, $3, '2026-02', $4, 6, 'submitted')`,
      [c.id, i1, p1, reading.id],
    );
    const blocked = await contributor.delete(url(`/${reading.id}`));
    expect(blocked.status).toBe(409);
    expect(blocked.body.message).toMatch(/2 indicator values are attributed/);
    expect((await admin.get(url(`/${reading.id}`))).status).toBe(200);
    await dataSourceOf(t).query(`DELETE FROM indicator_values WHERE activity_id = $1`, [reading.id]);
    expect((await otherContributor.delete(url(`/${reading.id}`))).status).toBe(404);
    expect((await contributor.delete(url(`/${reading.id}`))).status).toBe(204);
    expect((await admin.get(url(`/${reading.id}`))).status).toBe(404);
    const [event] = await dataSourceOf(t).query(`SELECT before, after FROM audit_events WHERE action = 'activity.delete' AND entity_id = $1`, [reading.id]);
    expect(event).toMatchObject({ before: { name: 'Reading buddies' }, after: null });
  });

  it('answers 404 for another collaboration\'s activity and 409 when the collaboration is archived', async () => {
    const foreign = await addPartner(t, other.id);
    const [row] = await dataSourceOf(t).query(
      `INSERT INTO activities (collaboration_id, partner_id, name, status) VALUES ($1, $2, 'Elsewhere', 'active') RETURNING id`,
      [other.id, foreign.partnerId],
    );
    expect((await admin.get(url(`/${row.id}`))).status).toBe(404);
    expect((await admin.patch(url(`/${row.id}`), { name: 'Mine now' })).status).toBe(404);
    expect((await admin.delete(url(`/${row.id}`))).status).toBe(404);
    expect((await admin.get(url('/not-a-uuid'))).status).toBe(400);

    expect((await admin.post(`/api/collaborations/${c.id}/archive`)).status).toBe(200);
    expect((await contributor.post(url(), { name: 'Late' })).status).toBe(409);
    expect((await admin.patch(url(`/${clinic.id}`), { name: 'Late' })).status).toBe(409);
    expect((await admin.get(url(`/${clinic.id}`))).status).toBe(200);
    expect((await admin.post(`/api/collaborations/${c.id}/unarchive`)).status).toBe(200);
  });
});
