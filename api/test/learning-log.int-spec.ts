import { startTestApp, type TestApp } from './support/app';
import { addMember, createCollaboration, createUser, dataSourceOf, type UserAgent } from './support/fixtures';
import { createIndicator, type MeasurementFixture, measurementFixture } from './support/measurement-fixture';

let t: TestApp;
let fx: MeasurementFixture;
let funder: UserAgent;
let outsider: UserAgent;
let indicatorId: string;
let secondIndicatorId: string;
let foreignIndicatorId: string;

const entry = (over: object = {}) => ({
  title: 'Evening sessions fill up',
  tried: 'We moved the **reading** sessions to 6pm.',
  learned: 'Working parents came; attendance doubled.',
  willChange: 'Keep evenings, add a Saturday.',
  indicatorIds: [indicatorId],
  period: '2025-q2',
  ...over,
});
const count = async (table: string) => Number((await dataSourceOf(t).query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);
const audits = async (action: string) =>
  (await dataSourceOf(t).query(`SELECT actor_id, entity_id, before, after FROM audit_events WHERE action = $1 ORDER BY id`, [action])) as Array<{
    actor_id: string;
    entity_id: string;
    before: unknown;
    after: unknown;
  }>;

beforeAll(async () => {
  t = await startTestApp();
  fx = await measurementFixture(t);
  funder = await createUser(t, { name: 'Fiona Funder' });
  await addMember(t, fx.collaborationId, funder.user.id, 'funder');
  indicatorId = await createIndicator(t, fx, { periodicity: 'quarter' });
  secondIndicatorId = await createIndicator(t, fx, { periodicity: 'month' });
  outsider = await createUser(t, { name: 'Otto Outsider' });
  const elsewhere = await createCollaboration(outsider);
  const [row]: Array<{ id: string }> = await dataSourceOf(t).query(
    `INSERT INTO indicators (collaboration_id, code, name, definition, unit, value_type, direction, periodicity, aggregation_across,
                             aggregation_over_time, goal_id, baseline_value, baseline_period, measure_type)
     VALUES ($1, 'ELSE-1', 'Elsewhere', '', 'people', 'count', 'increase', 'quarter', 'sum', 'sum', $2, 0, '2019', 'performance') RETURNING id`,
    [elsewhere.id, elsewhere.goals[0]!.id],
  );
  foreignIndicatorId = row!.id;
});
afterAll(async () => {
  await t?.close();
});

describe('learning log', () => {
  let entryId: string;
  let privateId: string;

  it('a partner writes an entry on indicators and a period (canonical key, shared with funders by default); audited', async () => {
    const res = await fx.partner.post(`${fx.base}/learning`, entry({ indicatorIds: [indicatorId, secondIndicatorId] }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      title: 'Evening sessions fill up',
      period: '2025-Q2',
      periodTo: null,
      shareWithFunders: true,
      author: { id: fx.partner.user.id, name: 'Pat Partner' },
      canEdit: true,
    });
    expect(res.body.indicators.map((i: { id: string }) => i.id).sort()).toEqual([indicatorId, secondIndicatorId].sort());
    entryId = res.body.id;
    expect(await audits('learning.create')).toEqual([expect.objectContaining({ actor_id: fx.partner.user.id, entity_id: entryId })]);
  });

  it('a range of periods; one kept from funders', async () => {
    const res = await fx.staff.post(`${fx.base}/learning`, entry({ title: 'Internal note', period: '2025-01', periodTo: '2025-Q3', shareWithFunders: false }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ period: '2025-01', periodTo: '2025-Q3', shareWithFunders: false });
    privateId = res.body.id;
  });

  it('every member reads the entries; funders only those shared with them (the other is 404)', async () => {
    const forOther = await fx.other.get(`${fx.base}/learning?indicatorId=${indicatorId}`);
    expect(forOther.status).toBe(200);
    expect(forOther.body.items.map((e: { id: string }) => e.id).sort()).toEqual([entryId, privateId].sort());
    expect(forOther.body.items.every((e: { canEdit: boolean }) => !e.canEdit)).toBe(true);

    const forFunder = await funder.get(`${fx.base}/learning?indicatorId=${indicatorId}`);
    expect(forFunder.body.items.map((e: { id: string }) => e.id)).toEqual([entryId]);
    expect((await funder.get(`${fx.base}/learning/${entryId}`)).status).toBe(200);
    expect((await funder.get(`${fx.base}/learning/${privateId}`)).status).toBe(404);

    // linked to the second indicator only by the first entry
    const bySecond = await fx.admin.get(`${fx.base}/learning?indicatorId=${secondIndicatorId}`);
    expect(bySecond.body.items.map((e: { id: string }) => e.id)).toEqual([entryId]);
  });

  it('funders and outsiders cannot write; outsiders cannot read', async () => {
    const before = await count('learning_entries');
    expect((await funder.post(`${fx.base}/learning`, entry())).status).toBe(403);
    expect((await outsider.post(`${fx.base}/learning`, entry())).status).toBe(404);
    expect((await outsider.get(`${fx.base}/learning`)).status).toBe(404);
    expect(await count('learning_entries')).toBe(before);
  });

  it('bad input answers 400 naming the field, and nothing is written', async () => {
    const before = await count('learning_entries');
    const badPeriod = await fx.partner.post(`${fx.base}/learning`, entry({ period: '2025-Q7' }));
    expect(badPeriod.status).toBe(400);
    expect(badPeriod.body.details).toEqual([expect.objectContaining({ path: 'period' })]);

    const backwards = await fx.partner.post(`${fx.base}/learning`, entry({ period: '2025-Q3', periodTo: '2025-02' }));
    expect(backwards.status).toBe(400);
    expect(backwards.body.details).toEqual([{ path: 'periodTo', message: 'must not end before 2025-Q3 starts' }]);

    const foreign = await fx.partner.post(`${fx.base}/learning`, entry({ indicatorIds: [indicatorId, foreignIndicatorId] }));
    expect(foreign.status).toBe(400);
    expect(foreign.body.details).toEqual([{ path: 'indicatorIds.1', message: 'is not an indicator of this collaboration' }]);

    const empty = await fx.partner.post(`${fx.base}/learning`, entry({ learned: '  ', indicatorIds: [] }));
    expect(empty.status).toBe(400);
    expect(empty.body.details.map((d: { path: string }) => d.path).sort()).toEqual(['indicatorIds', 'learned']);
    expect(await count('learning_entries')).toBe(before);
  });

  it('only the author or the backbone edits or deletes; another partner gets 403 and nothing changes', async () => {
    const denied = await fx.other.patch(`${fx.base}/learning/${entryId}`, { title: 'Hijacked' });
    expect(denied.status).toBe(403);
    expect((await fx.other.delete(`${fx.base}/learning/${entryId}`)).status).toBe(403);
    expect((await fx.admin.get(`${fx.base}/learning/${entryId}`)).body.title).toBe('Evening sessions fill up');

    const byAuthor = await fx.partner.patch(`${fx.base}/learning/${entryId}`, { title: 'Evening sessions work', periodTo: '2025-Q4' });
    expect(byAuthor.status).toBe(200);
    expect(byAuthor.body).toMatchObject({ title: 'Evening sessions work', period: '2025-Q2', periodTo: '2025-Q4' });

    const byBackbone = await fx.staff.patch(`${fx.base}/learning/${entryId}`, { indicatorIds: [indicatorId], shareWithFunders: false });
    expect(byBackbone.status).toBe(200);
    expect(byBackbone.body.indicators.map((i: { id: string }) => i.id)).toEqual([indicatorId]);
    expect((await funder.get(`${fx.base}/learning/${entryId}`)).status).toBe(404);

    const updates = await audits('learning.update');
    expect(updates.map((a) => a.actor_id)).toEqual([fx.partner.user.id, fx.staff.user.id]);
    expect(updates[0]!.before).toMatchObject({ title: 'Evening sessions fill up' });
    expect(updates[0]!.after).toMatchObject({ title: 'Evening sessions work' });

    expect((await fx.partner.delete(`${fx.base}/learning/${entryId}`)).status).toBe(204);
    expect((await fx.admin.get(`${fx.base}/learning/${entryId}`)).status).toBe(404);
    expect(await audits('learning.delete')).toEqual([expect.objectContaining({ actor_id: fx.partner.user.id, entity_id: entryId, after: null })]);
    expect((await fx.admin.delete(`${fx.base}/learning/${privateId}`)).status).toBe(204);
  });

  it("another collaboration's entry is 404 and untouched", async () => {
    const mine = await fx.partner.post(`${fx.base}/learning`, entry());
    const res = await outsider.patch(`/api/collaborations/${fx.collaborationId}/learning/${mine.body.id}`, { title: 'x' });
    expect(res.status).toBe(404);
    expect((await fx.admin.get(`${fx.base}/learning/${mine.body.id}`)).body.title).toBe('Evening sessions fill up');
  });
});
