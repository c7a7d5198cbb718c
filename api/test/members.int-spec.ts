import type { CollaborationDetail, MemberView } from '@constellation/shared';
import { startTestApp, type TestApp } from './support/app';
import { raceBehindLock } from './support/locks';
import {
  addMember,
  addPartner,
  createCollaboration,
  createUser,
  dataSourceOf,
  type UserAgent,
} from './support/fixtures';

/** Members and roles: who may change whom, roles that fit the organisation, the last backbone admin. */
describe('members', () => {
  let t: TestApp;
  let admin: UserAgent;
  let collab: CollaborationDetail;
  let base: string;
  let adminMembershipId: string;

  const query = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> =>
    dataSourceOf(t).query(sql, params);
  const roleOf = async (membershipId: string) =>
    (await query<{ role: string }>(`SELECT role FROM memberships WHERE id = $1`, [membershipId]))[0]?.role;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, { name: 'Ada Admin' });
    collab = await createCollaboration(admin, { name: 'Ready by Five' });
    base = `/api/collaborations/${collab.id}`;
    const [row] = await query<{ id: string }>(
      `SELECT id FROM memberships WHERE collaboration_id = $1 AND user_id = $2`,
      [collab.id, admin.user.id],
    );
    adminMembershipId = row!.id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists the people of the collaboration with their organisation', async () => {
    const funder = await createUser(t, { name: 'Fay Funder' });
    const { partnerId } = await addMember(t, collab.id, funder.user.id, 'funder');
    const res = await admin.get(`${base}/members`);
    expect(res.status).toBe(200);
    const items = res.body.items as MemberView[];
    expect(items[0]).toEqual({
      membershipId: adminMembershipId,
      user: { id: admin.user.id, name: 'Ada Admin', email: admin.user.email },
      role: 'backbone_admin',
      partner: {
        id: collab.myPartnerId,
        organisationName: collab.backboneOrganisation.name,
        kind: 'backbone',
      },
      createdAt: expect.any(String),
    });
    expect(items).toContainEqual(
      expect.objectContaining({
        role: 'funder',
        partner: expect.objectContaining({ id: partnerId, kind: 'funder' }),
      }),
    );
    // Funders do not hold members.read.
    expect((await funder.get(`${base}/members`)).status).toBe(403);
    expect(
      (await funder.patch(`${base}/members/${adminMembershipId}`, { role: 'backbone_staff' })).status,
    ).toBe(403);
  });

  it('keeps the last backbone admin: no demotion, no removal (409); with a second admin both work', async () => {
    const demote = await admin.patch(`${base}/members/${adminMembershipId}`, { role: 'backbone_staff' });
    expect(demote.status).toBe(409);
    expect(demote.body.message).toMatch(/last backbone admin/);
    const remove = await admin.delete(`${base}/members/${adminMembershipId}`);
    expect(remove.status).toBe(409);
    expect(await roleOf(adminMembershipId)).toBe('backbone_admin');

    // Promote a staff member, then the first admin can step down.
    const c = await createCollaboration(admin);
    const cBase = `/api/collaborations/${c.id}`;
    const staff = await createUser(t);
    const { membershipId: staffId } = await addMember(t, c.id, staff.user.id, 'backbone_staff');
    expect((await staff.patch(`${cBase}/members/${staffId}`, { role: 'backbone_admin' })).status).toBe(403);
    const promote = await admin.patch(`${cBase}/members/${staffId}`, { role: 'backbone_admin' });
    expect(promote.status).toBe(200);
    expect(promote.body).toMatchObject({ membershipId: staffId, role: 'backbone_admin' });
    const [mine] = await query<{ id: string }>(
      `SELECT id FROM memberships WHERE collaboration_id = $1 AND user_id = $2`,
      [c.id, admin.user.id],
    );

    // Two admins demoting each other at once: one succeeds, one gets 409; an admin always remains.
    const results = await raceBehindLock(
      t.dbUrl,
      `SELECT 1 FROM collaborations WHERE id = $1 FOR UPDATE`,
      [c.id],
      [
        () => admin.patch(`${cBase}/members/${staffId}`, { role: 'backbone_staff' }),
        () => staff.patch(`${cBase}/members/${mine!.id}`, { role: 'backbone_staff' }),
      ],
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const admins = await query(
      `SELECT 1 FROM memberships WHERE collaboration_id = $1 AND role = 'backbone_admin'`,
      [c.id],
    );
    expect(admins).toHaveLength(1);

    const audit = await query(
      `SELECT before, after FROM audit_events WHERE action = 'member.role_change' AND entity_id = $1 ORDER BY id`,
      [staffId],
    );
    expect(audit[0]).toMatchObject({ before: { role: 'backbone_staff' }, after: { role: 'backbone_admin' } });
  });

  it('refuses roles that do not fit the organisation (400 on role)', async () => {
    const pa = await createUser(t);
    const { membershipId } = await addMember(t, collab.id, pa.user.id, 'partner_admin');
    const res = await admin.patch(`${base}/members/${membershipId}`, { role: 'backbone_staff' });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([{ path: 'role', message: expect.stringContaining('partner_admin') }]);
    const toFunder = await admin.patch(`${base}/members/${adminMembershipId}`, { role: 'funder' });
    expect(toFunder.status).toBe(400);
    const unknown = await admin.patch(`${base}/members/${membershipId}`, { role: 'owner' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.details[0].path).toBe('role');
    expect(await roleOf(membershipId)).toBe('partner_admin');
  });

  it('lets a partner admin manage only the people of their own organisation, with partner roles', async () => {
    const { partnerId } = await addPartner(t, collab.id, { organisationName: 'Hope Clinic' });
    const lead = await createUser(t);
    await addMember(t, collab.id, lead.user.id, 'partner_admin', partnerId);
    const colleague = await createUser(t);
    const { membershipId: colleagueId } = await addMember(
      t,
      collab.id,
      colleague.user.id,
      'partner_contributor',
      partnerId,
    );
    const stranger = await createUser(t);
    const { membershipId: strangerId } = await addMember(
      t,
      collab.id,
      stranger.user.id,
      'partner_contributor',
    );

    const promote = await lead.patch(`${base}/members/${colleagueId}`, { role: 'partner_admin' });
    expect(promote.status).toBe(200);
    expect(promote.body).toMatchObject({
      role: 'partner_admin',
      partner: { id: partnerId, organisationName: 'Hope Clinic', kind: 'partner' },
    });
    expect((await lead.patch(`${base}/members/${colleagueId}`, { role: 'backbone_admin' })).status).toBe(403);
    expect((await lead.patch(`${base}/members/${strangerId}`, { role: 'partner_admin' })).status).toBe(403);
    expect(
      (await lead.patch(`${base}/members/${adminMembershipId}`, { role: 'backbone_staff' })).status,
    ).toBe(403);
    expect((await lead.delete(`${base}/members/${strangerId}`)).status).toBe(403);
    expect(await roleOf(strangerId)).toBe('partner_contributor');

    // Contributors manage nobody.
    expect((await stranger.patch(`${base}/members/${strangerId}`, { role: 'partner_admin' })).status).toBe(
      403,
    );

    expect((await lead.delete(`${base}/members/${colleagueId}`)).status).toBe(204);
    expect(await roleOf(colleagueId)).toBeUndefined();
    expect((await colleague.get(`${base}/members`)).status).toBe(404);
    const [event] = await query(
      `SELECT actor_id, before, after FROM audit_events WHERE action = 'member.remove' AND entity_id = $1`,
      [colleagueId],
    );
    expect(event).toMatchObject({
      actor_id: lead.user.id,
      before: { userId: colleague.user.id, role: 'partner_admin' },
      after: null,
    });

    // Backbone admins may remove anyone but the last admin.
    expect((await admin.delete(`${base}/members/${strangerId}`)).status).toBe(204);
  });

  it('answers 404 for memberships of another collaboration and to members of another collaboration', async () => {
    const outsider = await createUser(t);
    const theirs = await createCollaboration(outsider);
    const [theirAdmin] = await query<{ id: string }>(
      `SELECT id FROM memberships WHERE collaboration_id = $1`,
      [theirs.id],
    );
    expect((await admin.patch(`${base}/members/${theirAdmin!.id}`, { role: 'backbone_staff' })).status).toBe(
      404,
    );
    expect((await admin.delete(`${base}/members/${theirAdmin!.id}`)).status).toBe(404);
    expect(await roleOf(theirAdmin!.id)).toBe('backbone_admin');
    expect((await outsider.get(`${base}/members`)).status).toBe(404);
    expect(
      (await outsider.patch(`${base}/members/${adminMembershipId}`, { role: 'backbone_staff' })).status,
    ).toBe(404);
    expect((await outsider.delete(`${base}/members/${adminMembershipId}`)).status).toBe(404);
    expect((await admin.patch(`${base}/members/nope`, { role: 'backbone_staff' })).status).toBe(400);
  });
});
