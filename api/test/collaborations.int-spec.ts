import { permissionsOf } from '@constellation/shared';
import type { CollaborationDetail } from '@constellation/shared';
import { startTestApp, type TestApp } from './support/app';
import {
  addMember,
  collaborationInput,
  createCollaboration,
  createUser,
  dataSourceOf,
  type UserAgent,
} from './support/fixtures';

describe('collaborations', () => {
  let t: TestApp;
  let admin: UserAgent;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, { name: 'Ada Admin' });
  });
  afterAll(async () => {
    await t.close();
  });

  describe('POST /api/collaborations', () => {
    it('creates everything a collaboration needs in one go and answers the detail', async () => {
      const input = collaborationInput({ name: 'Ready by Five', slug: undefined });
      const res = await admin.post('/api/collaborations', input);
      expect(res.status).toBe(201);
      const c = res.body as CollaborationDetail;
      expect(c).toMatchObject({
        name: 'Ready by Five',
        slug: 'ready-by-five',
        status: 'active',
        backboneOrganisation: { name: 'Riverton Community Foundation' },
        myRole: 'backbone_admin',
        archivedAt: null,
        agenda: {
          version: 1,
          problemStatement: input.agenda.problemStatement,
          vision: input.agenda.vision,
          principles: ['Families first', 'Share the data'],
          geography: 'Riverton',
          form: 'collective_impact',
          fiscalYearStartMonth: 4,
          timeZone: 'Europe/London',
          requiresApproval: false,
          changeNote: '',
          author: { id: admin.user.id, name: 'Ada Admin' },
        },
      });
      expect(c.joinCode).toMatch(/^[A-HJKMNP-Z2-9]{8}$/);
      expect(c.myPermissions).toContain('collaboration.manage');
      expect(c.goals).toHaveLength(2);
      expect(c.goals.map((g) => [g.title, g.position, g.targetDate])).toEqual([
        ['School readiness', 0, '2030-07-31'],
        ['Family wellbeing', 1, '2032-12-31'],
      ]);
      expect(c.goals[0]!.strategies.map((s) => [s.name, s.position])).toEqual([
        ['Early literacy', 0],
        ['Healthy start', 1],
      ]);

      // The rows behind it: backbone partner endorsing v1, the creator's membership.
      const ds = dataSourceOf(t);
      const partners = await ds.query(
        `SELECT kind, status, endorsed_agenda_version, endorsed_by, organisation_id FROM partners WHERE collaboration_id = $1`,
        [c.id],
      );
      expect(partners).toEqual([
        {
          kind: 'backbone',
          status: 'active',
          endorsed_agenda_version: 1,
          endorsed_by: admin.user.id,
          organisation_id: c.backboneOrganisation.id,
        },
      ]);
      const memberships = await ds.query(
        `SELECT user_id, role, partner_id FROM memberships WHERE collaboration_id = $1`,
        [c.id],
      );
      expect(memberships).toEqual([
        { user_id: admin.user.id, role: 'backbone_admin', partner_id: c.myPartnerId },
      ]);

      const detail = await admin.get(`/api/collaborations/${c.id}`);
      expect(detail.status).toBe(200);
      expect(detail.body).toEqual(c);
    });

    it('de-duplicates a slug made from the name', async () => {
      const a = await createCollaboration(admin, { name: 'Bright Futures', slug: undefined });
      const b = await createCollaboration(admin, { name: 'Bright  Futures!', slug: undefined });
      expect(a.slug).toBe('bright-futures');
      expect(b.slug).toBe('bright-futures-2');
      expect(a.joinCode).not.toBe(b.joinCode);
    });

    it('gives concurrent creations with the same name distinct slugs', async () => {
      const name = 'Concurrent Coalition';
      const results = await Promise.all(
        [1, 2, 3].map(() => admin.post('/api/collaborations', collaborationInput({ name }))),
      );
      expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
      expect(results.map((r) => r.body.slug as string).sort()).toEqual([
        'concurrent-coalition',
        'concurrent-coalition-2',
        'concurrent-coalition-3',
      ]);
    });

    it('answers 409 naming slug when an explicit slug is taken, and writes nothing', async () => {
      await createCollaboration(admin, { slug: 'taken-slug' });
      const ds = dataSourceOf(t);
      const [{ n: before }] = await ds.query(`SELECT count(*)::int AS n FROM organisations`);
      const res = await admin.post('/api/collaborations', collaborationInput({ slug: 'Taken-Slug' }));
      expect(res.status).toBe(409);
      expect(res.body.details).toEqual([{ path: 'slug', message: 'is already taken' }]);
      expect(res.body.message).toMatch(/slug/);
      const [{ n: after }] = await ds.query(`SELECT count(*)::int AS n FROM organisations`);
      expect(after).toBe(before);
    });

    it('stores the canonical spelling of the time zone', async () => {
      const input = collaborationInput();
      const c = await createCollaboration(admin, { agenda: { ...input.agenda, timeZone: 'europe/paris' } });
      expect(c.agenda.timeZone).toBe('Europe/Paris');
    });

    it.each([
      ['an unknown top-level field', (b: Record<string, unknown>) => ({ ...b, colour: 'red' }), ''],
      [
        'an unknown agenda field',
        (b: Record<string, unknown>) => ({ ...b, agenda: { ...(b.agenda as object), foo: 1 } }),
        'agenda',
      ],
      [
        'an unknown goal field',
        (b: Record<string, unknown>) => ({
          ...b,
          goals: [{ title: 'G', targetDate: '2030-01-01', owner: 'x' }],
        }),
        'goals.0',
      ],
    ])('rejects %s with 400 naming the path', async (_label, mutate, path) => {
      const res = await admin.post(
        '/api/collaborations',
        mutate(collaborationInput() as unknown as Record<string, unknown>),
      );
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([
        expect.objectContaining({ path, message: expect.stringMatching(/unknown field/) }),
      ]);
    });

    it.each([
      ['fiscalYearStartMonth', 13, 'agenda.fiscalYearStartMonth'],
      ['fiscalYearStartMonth', 0, 'agenda.fiscalYearStartMonth'],
      ['fiscalYearStartMonth', 4.5, 'agenda.fiscalYearStartMonth'],
      ['fiscalYearStartMonth', '4', 'agenda.fiscalYearStartMonth'],
      ['timeZone', 'Mars/Olympus_Mons', 'agenda.timeZone'],
      ['timeZone', '', 'agenda.timeZone'],
      ['form', 'guild', 'agenda.form'],
      ['vision', '   ', 'agenda.vision'],
    ])('rejects agenda %s = %j with 400 naming %s', async (field, value, path) => {
      const input = collaborationInput();
      const res = await admin.post('/api/collaborations', {
        ...input,
        agenda: { ...input.agenda, [field]: value },
      });
      expect(res.status).toBe(400);
      expect(res.body.details.map((d: { path: string }) => d.path)).toEqual([path]);
    });

    it.each(['2030-02-30', '2030-13-01', '31/12/2030', '0000-01-01', '99999-01-01', '1850-01-01', ''])(
      'rejects the goal target date %j with 400 naming goals.0.targetDate',
      async (targetDate) => {
        const res = await admin.post(
          '/api/collaborations',
          collaborationInput({ goals: [{ title: 'G', description: '', targetDate, strategies: [] }] }),
        );
        expect(res.status).toBe(400);
        expect(res.body.details.map((d: { path: string }) => d.path)).toEqual(['goals.0.targetDate']);
      },
    );

    it('rejects bad slugs and names with 400', async () => {
      for (const [body, path] of [
        [{ slug: 'no spaces' }, 'slug'],
        [{ slug: 'ab' }, 'slug'],
        [{ name: '' }, 'name'],
        [{ name: 'x'.repeat(201) }, 'name'],
      ] as const) {
        const res = await admin.post('/api/collaborations', { ...collaborationInput(), ...body });
        expect(res.status).toBe(400);
        expect(res.body.details.map((d: { path: string }) => d.path)).toEqual([path]);
      }
    });

    it('answers 400, not 500, for text PostgreSQL cannot store', async () => {
      const res = await admin.post('/api/collaborations', collaborationInput({ name: 'Bad \u0000 name' }));
      expect(res.status).toBe(400);
    });

    it('requires a signed-in person', async () => {
      const res = await t.agent().post('/api/collaborations', collaborationInput());
      expect(res.status).toBe(401);
    });
  });

  describe('reading and settings', () => {
    let c: CollaborationDetail;
    beforeAll(async () => {
      c = await createCollaboration(admin, { name: 'Settings test' });
    });

    it('lists my collaborations with my role and counts', async () => {
      const other = await createUser(t);
      const mine = await createCollaboration(other, { name: 'Other person' });
      await addMember(t, mine.id, admin.user.id, 'partner_contributor');
      const res = await admin.get('/api/collaborations');
      expect(res.status).toBe(200);
      const items = res.body.items as Array<Record<string, unknown>>;
      expect(items.find((i) => i.id === c.id)).toEqual({
        id: c.id,
        name: 'Settings test',
        slug: c.slug,
        status: 'active',
        vision: c.agenda.vision,
        role: 'backbone_admin',
        partnerCount: 1,
        goalCount: 2,
      });
      expect(items.find((i) => i.id === mine.id)).toMatchObject({
        role: 'partner_contributor',
        partnerCount: 2,
      });
      const theirs = await other.get('/api/collaborations');
      expect(theirs.body.items.map((i: { id: string }) => i.id)).toEqual([mine.id]);
    });

    it('shows the join code only to members who manage partners', async () => {
      const staff = await createUser(t);
      const contributor = await createUser(t);
      await addMember(t, c.id, staff.user.id, 'backbone_staff');
      await addMember(t, c.id, contributor.user.id, 'partner_contributor');
      const s = await staff.get(`/api/collaborations/${c.id}`);
      expect(s.body.joinCode).toBe(c.joinCode);
      expect(s.body.myRole).toBe('backbone_staff');
      const p = await contributor.get(`/api/collaborations/${c.id}`);
      expect(p.status).toBe(200);
      expect(p.body).not.toHaveProperty('joinCode');
      expect(p.body.myPermissions).toEqual(permissionsOf('partner_contributor'));
    });

    it('renames and changes the slug; a taken slug is 409 naming slug', async () => {
      const res = await admin.patch(`/api/collaborations/${c.id}`, {
        name: 'Settings renamed',
        slug: 'settings-renamed',
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: c.id, name: 'Settings renamed', slug: 'settings-renamed' });
      const same = await admin.patch(`/api/collaborations/${c.id}`, { slug: 'settings-renamed' });
      expect(same.status).toBe(200);
      const clash = await admin.patch(`/api/collaborations/${c.id}`, { slug: 'ready-by-five' });
      expect(clash.status).toBe(409);
      expect(clash.body.details).toEqual([{ path: 'slug', message: 'is already taken' }]);
      const bad = await admin.patch(`/api/collaborations/${c.id}`, { joinCode: 'AAAAAAAA' });
      expect(bad.status).toBe(400);
      expect(bad.body.details[0].path).toBe('');
    });

    it('archives (still readable, writes 409) and unarchives', async () => {
      const arch = await admin.post(`/api/collaborations/${c.id}/archive`);
      expect(arch.status).toBe(200);
      expect(arch.body.status).toBe('archived');
      expect(typeof arch.body.archivedAt).toBe('string');

      expect((await admin.get(`/api/collaborations/${c.id}`)).body.status).toBe('archived');
      expect(
        (await admin.get('/api/collaborations')).body.items.find((i: { id: string }) => i.id === c.id).status,
      ).toBe('archived');

      const again = await admin.post(`/api/collaborations/${c.id}/archive`);
      expect(again.status).toBe(409);
      expect(again.body.message).toBe('This collaboration is archived');
      const rename = await admin.patch(`/api/collaborations/${c.id}`, { name: 'Nope' });
      expect(rename.status).toBe(409);
      expect(rename.body.message).toBe('This collaboration is archived');

      const un = await admin.post(`/api/collaborations/${c.id}/unarchive`);
      expect(un.status).toBe(200);
      expect(un.body).toMatchObject({ status: 'active', archivedAt: null });
      const twice = await admin.post(`/api/collaborations/${c.id}/unarchive`);
      expect(twice.status).toBe(200);
      expect((await admin.patch(`/api/collaborations/${c.id}`, { name: 'Back again' })).status).toBe(200);
    });

    it('lets only backbone admins change settings', async () => {
      const staff = await createUser(t);
      await addMember(t, c.id, staff.user.id, 'backbone_staff');
      expect((await staff.patch(`/api/collaborations/${c.id}`, { name: 'Staff rename' })).status).toBe(403);
      expect((await staff.post(`/api/collaborations/${c.id}/archive`)).status).toBe(403);
    });
  });
});
