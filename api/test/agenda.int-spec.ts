import type { AgendaVersionListItem, CollaborationDetail, SaveAgendaInput } from '@constellation/shared';
import { startTestApp, type TestApp } from './support/app';
import {
  addMember,
  addPartner,
  createCollaboration,
  createUser,
  dataSourceOf,
  type UserAgent,
} from './support/fixtures';

describe('the versioned common agenda', () => {
  let t: TestApp;
  let admin: UserAgent;
  let staff: UserAgent;
  let c: CollaborationDetail;

  const edit = (base: number, changes: Partial<SaveAgendaInput> = {}): SaveAgendaInput => {
    const { version: _v, author: _a, createdAt: _c, changeNote: _n, ...agenda } = c.agenda;
    return { ...agenda, baseVersion: base, changeNote: '', ...changes };
  };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, { name: 'Ada Admin' });
    staff = await createUser(t, { name: 'Sam Staff' });
    c = await createCollaboration(admin);
    await addMember(t, c.id, staff.user.id, 'backbone_staff');
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers the current version', async () => {
    const res = await staff.get(`/api/collaborations/${c.id}/agenda`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(c.agenda);
  });

  it('saves a new version and keeps the old one unchanged', async () => {
    const res = await staff.put(
      `/api/collaborations/${c.id}/agenda`,
      edit(1, {
        vision: 'Every child thriving by 2030.',
        changeNote: 'Broader vision',
        requiresApproval: true,
      }),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      version: 2,
      vision: 'Every child thriving by 2030.',
      requiresApproval: true,
      changeNote: 'Broader vision',
      problemStatement: c.agenda.problemStatement,
      author: { id: staff.user.id, name: 'Sam Staff' },
    });

    const current = await admin.get(`/api/collaborations/${c.id}/agenda`);
    expect(current.body.version).toBe(2);
    const v1 = await admin.get(`/api/collaborations/${c.id}/agenda/versions/1`);
    expect(v1.status).toBe(200);
    expect(v1.body).toEqual(c.agenda);
    const detail = await admin.get(`/api/collaborations/${c.id}`);
    expect(detail.body.agenda.version).toBe(2);
    const [{ v }] = await dataSourceOf(t).query(
      `SELECT current_agenda_version AS v FROM collaborations WHERE id = $1`,
      [c.id],
    );
    expect(v).toBe(2);
  });

  it('refuses a save based on a stale version with 409 saying who saved the newer one', async () => {
    const res = await admin.put(`/api/collaborations/${c.id}/agenda`, edit(1, { vision: 'Lost update?' }));
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(
      /^Sam Staff saved version 2 of the agenda on \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/,
    );
    expect(res.body.message).toMatch(/version 1/);
    expect(res.body.details).toEqual([{ path: 'baseVersion', message: expect.stringContaining('2') }]);
    expect((await admin.get(`/api/collaborations/${c.id}/agenda`)).body.vision).toBe(
      'Every child thriving by 2030.',
    );

    const own = await staff.put(`/api/collaborations/${c.id}/agenda`, edit(1));
    expect(own.body.message).toMatch(/^You saved version 2/);

    const future = await admin.put(`/api/collaborations/${c.id}/agenda`, edit(7));
    expect(future.status).toBe(409);
    expect(future.body.message).toMatch(/does not exist/);
  });

  it('lets exactly one of two concurrent saves on the same base win', async () => {
    const base = (await admin.get(`/api/collaborations/${c.id}/agenda`)).body.version as number;
    const results = await Promise.all([
      admin.put(`/api/collaborations/${c.id}/agenda`, edit(base, { geography: 'North' })),
      staff.put(`/api/collaborations/${c.id}/agenda`, edit(base, { geography: 'South' })),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const current = await admin.get(`/api/collaborations/${c.id}/agenda`);
    expect(current.body.version).toBe(base + 1);
  });

  it('lists versions newest first with the partners endorsing each', async () => {
    const current = (await admin.get(`/api/collaborations/${c.id}/agenda`)).body.version as number;
    const p = await addPartner(t, c.id, { organisationName: 'Riverton Library', endorsedAgendaVersion: 2 });
    await addPartner(t, c.id, { organisationName: 'Left Org', status: 'left', endorsedAgendaVersion: 2 });
    await addPartner(t, c.id, { organisationName: 'Not yet', status: 'invited' });

    const res = await staff.get(`/api/collaborations/${c.id}/agenda/versions`);
    expect(res.status).toBe(200);
    const items = res.body.items as AgendaVersionListItem[];
    expect(items.map((i) => i.version)).toEqual(Array.from({ length: current }, (_, i) => current - i));
    const byVersion = new Map(items.map((i) => [i.version, i]));
    expect(byVersion.get(1)!.endorsements).toEqual([
      { partnerId: c.myPartnerId, organisationName: c.backboneOrganisation.name },
    ]);
    expect(byVersion.get(2)!.endorsements).toEqual([
      { partnerId: p.partnerId, organisationName: 'Riverton Library' },
    ]);
    expect(byVersion.get(current)!.endorsements).toEqual([]);
    expect(byVersion.get(2)).toMatchObject({ changeNote: 'Broader vision', author: { name: 'Sam Staff' } });
  });

  it('answers 404 for a version that does not exist and 400 for one that is not a number', async () => {
    const missing = await admin.get(`/api/collaborations/${c.id}/agenda/versions/999`);
    expect(missing.status).toBe(404);
    const bad = await admin.get(`/api/collaborations/${c.id}/agenda/versions/two`);
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].path).toBe('params.version');
    expect((await admin.get(`/api/collaborations/${c.id}/agenda/versions/0`)).status).toBe(400);
  });

  it('validates the body and names the path', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...edit(1), foo: 'bar' }, ''],
      [{ ...edit(1), fiscalYearStartMonth: 13 }, 'fiscalYearStartMonth'],
      [{ ...edit(1), timeZone: 'Not/AZone' }, 'timeZone'],
      [{ ...edit(1), baseVersion: undefined }, 'baseVersion'],
      [{ ...edit(1), principles: ['ok', ''] }, 'principles.1'],
      [{ ...edit(1), changeNote: 'x'.repeat(501) }, 'changeNote'],
    ];
    for (const [body, path] of cases) {
      const res = await admin.put(`/api/collaborations/${c.id}/agenda`, body);
      expect(res.status).toBe(400);
      expect(res.body.details.map((d: { path: string }) => d.path)).toEqual([path]);
    }
  });

  it('lets only roles with agenda.edit save', async () => {
    const partnerAdmin = await createUser(t);
    await addMember(t, c.id, partnerAdmin.user.id, 'partner_admin');
    const current = (await admin.get(`/api/collaborations/${c.id}/agenda`)).body.version as number;
    const res = await partnerAdmin.put(`/api/collaborations/${c.id}/agenda`, edit(current));
    expect(res.status).toBe(403);
    expect((await partnerAdmin.get(`/api/collaborations/${c.id}/agenda/versions`)).status).toBe(200);
  });
});
