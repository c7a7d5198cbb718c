import type { AuditEventView, AuditPage, CollaborationDetail } from '@constellation/shared';
import { startTestApp, type TestApp } from './support/app';
import { addMember, createCollaboration, createUser, type UserAgent } from './support/fixtures';

describe('the audit log', () => {
  let t: TestApp;
  let admin: UserAgent;
  let staff: UserAgent;
  let contributor: UserAgent;
  let c: CollaborationDetail;
  let other: CollaborationDetail;
  let startedAt: string;

  const audit = async (query: Record<string, string | number> = {}) => {
    const res = await admin.get(`/api/collaborations/${c.id}/audit`).query(query);
    expect(res.status).toBe(200);
    return res.body as AuditPage;
  };
  const all = async (query: Record<string, string | number> = {}) =>
    (await audit({ pageSize: 200, ...query })).items;
  const one = (items: AuditEventView[], action: string) => {
    const found = items.filter((e) => e.action === action);
    expect(found).toHaveLength(1);
    return found[0]!;
  };

  beforeAll(async () => {
    t = await startTestApp();
    startedAt = new Date(Date.now() - 1000).toISOString();
    admin = await createUser(t, { name: 'Ada Admin', email: 'ada@example.test' });
    staff = await createUser(t, { name: 'Sam Staff' });
    contributor = await createUser(t, { name: 'Cal Contributor' });
    c = await createCollaboration(admin, { name: 'Audited' });
    other = await createCollaboration(await createUser(t), { name: 'Elsewhere' });
    await addMember(t, c.id, staff.user.id, 'backbone_staff');
    await addMember(t, c.id, contributor.user.id, 'partner_contributor');

    // One of every write, plus a refused one.
    const base = `/api/collaborations/${c.id}`;
    const ok = (res: { status: number }, status = 200) => expect(res.status).toBe(status);
    ok(await admin.patch(base, { name: 'Audited collaboration' }));
    const { version: _v, author: _a, createdAt: _c, changeNote: _n, ...agenda } = c.agenda;
    ok(
      await staff.put(`${base}/agenda`, {
        ...agenda,
        vision: 'A new vision',
        baseVersion: 1,
        changeNote: 'Sharper',
      }),
    );
    const goal = await staff.post(`${base}/goals`, { title: 'Added goal', targetDate: '2033-01-01' });
    ok(goal, 201);
    ok(await staff.patch(`${base}/goals/${goal.body.id}`, { title: 'Renamed goal' }));
    const strategy = await staff.post(`${base}/goals/${goal.body.id}/strategies`, { name: 'Added strategy' });
    ok(strategy, 201);
    ok(await staff.patch(`${base}/strategies/${strategy.body.id}`, { description: 'Now described' }));
    ok(await staff.delete(`${base}/strategies/${strategy.body.id}`), 204);
    ok(await staff.delete(`${base}/goals/${goal.body.id}`), 204);
    ok(await admin.post(`${base}/archive`));
    ok(await admin.post(`${base}/unarchive`));
    ok(await contributor.post(`${base}/goals`, { title: 'Not allowed', targetDate: '2033-01-01' }), 403);
  });
  afterAll(async () => {
    await t.close();
  });

  it('records the creation of a collaboration and everything created with it', async () => {
    const items = await all();
    const created = one(items, 'collaboration.create');
    expect(created).toMatchObject({
      entity: 'collaboration',
      entityId: c.id,
      outcome: 'success',
      actor: { id: admin.user.id, name: 'Ada Admin', email: 'ada@example.test' },
      before: null,
      after: { id: c.id, name: 'Audited', slug: c.slug, status: 'active' },
    });
    expect(created.after).not.toHaveProperty('joinCode');
    expect(typeof created.ip).toBe('string');
    expect(one(items, 'organisation.create').after).toEqual({
      id: c.backboneOrganisation.id,
      name: c.backboneOrganisation.name,
    });
    expect(one(items, 'partner.create').after).toMatchObject({
      id: c.myPartnerId,
      kind: 'backbone',
      endorsedAgendaVersion: 1,
    });
    expect(one(items, 'membership.create').after).toMatchObject({
      userId: admin.user.id,
      role: 'backbone_admin',
    });
    const goals = items.filter((e) => e.action === 'goal.create' && e.actor?.id === admin.user.id);
    expect(goals.map((e) => (e.after as { title: string }).title).sort()).toEqual(
      c.goals.map((g) => g.title).sort(),
    );
    expect(goals[0]!.before).toBeNull();
    const v1 = items.find((e) => e.action === 'agenda.save' && e.entityId === '1')!;
    expect(v1).toMatchObject({ before: null, after: { version: 1, vision: c.agenda.vision } });
  });

  it('records every later write with before and after', async () => {
    const items = await all();
    expect(one(items, 'collaboration.update')).toMatchObject({
      before: { name: 'Audited' },
      after: { name: 'Audited collaboration' },
    });
    const v2 = items.find((e) => e.action === 'agenda.save' && e.entityId === '2')!;
    expect(v2).toMatchObject({
      actor: { id: staff.user.id, name: 'Sam Staff' },
      before: { version: 1, vision: c.agenda.vision },
      after: { version: 2, vision: 'A new vision', changeNote: 'Sharper' },
    });
    expect(items.find((e) => e.action === 'goal.create' && e.actor?.id === staff.user.id)).toMatchObject({
      before: null,
      after: { title: 'Added goal', targetDate: '2033-01-01' },
    });
    expect(one(items, 'goal.update')).toMatchObject({
      before: { title: 'Added goal' },
      after: { title: 'Renamed goal' },
    });
    expect(one(items, 'strategy.create')).toMatchObject({ before: null, after: { name: 'Added strategy' } });
    expect(one(items, 'strategy.update')).toMatchObject({
      before: { description: '' },
      after: { description: 'Now described' },
    });
    expect(one(items, 'strategy.delete')).toMatchObject({ before: { name: 'Added strategy' }, after: null });
    expect(one(items, 'goal.delete')).toMatchObject({
      before: { title: 'Renamed goal', strategies: [] },
      after: null,
    });
    expect(one(items, 'collaboration.archive')).toMatchObject({
      before: { status: 'active' },
      after: { status: 'archived' },
    });
    expect(one(items, 'collaboration.unarchive')).toMatchObject({
      before: { status: 'archived' },
      after: { status: 'active', archivedAt: null },
    });
  });

  it('records refused access as denied', async () => {
    const denied = await all({ outcome: 'denied' });
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({
      outcome: 'denied',
      actor: { id: contributor.user.id },
      entity: 'route',
    });
  });

  it('answers newest first, paged, with the total', async () => {
    const everything = await all();
    const page1 = await audit({ pageSize: 3 });
    expect(page1).toMatchObject({ page: 1, pageSize: 3, total: everything.length });
    expect(page1.items.map((e) => e.id)).toEqual(everything.slice(0, 3).map((e) => e.id));
    const page2 = await audit({ pageSize: 3, page: 2 });
    expect(page2.items.map((e) => e.id)).toEqual(everything.slice(3, 6).map((e) => e.id));
    expect(everything[0]!.action).toBe('denied:goals.manage');
    for (let i = 1; i < everything.length; i++) {
      expect(Date.parse(everything[i - 1]!.createdAt)).toBeGreaterThanOrEqual(
        Date.parse(everything[i]!.createdAt),
      );
      expect(BigInt(everything[i - 1]!.id) > BigInt(everything[i]!.id)).toBe(true);
    }
    expect((await audit({ page: 999 })).items).toEqual([]);
  });

  it('filters by entity, action, action prefix, actor and period', async () => {
    const goalEvents = await all({ entity: 'goal' });
    expect(new Set(goalEvents.map((e) => e.entity))).toEqual(new Set(['goal']));
    expect(goalEvents.map((e) => e.action).sort()).toEqual([
      'goal.create',
      'goal.create',
      'goal.create',
      'goal.delete',
      'goal.update',
    ]);

    expect((await all({ action: 'goal.update' })).map((e) => e.action)).toEqual(['goal.update']);
    expect((await all({ action: 'strategy.*' })).map((e) => e.action)).toEqual([
      'strategy.delete',
      'strategy.update',
      'strategy.create',
    ]);
    expect(await all({ action: 'goal%' })).toEqual([]);

    const bySam = await all({ actorId: staff.user.id });
    expect(bySam.length).toBe(7);
    expect(bySam.every((e) => e.actor?.id === staff.user.id)).toBe(true);

    const everything = await all();
    expect((await all({ from: startedAt })).length).toBe(everything.length);
    expect(await all({ to: startedAt })).toEqual([]);
    const future = new Date(Date.now() + 3600_000).toISOString();
    expect(await all({ from: future })).toEqual([]);
    const middle = everything[Math.floor(everything.length / 2)]!.createdAt;
    const newer = await all({ from: middle });
    const older = await all({ to: middle });
    expect(newer.every((e) => e.createdAt >= middle)).toBe(true);
    expect(older.every((e) => e.createdAt <= middle)).toBe(true);
    expect(new Set([...newer, ...older].map((e) => e.id)).size).toBe(everything.length);
  });

  it('never shows events of another collaboration', async () => {
    const items = await all();
    expect(items.some((e) => e.entityId === other.id)).toBe(false);
    expect(items.some((e) => (e.after as { name?: string } | null)?.name === 'Elsewhere')).toBe(false);
  });

  it('validates the query and names the parameter', async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ outcome: 'maybe' }, 'query.outcome'],
      [{ actorId: 'someone' }, 'query.actorId'],
      [{ from: 'yesterday' }, 'query.from'],
      [{ pageSize: '1000' }, 'query.pageSize'],
      [{ page: '0' }, 'query.page'],
      [{ colour: 'red' }, 'query'],
      [{ from: '2030-01-02T00:00:00Z', to: '2030-01-01T00:00:00Z' }, 'query.to'],
      [{ from: '0000-01-01T00:00:00Z' }, 'query.from'],
      [{ to: '2030-01-01T00:00:00+99:00' }, 'query.to'],
    ];
    for (const [query, path] of cases) {
      const res = await admin.get(`/api/collaborations/${c.id}/audit`).query(query);
      expect(res.status).toBe(400);
      expect(res.body.details.map((d: { path: string }) => d.path)).toEqual([path]);
    }
    const repeated = await admin.get(`/api/collaborations/${c.id}/audit?entity=goal&entity=agenda`);
    expect(repeated.status).toBe(400);
  });

  it('is only for roles with audit.read', async () => {
    expect((await staff.get(`/api/collaborations/${c.id}/audit`)).status).toBe(403);
  });
});
