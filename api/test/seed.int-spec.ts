import { Algorithm, verify } from '@node-rs/argon2';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../src/database/data-source';
import {
  DEMO_ACCOUNTS,
  DEMO_ADMIN_EMAIL,
  DEMO_COLLABORATION,
  DEMO_COLLABORATION_ID,
  DEMO_PASSWORD,
  seedDemoIfEmpty,
} from '../src/seed/seed';
import { startTestApp, type TestApp } from './support/app';
import { freshDatabase } from './support/db';

const DAY = 24 * 60 * 60 * 1000;

describe('demo seed', () => {
  let t: TestApp;
  let ds: DataSource;
  const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) =>
    ds.query(sql, params) as Promise<T[]>;
  const countBy = async (sql: string) =>
    Object.fromEntries((await q<{ k: string; n: number }>(sql)).map((r) => [r.k, r.n]));

  beforeAll(async () => {
    t = await startTestApp();
    ds = createDataSource(t.dbUrl, { extra: { max: 2 } });
    await ds.initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
    await t?.close();
  });

  it('seeds an empty database in one go and says so', async () => {
    expect(await seedDemoIfEmpty(ds)).toBe(true);
  });

  it('creates the collaboration with two agenda versions', async () => {
    const [c] = await q(`SELECT * FROM collaborations`);
    expect(c).toMatchObject({
      id: DEMO_COLLABORATION_ID,
      name: 'Riverside Cradle to Career Partnership',
      slug: 'riverside-cradle-to-career',
      join_code: DEMO_COLLABORATION.joinCode,
      status: 'active',
      current_agenda_version: 2,
    });
    const versions = await q<{
      principles: string[];
      change_note: string;
      author_id: string;
      created_at: Date;
    }>(`SELECT * FROM agenda_versions WHERE collaboration_id = $1 ORDER BY version`, [DEMO_COLLABORATION_ID]);
    expect(versions).toHaveLength(2);
    for (const v of versions) {
      expect(v).toMatchObject({
        form: 'collective_impact',
        fiscal_year_start_month: 4,
        time_zone: 'Europe/London',
        requires_approval: true,
      });
      expect(v.principles.length).toBeGreaterThanOrEqual(4);
      expect(v.principles.length).toBeLessThanOrEqual(6);
    }
    expect(versions[0]!.change_note).toBe('');
    expect(versions[1]!.change_note.length).toBeGreaterThan(20);
    const [admin] = await q<{ id: string }>(`SELECT id FROM users WHERE email = $1`, [DEMO_ADMIN_EMAIL]);
    expect(versions[0]!.author_id).toBe(admin!.id);
    const age = (d: Date) => (Date.now() - d.getTime()) / DAY;
    expect(age(versions[0]!.created_at)).toBeGreaterThan(360);
    expect(age(versions[0]!.created_at)).toBeLessThan(370);
    expect(age(versions[1]!.created_at)).toBeGreaterThan(60);
    expect(age(versions[1]!.created_at)).toBeLessThan(180);
  });

  it('creates the backbone, twelve partners and two funders, plus a join request and an invited partner', async () => {
    expect(
      await countBy(`SELECT kind || ':' || status AS k, count(*)::int AS n FROM partners GROUP BY 1`),
    ).toEqual({
      'backbone:active': 1,
      'partner:active': 12,
      'funder:active': 2,
      'partner:pending': 1,
      'partner:invited': 1,
    });
    const [{ n: orgs }] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM organisations`);
    expect(orgs).toBe(17);
    const [backbone] = await q(
      `SELECT o.name FROM collaborations c JOIN organisations o ON o.id = c.backbone_organisation_id`,
    );
    expect(backbone!.name).toBe('Riverside Learning Partnership');
    // every active partner has a sector; the spread of joining covers the last 18 months
    const active = await q<{ sector: string | null; joined_at: Date; created_at: Date }>(
      `SELECT sector, joined_at, created_at FROM partners WHERE status = 'active'`,
    );
    const earliest = Date.now() - 548 * DAY;
    for (const p of active) {
      expect(p.sector).toBeTruthy();
      expect(p.created_at.getTime()).toBeGreaterThan(earliest);
      expect(p.created_at.getTime()).toBeLessThanOrEqual(p.joined_at.getTime());
      expect(p.joined_at.getTime()).toBeLessThan(Date.now());
    }
    const joined = active.map((p) => p.joined_at.getTime());
    expect(Math.max(...joined) - Math.min(...joined)).toBeGreaterThan(365 * DAY);
    const [pending] = await q(
      `SELECT p.*, u.email FROM partners p JOIN users u ON u.id = p.requested_by WHERE p.status = 'pending'`,
    );
    expect(pending!.request_message).toBeTruthy();
    expect(
      await q(
        `SELECT 1 FROM memberships WHERE user_id = (SELECT requested_by FROM partners WHERE status = 'pending')`,
      ),
    ).toHaveLength(0);
  });

  it('has most partners endorsing v2 and two still on v1', async () => {
    expect(
      await countBy(
        `SELECT endorsed_agenda_version::text AS k, count(*)::int AS n FROM partners WHERE kind = 'partner' AND status = 'active' GROUP BY 1`,
      ),
    ).toEqual({ '2': 10, '1': 2 });
    const wrong = await q(
      `SELECT p.id FROM partners p
         JOIN agenda_versions v ON v.collaboration_id = p.collaboration_id AND v.version = p.endorsed_agenda_version
         LEFT JOIN memberships m ON m.collaboration_id = p.collaboration_id AND m.user_id = p.endorsed_by AND m.partner_id = p.id
        WHERE p.endorsed_at < v.created_at OR p.endorsed_at < p.joined_at OR m.id IS NULL`,
    );
    expect(wrong).toEqual([]);
  });

  it('creates memberships for every role', async () => {
    expect(await countBy(`SELECT role AS k, count(*)::int AS n FROM memberships GROUP BY role`)).toEqual({
      backbone_admin: 1,
      backbone_staff: 1,
      partner_admin: 12,
      partner_contributor: 6,
      funder: 2,
    });
    // partner roles sit with partners, backbone roles with the backbone, funders with funders
    const mismatched = await q(
      `SELECT m.role, p.kind FROM memberships m JOIN partners p ON p.collaboration_id = m.collaboration_id AND p.id = m.partner_id
        WHERE NOT ((m.role LIKE 'backbone_%' AND p.kind = 'backbone') OR (m.role LIKE 'partner_%' AND p.kind = 'partner')
                   OR (m.role = 'funder' AND p.kind = 'funder'))`,
    );
    expect(mismatched).toEqual([]);
    const [{ n: users }] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM users`);
    expect(users).toBe(DEMO_ACCOUNTS.length);
  });

  it('creates goals with target dates in 2030-2032, each with two or three strategies', async () => {
    const goals = await q<{ title: string; target_date: string; strategies: number }>(
      `SELECT g.title, g.target_date::text, count(s.id)::int AS strategies
         FROM goals g LEFT JOIN strategies s ON s.collaboration_id = g.collaboration_id AND s.goal_id = g.id
        GROUP BY g.collaboration_id, g.id ORDER BY g.position`,
    );
    expect(goals.length).toBeGreaterThanOrEqual(3);
    expect(goals.length).toBeLessThanOrEqual(4);
    expect(goals.map((g) => g.title)).toEqual(
      expect.arrayContaining([
        'Every child ready for school',
        'Every young person succeeds in school',
        'Every young person in education, employment or training by 21',
      ]),
    );
    for (const g of goals) {
      expect(g.target_date >= '2030-01-01' && g.target_date <= '2032-12-31').toBe(true);
      expect(g.strategies).toBeGreaterThanOrEqual(2);
      expect(g.strategies).toBeLessThanOrEqual(3);
    }
  });

  it('leaves one open invitation that stores only a token hash', async () => {
    const invitations = await q(`SELECT * FROM invitations`);
    expect(invitations).toHaveLength(1);
    const [inv] = invitations;
    expect(inv).toMatchObject({ role: 'partner_admin', accepted_at: null, revoked_at: null });
    expect(inv!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect((inv!.expires_at as Date).getTime()).toBeGreaterThan(Date.now());
    const [partner] = await q(`SELECT status FROM partners WHERE id = $1`, [inv!.partner_id]);
    expect(partner!.status).toBe('invited');
  });

  it('records the seeding in the audit log', async () => {
    const events = await q<{ action: string; collaboration_id: string; entity: string }>(
      `SELECT * FROM audit_events`,
    );
    expect(events.length).toBeGreaterThanOrEqual(3);
    expect(
      events.every((e) => e.action === 'demo.seed' && e.collaboration_id === DEMO_COLLABORATION_ID),
    ).toBe(true);
    expect(events.map((e) => e.entity)).toEqual(
      expect.arrayContaining(['collaboration', 'partner', 'membership', 'goal']),
    );
    expect(JSON.stringify(events)).not.toContain('$argon2');
  });

  it('hashes the shared demo password with argon2id, once', async () => {
    const hashes = await q<{ password_hash: string }>(`SELECT DISTINCT password_hash FROM users`);
    expect(hashes).toHaveLength(1);
    expect(hashes[0]!.password_hash).toMatch(/^\$argon2id\$/);
    expect(await verify(hashes[0]!.password_hash, DEMO_PASSWORD, { algorithm: Algorithm.Argon2id })).toBe(
      true,
    );
    expect(await verify(hashes[0]!.password_hash, 'not-the-password')).toBe(false);
  });

  it('does nothing the second time', async () => {
    const before = await q(
      `SELECT (SELECT count(*) FROM users) u, (SELECT count(*) FROM partners) p, (SELECT count(*) FROM audit_events) a`,
    );
    expect(await seedDemoIfEmpty(ds)).toBe(false);
    expect(
      await q(
        `SELECT (SELECT count(*) FROM users) u, (SELECT count(*) FROM partners) p, (SELECT count(*) FROM audit_events) a`,
      ),
    ).toEqual(before);
  });

  it('lets the demo admin sign in and see the collaboration', async () => {
    const agent = t.agent();
    const res = await agent.post('/api/auth/sign-in', { email: DEMO_ADMIN_EMAIL, password: DEMO_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ email: DEMO_ADMIN_EMAIL, name: 'Amara Okafor' });
    const me = await agent.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body.memberships).toEqual([
      expect.objectContaining({
        collaborationId: DEMO_COLLABORATION_ID,
        slug: DEMO_COLLABORATION.slug,
        role: 'backbone_admin',
      }),
    ]);
  });
});

describe('demo seed, concurrently and over leftovers', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  const sources: DataSource[] = [];
  beforeAll(async () => {
    db = await freshDatabase();
    for (let i = 0; i < 2; i++) {
      const ds = createDataSource(db.url, { extra: { max: 2 } });
      await ds.initialize();
      sources.push(ds);
    }
  });
  afterAll(async () => {
    for (const ds of sources) await ds.destroy();
    await db?.drop();
  });

  it('seeds once when two processes start together', async () => {
    const results = await Promise.all(sources.map((ds) => seedDemoIfEmpty(ds)));
    expect(results.sort()).toEqual([false, true]);
    const [{ n }] = await sources[0]!.query(`SELECT count(*)::int AS n FROM collaborations`);
    expect(n).toBe(1);
  });

  it('does not trip over demo accounts left behind without a collaboration', async () => {
    await sources[0]!.query(`DELETE FROM collaborations`);
    expect(await seedDemoIfEmpty(sources[0]!)).toBe(false);
    const [{ n }] = await sources[0]!.query(`SELECT count(*)::int AS n FROM collaborations`);
    expect(n).toBe(0);
  });
});
