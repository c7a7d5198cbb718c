import { type CollaborationDetail, type EmailJob, type InvitationView, QUEUES } from '@constellation/shared';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { createHash } from 'node:crypto';
import { startTestApp, type TestApp } from './support/app';
import { raceBehindLock } from './support/locks';
import {
  addMember,
  addPartner,
  createCollaboration,
  createUser,
  dataSourceOf,
  signIn,
  type UserAgent,
} from './support/fixtures';

/**
 * Invitations: the backbone invites an organisation's contact, a funder or backbone staff; partner
 * admins invite colleagues; the invitee reads the agenda through the emailed link and accepts.
 */
describe('invitations', () => {
  let t: TestApp;
  let redis: IORedis;
  let queue: Queue;
  let admin: UserAgent;
  let collab: CollaborationDetail;
  let base: string;

  const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
  const tokenOf = (acceptUrl: string) => /\/invitations\/([A-Za-z0-9_-]+)$/.exec(acceptUrl)![1]!;
  const query = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> =>
    dataSourceOf(t).query(sql, params);

  /** Every email job queued so far on this suite's queue prefix. */
  async function emailJobs(): Promise<EmailJob[]> {
    const jobs = await queue.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed', 'prioritized']);
    return jobs.map((j) => j.data as EmailJob);
  }

  /** Save a new agenda version directly (as PUT /agenda would): returns the new version number. */
  async function bumpAgenda(collaborationId: string): Promise<number> {
    const [row] = await query<{ v: number }>(
      `WITH cur AS (SELECT current_agenda_version AS v FROM collaborations WHERE id = $1)
       INSERT INTO agenda_versions (collaboration_id, version, problem_statement, vision, principles, geography, form,
                                    fiscal_year_start_month, time_zone, requires_approval, change_note, author_id)
       SELECT a.collaboration_id, a.version + 1, a.problem_statement, a.vision || ' (revised)', a.principles, a.geography, a.form,
              a.fiscal_year_start_month, a.time_zone, a.requires_approval, 'Revised vision', a.author_id
         FROM agenda_versions a JOIN cur ON a.version = cur.v WHERE a.collaboration_id = $1
       RETURNING version AS v`,
      [collaborationId],
    );
    await query(`UPDATE collaborations SET current_agenda_version = $2 WHERE id = $1`, [
      collaborationId,
      row!.v,
    ]);
    return row!.v;
  }

  async function invite(body: Record<string, unknown>, as: UserAgent = admin, url = `${base}/invitations`) {
    const res = await as.post(url, body);
    if (res.status !== 201) throw new Error(`Inviting answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as InvitationView & { acceptUrl: string; emailQueued: boolean };
  }

  beforeAll(async () => {
    t = await startTestApp();
    redis = new IORedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
    queue = new Queue(QUEUES.email, { connection: redis, prefix: t.config.queuePrefix });
    admin = await createUser(t, { name: 'Ada Admin' });
    collab = await createCollaboration(admin, { name: 'Ready by Five' });
    base = `/api/collaborations/${collab.id}`;
  });
  afterAll(async () => {
    await queue.close();
    redis.disconnect();
    await t.close();
  });

  it('invites a new organisation, emails the link, shows the agenda, and joins the partner when its admin accepts and endorses', async () => {
    const res = await admin.post(`${base}/invitations`, {
      email: '  Pat@Example.TEST ',
      organisationName: 'Riverton Library',
      sector: 'library_culture',
      role: 'partner_admin',
      message: 'Welcome <b>aboard</b> & thanks',
    });
    expect(res.status).toBe(201);
    const inv = res.body as InvitationView & { acceptUrl: string; emailQueued: boolean };
    expect(inv).toMatchObject({
      email: 'pat@example.test',
      role: 'partner_admin',
      status: 'pending',
      organisation: { name: 'Riverton Library' },
      invitedBy: { id: admin.user.id, name: 'Ada Admin' },
      emailQueued: true,
    });
    expect(inv.acceptUrl).toMatch(new RegExp(`^${t.config.publicUrl}/invitations/[A-Za-z0-9_-]{43}$`));
    const token = tokenOf(inv.acceptUrl);
    const expiresIn = new Date(inv.expiresAt).getTime() - Date.now();
    expect(Math.abs(expiresIn - t.config.invitationTtlDays * 86_400_000)).toBeLessThan(60_000);

    // Only the token's SHA-256 is stored; the new organisation is an invited partner.
    const [row] = await query<{ token_hash: string; kind: string; status: string }>(
      `SELECT i.token_hash, p.kind, p.status FROM invitations i JOIN partners p ON p.collaboration_id = i.collaboration_id AND p.id = i.partner_id
        WHERE i.id = $1`,
      [inv.id],
    );
    expect(row).toEqual({ token_hash: sha256(token), kind: 'partner', status: 'invited' });

    // The email job carries the link, a readable text and an escaped html body.
    const email = (await emailJobs()).find((j) => j.to === 'pat@example.test');
    expect(email).toBeDefined();
    expect(email!.kind).toBe('invitation');
    expect(email!.subject).toContain('Ready by Five');
    expect(email!.text).toContain(inv.acceptUrl);
    expect(email!.text).toContain('Welcome <b>aboard</b> & thanks');
    expect(email!.html).toContain('Welcome &lt;b&gt;aboard&lt;/b&gt; &amp; thanks');
    expect(email!.html).not.toContain('<b>aboard');
    expect(email!.html).toContain(`href="${inv.acceptUrl}"`);

    // Public preview: the collaboration, the current agenda and goals with strategies.
    const preview = await t.agent().get(`/api/invitations/${token}`);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      status: 'pending',
      email: 'pat@example.test',
      role: 'partner_admin',
      organisation: { name: 'Riverton Library' },
      collaboration: { id: collab.id, name: 'Ready by Five', slug: collab.slug },
      invitedBy: { name: 'Ada Admin' },
      requiresEndorsement: true,
      agenda: { version: 1, vision: collab.agenda.vision, author: { id: admin.user.id, name: 'Ada Admin' } },
    });
    expect(
      preview.body.goals.map((g: { title: string; targetDate: string }) => [g.title, g.targetDate]),
    ).toEqual([
      ['School readiness', '2030-07-31'],
      ['Family wellbeing', '2032-12-31'],
    ]);
    expect(preview.body.goals[0].strategies.map((s: { name: string }) => s.name)).toEqual([
      'Early literacy',
      'Healthy start',
    ]);

    const pat = await createUser(t, { email: 'pat@example.test', name: 'Pat Partner' });
    // Accepting as a partner admin endorses the agenda: the version read is required.
    const missing = await pat.post(`/api/invitations/${token}/accept`, {});
    expect(missing.status).toBe(400);
    expect(missing.body.details).toEqual([expect.objectContaining({ path: 'endorsedAgendaVersion' })]);

    const accepted = await pat.post(`/api/invitations/${token}/accept`, { endorsedAgendaVersion: 1 });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({
      collaborationId: collab.id,
      partnerId: inv.partnerId,
      role: 'partner_admin',
    });

    const partners = await admin.get(`${base}/partners`);
    expect(partners.body.items.find((p: { id: string }) => p.id === inv.partnerId)).toMatchObject({
      organisation: { name: 'Riverton Library' },
      kind: 'partner',
      status: 'active',
      sector: 'library_culture',
      endorsedAgendaVersion: 1,
      endorsesCurrentAgenda: true,
      memberCount: 1,
      joinedAt: expect.any(String),
      endorsedAt: expect.any(String),
    });
    const members = await pat.get(`${base}/members`);
    expect(members.status).toBe(200);
    expect(members.body.items).toContainEqual(
      expect.objectContaining({
        user: { id: pat.user.id, name: 'Pat Partner', email: 'pat@example.test' },
        role: 'partner_admin',
      }),
    );
    const list = await admin.get(`${base}/invitations`);
    expect(list.body.items.find((i: InvitationView) => i.id === inv.id).status).toBe('accepted');

    // Audited in the same transactions.
    const audit = await query<{ action: string; actor_id: string }>(
      `SELECT action, actor_id FROM audit_events WHERE collaboration_id = $1 AND entity_id IN ($2, $3) ORDER BY id`,
      [collab.id, inv.id, inv.partnerId],
    );
    expect(audit).toEqual([
      { action: 'partner.invite', actor_id: admin.user.id },
      { action: 'invitation.create', actor_id: admin.user.id },
      { action: 'invitation.accept', actor_id: pat.user.id },
      { action: 'partner.endorse', actor_id: pat.user.id },
    ]);

    // Single use.
    const again = await pat.post(`/api/invitations/${token}/accept`, { endorsedAgendaVersion: 1 });
    expect(again.status).toBe(410);
    expect(again.body.message).toMatch(/already been used/);
    expect((await t.agent().get(`/api/invitations/${token}`)).status).toBe(410);
  });

  it('answers 404 for an unknown token and 410 saying why for an expired or revoked one', async () => {
    expect((await t.agent().get('/api/invitations/not-a-token')).status).toBe(404);
    const unknown = await t.agent().get(`/api/invitations/${'A'.repeat(43)}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toMatch(/not valid/);

    const expired = await invite({
      email: 'late@example.test',
      organisationName: 'Late Org',
      role: 'partner_admin',
    });
    await query(`UPDATE invitations SET expires_at = now() - interval '1 day' WHERE id = $1`, [expired.id]);
    const late = await createUser(t, { email: 'late@example.test' });
    const preview = await t.agent().get(`/api/invitations/${tokenOf(expired.acceptUrl)}`);
    expect(preview.status).toBe(410);
    expect(preview.body.message).toMatch(/expired on/);
    const accept = await late.post(`/api/invitations/${tokenOf(expired.acceptUrl)}/accept`, {
      endorsedAgendaVersion: 1,
    });
    expect(accept.status).toBe(410);
    expect(accept.body.message).toMatch(/expired/);

    const revoked = await invite({
      email: 'gone@example.test',
      organisationName: 'Gone Org',
      role: 'partner_admin',
    });
    const r = await admin.post(`${base}/invitations/${revoked.id}/revoke`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: revoked.id, status: 'revoked' });
    const gone = await createUser(t, { email: 'gone@example.test' });
    const p2 = await t.agent().get(`/api/invitations/${tokenOf(revoked.acceptUrl)}`);
    expect(p2.status).toBe(410);
    expect(p2.body.message).toMatch(/withdrawn/);
    expect(
      (await gone.post(`/api/invitations/${tokenOf(revoked.acceptUrl)}/accept`, { endorsedAgendaVersion: 1 }))
        .status,
    ).toBe(410);
    expect(await query(`SELECT 1 FROM memberships WHERE user_id = $1`, [gone.user.id])).toEqual([]);

    const list = await admin.get(`${base}/invitations`);
    const statuses = Object.fromEntries(list.body.items.map((i: InvitationView) => [i.id, i.status]));
    expect(statuses[expired.id]).toBe('expired');
    expect(statuses[revoked.id]).toBe('revoked');
  });

  it('refuses an outdated agenda version with 409 naming the current one', async () => {
    const c = await createCollaboration(admin);
    const inv = await invite(
      { email: 'reader@example.test', organisationName: 'Reader Org', role: 'partner_admin' },
      admin,
      `/api/collaborations/${c.id}/invitations`,
    );
    const token = tokenOf(inv.acceptUrl);
    expect((await t.agent().get(`/api/invitations/${token}`)).body.agenda.version).toBe(1);
    const v2 = await bumpAgenda(c.id);
    const reader = await createUser(t, { email: 'reader@example.test' });
    const stale = await reader.post(`/api/invitations/${token}/accept`, { endorsedAgendaVersion: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.message).toBe(`The agenda changed since you read it: please read version ${v2}`);
    expect(stale.body.details).toEqual([expect.objectContaining({ path: 'endorsedAgendaVersion' })]);
    expect((await query(`SELECT status FROM partners WHERE id = $1`, [inv.partnerId]))[0]).toEqual({
      status: 'invited',
    });

    const ok = await reader.post(`/api/invitations/${token}/accept`, { endorsedAgendaVersion: v2 });
    expect(ok.status).toBe(200);
    const [p] = await query(
      `SELECT status, endorsed_agenda_version, endorsed_by FROM partners WHERE id = $1`,
      [inv.partnerId],
    );
    expect(p).toEqual({ status: 'active', endorsed_agenda_version: v2, endorsed_by: reader.user.id });
  });

  it('answers 403 naming the invited address when another account accepts, and writes nothing', async () => {
    const inv = await invite({
      email: 'right@example.test',
      organisationName: 'Right Org',
      role: 'partner_admin',
    });
    const wrong = await createUser(t, { email: 'wrong@example.test' });
    const res = await wrong.post(`/api/invitations/${tokenOf(inv.acceptUrl)}/accept`, {
      endorsedAgendaVersion: 1,
    });
    expect(res.status).toBe(403);
    expect(res.body.message).toContain('right@example.test');
    const [row] = await query(`SELECT accepted_at FROM invitations WHERE id = $1`, [inv.id]);
    expect(row).toEqual({ accepted_at: null });
    expect((await t.agent().post(`/api/invitations/${tokenOf(inv.acceptUrl)}/accept`, {})).status).toBe(401);
  });

  it('refuses a second pending invitation for the same organisation and inviting a member (409 on email)', async () => {
    const first = await invite({
      email: 'dup@example.test',
      organisationName: 'Dup Org',
      role: 'partner_admin',
    });
    const dup = await admin.post(`${base}/invitations`, {
      email: 'DUP@example.test',
      organisationId: first.organisation.id,
      role: 'partner_admin',
    });
    expect(dup.status).toBe(409);
    expect(dup.body.details).toEqual([expect.objectContaining({ path: 'email' })]);

    const sameName = await admin.post(`${base}/invitations`, {
      email: 'other@example.test',
      organisationName: 'dup org',
      role: 'partner_admin',
    });
    expect(sameName.status).toBe(409);
    expect(sameName.body.details).toEqual([expect.objectContaining({ path: 'organisationName' })]);

    const member = await admin.post(`${base}/invitations`, {
      email: admin.user.email,
      organisationName: 'Elsewhere',
      role: 'partner_admin',
    });
    expect(member.status).toBe(409);
    expect(member.body.details).toEqual([expect.objectContaining({ path: 'email' })]);

    const noOrg = await admin.post(`${base}/invitations`, { email: 'x@example.test', role: 'partner_admin' });
    expect(noOrg.status).toBe(400);
    expect(noOrg.body.details).toEqual([expect.objectContaining({ path: 'organisationName' })]);

    const badRole = await admin.post(`${base}/invitations`, {
      email: 'x@example.test',
      organisationName: 'X',
      role: 'backbone_admin',
    });
    expect(badRole.status).toBe(400);
    expect(badRole.body.details[0].path).toBe('role');

    // Revoking frees the address for a new invitation.
    await admin.post(`${base}/invitations/${first.id}/revoke`);
    await invite({ email: 'dup@example.test', organisationId: first.organisation.id, role: 'partner_admin' });
  });

  it('answers 409 when the person became a member through another invitation', async () => {
    const a = await invite({
      email: 'twice@example.test',
      organisationName: 'Twice A',
      role: 'partner_admin',
    });
    const b = await invite({ email: 'twice@example.test', organisationName: 'Twice Fund', role: 'funder' });
    const twice = await createUser(t, { email: 'twice@example.test' });
    expect(
      (await twice.post(`/api/invitations/${tokenOf(a.acceptUrl)}/accept`, { endorsedAgendaVersion: 1 }))
        .status,
    ).toBe(200);
    const res = await twice.post(`/api/invitations/${tokenOf(b.acceptUrl)}/accept`, {});
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/already a member/);
  });

  it('makes one membership out of two concurrent accepts', async () => {
    const inv = await invite({
      email: 'race@example.test',
      organisationName: 'Race Org',
      role: 'partner_admin',
    });
    const one = await createUser(t, { email: 'race@example.test' });
    const two = await signIn(t, one.user);
    const url = `/api/invitations/${tokenOf(inv.acceptUrl)}/accept`;
    // Both requests queue behind a lock on the partner row, which accept takes after the invitation's.
    const results = await raceBehindLock(
      t.dbUrl,
      `SELECT 1 FROM partners WHERE id = $1 FOR UPDATE`,
      [inv.partnerId],
      [() => one.post(url, { endorsedAgendaVersion: 1 }), () => two.post(url, { endorsedAgendaVersion: 1 })],
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 410]);
    expect(
      await query(`SELECT role FROM memberships WHERE collaboration_id = $1 AND user_id = $2`, [
        collab.id,
        one.user.id,
      ]),
    ).toEqual([{ role: 'partner_admin' }]);
  });

  it('invites a funder, who joins without endorsing; a funder cannot invite', async () => {
    const inv = await invite({
      email: 'fran@example.test',
      organisationName: 'Riverton Fund',
      sector: 'funder',
      role: 'funder',
    });
    const token = tokenOf(inv.acceptUrl);
    expect((await t.agent().get(`/api/invitations/${token}`)).body.requiresEndorsement).toBe(false);
    const fran = await createUser(t, { email: 'fran@example.test' });
    const res = await fran.post(`/api/invitations/${token}/accept`, {});
    expect(res.status).toBe(200);
    expect(res.body.role).toBe('funder');
    const [p] = await query(`SELECT kind, status, endorsed_agenda_version FROM partners WHERE id = $1`, [
      inv.partnerId,
    ]);
    expect(p).toEqual({ kind: 'funder', status: 'active', endorsed_agenda_version: null });

    const denied = await fran.post(`${base}/invitations`, {
      email: 'y@example.test',
      organisationName: 'Y',
      role: 'partner_admin',
    });
    expect(denied.status).toBe(403);
    expect((await fran.get(`${base}/invitations`)).status).toBe(403);
    expect(
      (
        await fran.post(`${base}/partners/${inv.partnerId}/invitations`, {
          email: 'z@example.test',
          role: 'partner_admin',
        })
      ).status,
    ).toBe(403);
  });

  it('lets only backbone admins invite backbone staff, who join the backbone organisation', async () => {
    const staff = await createUser(t);
    await addMember(t, collab.id, staff.user.id, 'backbone_staff');
    const refused = await staff.post(`${base}/invitations`, {
      email: 'sam@example.test',
      role: 'backbone_staff',
    });
    expect(refused.status).toBe(403);
    // Staff may still invite organisations (partners.manage).
    await invite(
      { email: 'org-by-staff@example.test', organisationName: 'Staff Invited Org', role: 'partner_admin' },
      staff,
    );

    const inv = await invite({ email: 'sam@example.test', role: 'backbone_staff' });
    expect(inv.partnerId).toBe(collab.myPartnerId);
    expect(inv.organisation.id).toBe(collab.backboneOrganisation.id);
    const sam = await createUser(t, { email: 'sam@example.test' });
    const res = await sam.post(`/api/invitations/${tokenOf(inv.acceptUrl)}/accept`, {});
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      collaborationId: collab.id,
      partnerId: collab.myPartnerId,
      role: 'backbone_staff',
    });
  });

  it('lets a partner admin invite colleagues into their own organisation only, with partner roles', async () => {
    const { partnerId } = await addPartner(t, collab.id, { organisationName: 'Hope Clinic' });
    const other = await addPartner(t, collab.id, { organisationName: 'Other School' });
    const lead = await createUser(t, { name: 'Lee Lead' });
    await addMember(t, collab.id, lead.user.id, 'partner_admin', partnerId);

    const inv = await invite(
      { email: 'colleague@example.test', role: 'partner_contributor' },
      lead,
      `${base}/partners/${partnerId}/invitations`,
    );
    expect(inv).toMatchObject({
      partnerId,
      role: 'partner_contributor',
      organisation: { name: 'Hope Clinic' },
      invitedBy: { name: 'Lee Lead' },
    });

    const elsewhere = await lead.post(`${base}/partners/${other.partnerId}/invitations`, {
      email: 'c2@example.test',
      role: 'partner_contributor',
    });
    expect(elsewhere.status).toBe(403);
    const unknown = await lead.post(`${base}/partners/00000000-0000-4000-8000-000000000000/invitations`, {
      email: 'c2@example.test',
      role: 'partner_contributor',
    });
    expect(unknown.status).toBe(404);
    const funderRole = await lead.post(`${base}/partners/${partnerId}/invitations`, {
      email: 'c3@example.test',
      role: 'funder',
    });
    expect(funderRole.status).toBe(400);
    expect(funderRole.body.details[0].path).toBe('role');
    // The collaboration-wide route needs partners.manage.
    expect(
      (
        await lead.post(`${base}/invitations`, {
          email: 'c4@example.test',
          organisationName: 'X',
          role: 'partner_admin',
        })
      ).status,
    ).toBe(403);

    // A contributor joins an organisation that has already endorsed: no version needed.
    const colleague = await createUser(t, { email: 'colleague@example.test' });
    const res = await colleague.post(`/api/invitations/${tokenOf(inv.acceptUrl)}/accept`, {});
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ collaborationId: collab.id, partnerId, role: 'partner_contributor' });

    // Backbone admins may use the partner route for any partner.
    await invite(
      { email: 'c5@example.test', role: 'partner_admin' },
      admin,
      `${base}/partners/${other.partnerId}/invitations`,
    );
  });

  it('refuses a contributor invitation into an organisation that has not joined yet', async () => {
    const res = await admin.post(`${base}/invitations`, {
      email: 'early@example.test',
      organisationName: 'Not Yet Org',
      role: 'partner_contributor',
    });
    expect(res.status).toBe(409);
    expect(res.body.details[0].path).toBe('role');
    expect(await query(`SELECT 1 FROM organisations WHERE name = 'Not Yet Org'`)).toEqual([]);
  });

  it('refuses revoking an accepted invitation (409)', async () => {
    const inv = await invite({
      email: 'kept@example.test',
      organisationName: 'Kept Org',
      role: 'partner_admin',
    });
    const kept = await createUser(t, { email: 'kept@example.test' });
    await kept.post(`/api/invitations/${tokenOf(inv.acceptUrl)}/accept`, { endorsedAgendaVersion: 1 });
    expect((await admin.post(`${base}/invitations/${inv.id}/revoke`)).status).toBe(409);
  });

  it("hides one collaboration's invitations from another's members (404)", async () => {
    const outsider = await createUser(t);
    const theirs = await createCollaboration(outsider);
    const theirInvite = await invite(
      { email: 'theirs@example.test', organisationName: 'Their Org', role: 'partner_admin' },
      outsider,
      `/api/collaborations/${theirs.id}/invitations`,
    );
    expect((await outsider.get(`${base}/invitations`)).status).toBe(404);
    expect(
      (
        await outsider.post(`${base}/invitations`, {
          email: 'q@example.test',
          organisationName: 'Q',
          role: 'partner_admin',
        })
      ).status,
    ).toBe(404);
    // Our admin naming their invitation or partner under our collaboration: 404, theirs untouched.
    expect((await admin.post(`${base}/invitations/${theirInvite.id}/revoke`)).status).toBe(404);
    expect(
      (
        await admin.post(`${base}/partners/${theirInvite.partnerId}/invitations`, {
          email: 'q@example.test',
          role: 'partner_admin',
        })
      ).status,
    ).toBe(404);
    const [row] = await query(`SELECT revoked_at FROM invitations WHERE id = $1`, [theirInvite.id]);
    expect(row).toEqual({ revoked_at: null });
  });
});
