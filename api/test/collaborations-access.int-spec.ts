import type { CollaborationDetail, SaveAgendaInput } from '@constellation/shared';
import type { Agent } from './support/app';
import { startTestApp, type TestApp } from './support/app';
import { addMember, createCollaboration, createUser, dataSourceOf, type UserAgent } from './support/fixtures';

/**
 * Access to every collaboration, agenda, goal and audit route: a member of another collaboration
 * gets 404, a partner contributor 403 on writes, and an archived collaboration 409 on writes.
 */
interface Route {
  name: string;
  write: boolean;
  call: (agent: Agent, c: CollaborationDetail) => Promise<{ status: number; body: { message?: string } }>;
}

const agendaBody = (c: CollaborationDetail): SaveAgendaInput => {
  const { version, author: _a, createdAt: _c, changeNote: _n, ...agenda } = c.agenda;
  return { ...agenda, baseVersion: version, changeNote: 'access test' };
};

const ROUTES: Route[] = [
  { name: 'GET collaboration', write: false, call: (a, c) => a.get(`/api/collaborations/${c.id}`) },
  {
    name: 'PATCH collaboration',
    write: true,
    call: (a, c) => a.patch(`/api/collaborations/${c.id}`, { name: 'Renamed' }),
  },
  { name: 'POST archive', write: true, call: (a, c) => a.post(`/api/collaborations/${c.id}/archive`) },
  { name: 'POST unarchive', write: true, call: (a, c) => a.post(`/api/collaborations/${c.id}/unarchive`) },
  { name: 'GET agenda', write: false, call: (a, c) => a.get(`/api/collaborations/${c.id}/agenda`) },
  {
    name: 'PUT agenda',
    write: true,
    call: (a, c) => a.put(`/api/collaborations/${c.id}/agenda`, agendaBody(c)),
  },
  {
    name: 'GET agenda versions',
    write: false,
    call: (a, c) => a.get(`/api/collaborations/${c.id}/agenda/versions`),
  },
  {
    name: 'GET agenda version',
    write: false,
    call: (a, c) => a.get(`/api/collaborations/${c.id}/agenda/versions/1`),
  },
  { name: 'GET goals', write: false, call: (a, c) => a.get(`/api/collaborations/${c.id}/goals`) },
  {
    name: 'POST goal',
    write: true,
    call: (a, c) =>
      a.post(`/api/collaborations/${c.id}/goals`, { title: 'New goal', targetDate: '2031-01-01' }),
  },
  {
    name: 'PATCH goal',
    write: true,
    call: (a, c) => a.patch(`/api/collaborations/${c.id}/goals/${c.goals[1]!.id}`, { title: 'Changed' }),
  },
  {
    name: 'DELETE goal',
    write: true,
    call: (a, c) => a.delete(`/api/collaborations/${c.id}/goals/${c.goals[1]!.id}`),
  },
  {
    name: 'POST strategy',
    write: true,
    call: (a, c) =>
      a.post(`/api/collaborations/${c.id}/goals/${c.goals[0]!.id}/strategies`, { name: 'New strategy' }),
  },
  {
    name: 'PATCH strategy',
    write: true,
    call: (a, c) =>
      a.patch(`/api/collaborations/${c.id}/strategies/${c.goals[0]!.strategies[0]!.id}`, { name: 'Changed' }),
  },
  {
    name: 'DELETE strategy',
    write: true,
    call: (a, c) => a.delete(`/api/collaborations/${c.id}/strategies/${c.goals[0]!.strategies[1]!.id}`),
  },
  { name: 'GET audit', write: false, call: (a, c) => a.get(`/api/collaborations/${c.id}/audit`) },
];

describe('collaboration routes: access', () => {
  let t: TestApp;
  let admin: UserAgent;
  let outsider: UserAgent;
  let contributor: UserAgent;
  let c: CollaborationDetail;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t);
    outsider = await createUser(t);
    contributor = await createUser(t);
    c = await createCollaboration(admin);
    await createCollaboration(outsider); // the outsider is backbone admin elsewhere
    await addMember(t, c.id, contributor.user.id, 'partner_contributor');
  });
  afterAll(async () => {
    await t.close();
  });

  const snapshot = async () =>
    dataSourceOf(t).query(
      `SELECT (SELECT row_to_json(x) FROM (SELECT name, slug, status, current_agenda_version FROM collaborations WHERE id = $1) x) AS c,
              (SELECT count(*)::int FROM agenda_versions WHERE collaboration_id = $1) AS versions,
              (SELECT json_agg(g ORDER BY g.id) FROM goals g WHERE collaboration_id = $1) AS goals,
              (SELECT json_agg(s ORDER BY s.id) FROM strategies s WHERE collaboration_id = $1) AS strategies`,
      [c.id],
    );

  it.each(ROUTES.map((r) => [r.name, r]))(
    '%s: a member of another collaboration gets 404',
    async (_name, route) => {
      const before = await snapshot();
      const res = await route.call(outsider, c);
      expect(res.status).toBe(404);
      expect(await snapshot()).toEqual(before);
    },
  );

  it.each(ROUTES.map((r) => [r.name, r]))('%s: someone signed out gets 401', async (_name, route) => {
    expect((await route.call(t.agent(), c)).status).toBe(401);
  });

  it.each(ROUTES.filter((r) => r.write).map((r) => [r.name, r]))(
    '%s: a partner contributor gets 403',
    async (_name, route) => {
      const before = await snapshot();
      const res = await route.call(contributor, c);
      expect(res.status).toBe(403);
      expect(await snapshot()).toEqual(before);
    },
  );

  it.each(ROUTES.filter((r) => !r.write && r.name !== 'GET audit').map((r) => [r.name, r]))(
    '%s: a partner contributor may read',
    async (_name, route) => {
      expect((await route.call(contributor, c)).status).toBe(200);
    },
  );

  it('GET audit: a partner contributor gets 403', async () => {
    expect((await contributor.get(`/api/collaborations/${c.id}/audit`)).status).toBe(403);
  });

  it('an ill-formed collaboration id is 404 too', async () => {
    expect((await admin.get('/api/collaborations/not-an-id')).status).toBe(404);
    expect((await admin.get('/api/collaborations/not-an-id/goals')).status).toBe(404);
  });

  describe('when archived', () => {
    beforeAll(async () => {
      expect((await admin.post(`/api/collaborations/${c.id}/archive`)).status).toBe(200);
    });

    it.each(ROUTES.filter((r) => r.write && r.name !== 'POST unarchive').map((r) => [r.name, r]))(
      '%s answers 409 "This collaboration is archived" and writes nothing',
      async (_name, route) => {
        const before = await snapshot();
        const res = await route.call(admin, c);
        expect(res.status).toBe(409);
        expect(res.body.message).toBe('This collaboration is archived');
        expect(await snapshot()).toEqual(before);
      },
    );

    it.each(ROUTES.filter((r) => !r.write).map((r) => [r.name, r]))(
      '%s still answers 200',
      async (_name, route) => {
        expect((await route.call(admin, c)).status).toBe(200);
      },
    );

    it('unarchiving makes it writable again', async () => {
      expect((await admin.post(`/api/collaborations/${c.id}/unarchive`)).status).toBe(200);
      const res = await admin.post(`/api/collaborations/${c.id}/goals`, {
        title: 'After',
        targetDate: '2031-01-01',
      });
      expect(res.status).toBe(201);
    });
  });
});
