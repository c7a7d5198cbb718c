import {
  type CollaborationDetail,
  type EmailJob,
  type JoinRequestView,
  type PartnerView,
  QUEUES,
} from '@constellation/shared';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { startTestApp, type TestApp } from './support/app';
import {
  addMember,
  addPartner,
  createCollaboration,
  createUser,
  dataSourceOf,
  type UserAgent,
} from './support/fixtures';

/** Joining with the join code, the backbone's decision, endorsement of the agenda, the partner list, removal. */
describe('partners', () => {
  let t: TestApp;
  let redis: IORedis;
  let queue: Queue;
  let admin: UserAgent;
  let collab: CollaborationDetail;
  let base: string;

  const query = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> =>
    dataSourceOf(t).query(sql, params);

  async function bumpAgenda(collaborationId: string): Promise<number> {
    const [row] = await query<{ v: number }>(
      `WITH cur AS (SELECT current_agenda_version AS v FROM collaborations WHERE id = $1)
       INSERT INTO agenda_versions (collaboration_id, version, problem_statement, vision, principles, geography, form,
                                    fiscal_year_start_month, time_zone, requires_approval, change_note, author_id)
       SELECT a.collaboration_id, a.version + 1, a.problem_statement, a.vision, a.principles, a.geography, a.form,
              a.fiscal_year_start_month, a.time_zone, a.requires_approval, 'Revised', a.author_id
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

  const partnerIn = async (as: UserAgent, partnerId: string): Promise<PartnerView | undefined> =>
    ((await as.get(`${base}/partners`)).body.items as PartnerView[]).find((p) => p.id === partnerId);

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

  describe('join by code', () => {
    it('files a pending request that the backbone approves: the requester becomes partner admin, then endorses', async () => {
      const hana = await createUser(t, { name: 'Hana Health', email: 'hana@example.test' });
      const res = await hana.post('/api/collaborations/join', {
        joinCode: collab.joinCode!.toLowerCase(),
        organisationName: 'Hope Clinic',
        sector: 'health',
        message: 'We run the baby clinics.',
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        collaboration: { id: collab.id, name: 'Ready by Five' },
        partnerId: expect.any(String),
        status: 'pending',
      });
      const partnerId = res.body.partnerId as string;

      // Not a member until approved; asking twice is 409.
      expect((await hana.get(`${base}/partners`)).status).toBe(404);
      const twice = await hana.post('/api/collaborations/join', {
        joinCode: collab.joinCode,
        organisationName: 'Hope Clinic 2',
      });
      expect(twice.status).toBe(409);
      expect(twice.body.message).toMatch(/already asked/);

      const requests = await admin.get(`${base}/join-requests`);
      expect(requests.status).toBe(200);
      expect(requests.body.items as JoinRequestView[]).toEqual([
        {
          partnerId,
          organisation: { id: expect.any(String), name: 'Hope Clinic' },
          sector: 'health',
          requestedBy: { id: hana.user.id, name: 'Hana Health', email: 'hana@example.test' },
          message: 'We run the baby clinics.',
          createdAt: expect.any(String),
        },
      ]);

      const decision = await admin.post(`${base}/join-requests/${partnerId}/decision`, {
        decision: 'approve',
      });
      expect(decision.status).toBe(200);
      expect(decision.body).toMatchObject({
        id: partnerId,
        organisation: { name: 'Hope Clinic' },
        kind: 'partner',
        status: 'active',
        endorsesCurrentAgenda: false,
        memberCount: 1,
        joinedAt: expect.any(String),
      });
      expect((await admin.get(`${base}/join-requests`)).body.items).toEqual([]);
      const members = await hana.get(`${base}/members`);
      expect(members.status).toBe(200);
      expect(members.body.items).toContainEqual(
        expect.objectContaining({
          user: expect.objectContaining({ id: hana.user.id }),
          role: 'partner_admin',
        }),
      );

      // The requester hears about it.
      const jobs = (await queue.getJobs(['waiting', 'delayed', 'completed', 'failed'])).map(
        (j) => j.data as EmailJob,
      );
      expect(jobs).toContainEqual(
        expect.objectContaining({ to: 'hana@example.test', kind: 'join_request_decision' }),
      );

      // Deciding again is 409; joining again as a member is 409.
      expect(
        (await admin.post(`${base}/join-requests/${partnerId}/decision`, { decision: 'reject' })).status,
      ).toBe(409);
      const member = await hana.post('/api/collaborations/join', {
        joinCode: collab.joinCode,
        organisationName: 'Hope Clinic',
      });
      expect(member.status).toBe(409);
      expect(member.body.message).toMatch(/already a member/);

      // Now the new partner admin endorses the current agenda for the organisation.
      const endorse = await hana.post(`${base}/partners/${partnerId}/endorse`, { agendaVersion: 1 });
      expect(endorse.status).toBe(200);
      expect(endorse.body).toMatchObject({
        id: partnerId,
        endorsedAgendaVersion: 1,
        endorsesCurrentAgenda: true,
        endorsedAt: expect.any(String),
      });

      const audit = await query(
        `SELECT action FROM audit_events WHERE collaboration_id = $1 AND entity_id = $2 ORDER BY id`,
        [collab.id, partnerId],
      );
      expect(audit.map((a) => a.action)).toEqual([
        'join_request.create',
        'join_request.approve',
        'partner.endorse',
      ]);
    });

    it('answers 404 naming joinCode for a wrong code and 400 for a malformed one', async () => {
      const someone = await createUser(t);
      const wrong = await someone.post('/api/collaborations/join', {
        joinCode: 'ZZZZ9999',
        organisationName: 'Nowhere',
      });
      expect(wrong.status).toBe(404);
      expect(wrong.body.details).toEqual([{ path: 'joinCode', message: expect.any(String) }]);
      const malformed = await someone.post('/api/collaborations/join', {
        joinCode: 'abc',
        organisationName: 'Nowhere',
      });
      expect(malformed.status).toBe(400);
      expect(malformed.body.details[0].path).toBe('joinCode');
      expect(
        (
          await t
            .agent()
            .post('/api/collaborations/join', { joinCode: collab.joinCode, organisationName: 'Anon' })
        ).status,
      ).toBe(401);
      expect(await query(`SELECT 1 FROM organisations WHERE name = 'Nowhere'`)).toEqual([]);
    });

    it('rejects a request: the partner is rejected, nobody joins, and it is audited with the reason', async () => {
      const rita = await createUser(t);
      const res = await rita.post('/api/collaborations/join', {
        joinCode: collab.joinCode,
        organisationName: 'Random Co',
      });
      const partnerId = res.body.partnerId as string;
      const decision = await admin.post(`${base}/join-requests/${partnerId}/decision`, {
        decision: 'reject',
        reason: 'Not in Riverton',
      });
      expect(decision.status).toBe(200);
      expect(decision.body).toMatchObject({ id: partnerId, status: 'rejected', memberCount: 0 });
      expect((await rita.get(`${base}/partners`)).status).toBe(404);
      const [event] = await query<{ after: { reason: string } }>(
        `SELECT after FROM audit_events WHERE entity_id = $1 AND action = 'join_request.reject'`,
        [partnerId],
      );
      expect(event!.after.reason).toBe('Not in Riverton');
      // A rejected requester may ask again.
      expect(
        (
          await rita.post('/api/collaborations/join', {
            joinCode: collab.joinCode,
            organisationName: 'Random Co',
          })
        ).status,
      ).toBe(201);
    });

    it('answers 404 for a decision on a partner of another collaboration, and 403 to a funder', async () => {
      const outsider = await createUser(t);
      const theirs = await createCollaboration(outsider);
      const asker = await createUser(t);
      const theirRequest = await asker.post('/api/collaborations/join', {
        joinCode: theirs.joinCode,
        organisationName: 'Their Applicant',
      });
      expect(
        (
          await admin.post(`${base}/join-requests/${theirRequest.body.partnerId}/decision`, {
            decision: 'approve',
          })
        ).status,
      ).toBe(404);
      expect((await outsider.get(`${base}/join-requests`)).status).toBe(404);
      const [row] = await query(`SELECT status FROM partners WHERE id = $1`, [theirRequest.body.partnerId]);
      expect(row).toEqual({ status: 'pending' });

      const funder = await createUser(t);
      await addMember(t, collab.id, funder.user.id, 'funder');
      expect((await funder.get(`${base}/join-requests`)).status).toBe(403);
      expect(
        (
          await funder.post(`${base}/join-requests/${theirRequest.body.partnerId}/decision`, {
            decision: 'approve',
          })
        ).status,
      ).toBe(403);
    });
  });

  describe('endorsement', () => {
    it('lets a partner admin endorse the current version for their own organisation only', async () => {
      const mine = await addPartner(t, collab.id, { organisationName: 'Mine', endorsedAgendaVersion: null });
      const theirs = await addPartner(t, collab.id, {
        organisationName: 'Theirs',
        endorsedAgendaVersion: null,
      });
      const lead = await createUser(t);
      await addMember(t, collab.id, lead.user.id, 'partner_admin', mine.partnerId);

      expect(
        (await lead.post(`${base}/partners/${theirs.partnerId}/endorse`, { agendaVersion: 1 })).status,
      ).toBe(404);
      const bad = await lead.post(`${base}/partners/${mine.partnerId}/endorse`, { agendaVersion: 'one' });
      expect(bad.status).toBe(400);
      expect(bad.body.details[0].path).toBe('agendaVersion');

      const c2 = await createCollaboration(admin);
      const v2 = await bumpAgenda(collab.id);
      const stale = await lead.post(`${base}/partners/${mine.partnerId}/endorse`, { agendaVersion: 1 });
      expect(stale.status).toBe(409);
      expect(stale.body.message).toBe(`The agenda changed since you read it: please read version ${v2}`);
      const ok = await lead.post(`${base}/partners/${mine.partnerId}/endorse`, { agendaVersion: v2 });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ endorsedAgendaVersion: v2, endorsesCurrentAgenda: true });
      expect(await partnerIn(admin, theirs.partnerId)).toMatchObject({
        endorsedAgendaVersion: null,
        endorsesCurrentAgenda: false,
      });

      // Contributors and funders have no agenda.endorse.
      const contributor = await createUser(t);
      await addMember(t, collab.id, contributor.user.id, 'partner_contributor', mine.partnerId);
      expect(
        (await contributor.post(`${base}/partners/${mine.partnerId}/endorse`, { agendaVersion: v2 })).status,
      ).toBe(403);
      // Another collaboration's partner under our URL: 404.
      expect(
        (await admin.post(`${base}/partners/${c2.myPartnerId}/endorse`, { agendaVersion: v2 })).status,
      ).toBe(404);
    });
  });

  describe('list and removal', () => {
    it('lists partners with endorsement and member counts; non-managers see only those who joined', async () => {
      const invited = await addPartner(t, collab.id, { organisationName: 'Invited Only', status: 'invited' });
      const list = await admin.get(`${base}/partners`);
      expect(list.status).toBe(200);
      const items = list.body.items as PartnerView[];
      expect(items[0]).toMatchObject({
        id: collab.myPartnerId,
        kind: 'backbone',
        status: 'active',
        organisation: collab.backboneOrganisation,
        memberCount: expect.any(Number),
      });
      expect(Object.keys(items[0]!).sort()).toEqual(
        [
          'endorsedAgendaVersion',
          'endorsedAt',
          'endorsesCurrentAgenda',
          'id',
          'joinedAt',
          'kind',
          'memberCount',
          'organisation',
          'sector',
          'status',
        ].sort(),
      );
      expect(items.find((p) => p.id === invited.partnerId)?.status).toBe('invited');

      const contributor = await createUser(t);
      await addMember(t, collab.id, contributor.user.id, 'partner_contributor');
      const seen = (await contributor.get(`${base}/partners`)).body.items as PartnerView[];
      expect(seen.every((p) => p.status === 'active')).toBe(true);
      expect(seen.find((p) => p.id === invited.partnerId)).toBeUndefined();
    });

    it('removes a partner: status left, memberships ended, unused invitations withdrawn; never the backbone', async () => {
      const { partnerId } = await addPartner(t, collab.id, { organisationName: 'Leaving Org' });
      const leaver = await createUser(t);
      await addMember(t, collab.id, leaver.user.id, 'partner_admin', partnerId);
      const invite = await leaver.post(`${base}/partners/${partnerId}/invitations`, {
        email: 'later@example.test',
        role: 'partner_contributor',
      });
      expect(invite.status).toBe(201);
      expect((await leaver.get(`${base}/partners`)).status).toBe(200);

      const funder = await createUser(t);
      await addMember(t, collab.id, funder.user.id, 'funder');
      expect((await funder.delete(`${base}/partners/${partnerId}`)).status).toBe(403);
      expect((await leaver.delete(`${base}/partners/${partnerId}`)).status).toBe(403);

      const backbone = await admin.delete(`${base}/partners/${collab.myPartnerId}`);
      expect(backbone.status).toBe(409);

      expect((await admin.delete(`${base}/partners/${partnerId}`)).status).toBe(204);
      expect(await partnerIn(admin, partnerId)).toMatchObject({ status: 'left', memberCount: 0 });
      expect((await leaver.get(`${base}/partners`)).status).toBe(404);
      const [inv] = await query(`SELECT revoked_at IS NOT NULL AS revoked FROM invitations WHERE id = $1`, [
        invite.body.id,
      ]);
      expect(inv).toEqual({ revoked: true });
      const preview = await t
        .agent()
        .get(`/api/invitations/${/([^/]+)$/.exec(invite.body.acceptUrl as string)![1]}`);
      expect(preview.status).toBe(410);
      const [event] = await query<{ before: { memberships: unknown[] } }>(
        `SELECT before FROM audit_events WHERE action = 'partner.remove' AND entity_id = $1`,
        [partnerId],
      );
      expect(event!.before.memberships).toHaveLength(1);

      // Removing again changes nothing; another collaboration's partner is 404.
      expect((await admin.delete(`${base}/partners/${partnerId}`)).status).toBe(204);
      const c2 = await createCollaboration(admin);
      const foreign = await addPartner(t, c2.id);
      expect((await admin.delete(`${base}/partners/${foreign.partnerId}`)).status).toBe(404);
      expect((await query(`SELECT status FROM partners WHERE id = $1`, [foreign.partnerId]))[0]).toEqual({
        status: 'active',
      });
      expect((await admin.delete(`${base}/partners/not-a-uuid`)).status).toBe(400);
    });

    it('answers 404 on every partners route to a member of another collaboration', async () => {
      const outsider = await createUser(t);
      await createCollaboration(outsider);
      const { partnerId } = await addPartner(t, collab.id);
      expect((await outsider.get(`${base}/partners`)).status).toBe(404);
      expect(
        (await outsider.post(`${base}/partners/${partnerId}/endorse`, { agendaVersion: 1 })).status,
      ).toBe(404);
      expect((await outsider.delete(`${base}/partners/${partnerId}`)).status).toBe(404);
      expect((await outsider.get(`${base}/members`)).status).toBe(404);
    });
  });
});
