import { EXAMPLE_INDICATOR_SETS, validateValue, type ValueType } from '@constellation/shared';
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
import { ACTIVITIES } from '../src/seed/demo/activities';
import { COMMITMENTS } from '../src/seed/demo/commitments';
import { DEMO_INDICATORS } from '../src/seed/demo/indicators';
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
    const started = performance.now();
    expect(await seedDemoIfEmpty(ds)).toBe(true);
    // Logged, not asserted: the target is well under 5 s on a developer machine.
    console.log(`demo seed took ${Math.round(performance.now() - started)} ms`);
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

  describe('shared measurement', () => {
    const one = async <T = number>(sql: string, params: unknown[] = []) =>
      Object.values((await q(sql, params))[0]!)[0] as T;
    const countOf = (table: string) =>
      one<number>(`SELECT count(*)::int FROM ${table} WHERE collaboration_id = $1`, [DEMO_COLLABORATION_ID]);

    it('has dimensions, the example set’s indicators with targets and first revisions, commitments and activities', async () => {
      expect(await countOf('dimensions')).toBe(3);
      expect(await countOf('dimension_categories')).toBe(5 + 3 + 4);
      expect(
        (
          await q<{
            key: string;
          }>(`SELECT c.key FROM dimension_categories c JOIN dimensions d ON d.id = c.dimension_id
           WHERE d.key = 'neighbourhood' ORDER BY c.position`)
        ).map((r) => r.key),
      ).toEqual(['northgate', 'eastbank', 'millbrook', 'other']);
      const n = DEMO_INDICATORS.length;
      expect(n).toBeGreaterThanOrEqual(12);
      expect(n).toBeLessThanOrEqual(20);
      expect(await countOf('indicators')).toBe(n);
      const codes = (await q<{ code: string }>(`SELECT code FROM indicators ORDER BY code`)).map(
        (r) => r.code,
      );
      const example = EXAMPLE_INDICATOR_SETS.find((x) => x.id === 'cradle-to-career')!.set.indicators.map(
        (i) => i.code,
      );
      expect(example).toEqual(expect.arrayContaining(codes));
      expect(await countOf('indicator_dimensions')).toBe(
        DEMO_INDICATORS.reduce((a, i) => a + i.dimensions.length, 0),
      );
      expect(await countOf('indicator_targets')).toBe(
        DEMO_INDICATORS.reduce((a, i) => a + i.targets.length, 0),
      );
      expect(await countOf('indicator_revisions')).toBe(n);
      expect(
        await one(
          `SELECT count(*)::int FROM indicator_revisions WHERE version = 1 AND definition->>'code' IS NOT NULL`,
        ),
      ).toBe(n);
      // every indicator: one long-term target, at least one milestone, under a demo goal
      expect(
        await q(`SELECT i.code FROM indicators i LEFT JOIN indicator_targets t ON t.indicator_id = i.id
                  GROUP BY i.code HAVING count(*) FILTER (WHERE t.kind = 'long_term') <> 1
                      OR count(*) FILTER (WHERE t.kind = 'milestone') < 1`),
      ).toEqual([]);
      expect(await countOf('commitments')).toBe(Object.values(COMMITMENTS).reduce((a, c) => a + c.length, 0));
      const perPartner = await q<{ n: number }>(
        `SELECT count(*)::int AS n FROM commitments GROUP BY partner_id`,
      );
      expect(perPartner).toHaveLength(12);
      for (const p of perPartner) {
        expect(p.n).toBeGreaterThanOrEqual(2);
        expect(p.n).toBeLessThanOrEqual(5);
      }
      expect(await countOf('activities')).toBe(ACTIVITIES.length);
      const perPartnerActivities = await q<{ n: number }>(
        `SELECT count(*)::int AS n FROM activities GROUP BY partner_id`,
      );
      expect(perPartnerActivities).toHaveLength(12);
      expect(perPartnerActivities.every((p) => p.n >= 1 && p.n <= 2)).toBe(true);
      expect(await countOf('activity_updates')).toBeGreaterThanOrEqual(2);
      // activities link only to indicators their partner reports
      expect(
        await q(`SELECT ai.activity_id FROM activity_indicators ai JOIN activities a ON a.id = ai.activity_id
                  LEFT JOIN commitments c ON c.partner_id = a.partner_id AND c.indicator_id = ai.indicator_id
                 WHERE c.partner_id IS NULL`),
      ).toEqual([]);
    });

    it('covers every value type and aggregation', async () => {
      const distinct = async (col: string) =>
        (await q<{ x: string }>(`SELECT DISTINCT ${col} AS x FROM indicators ORDER BY 1`)).map((r) => r.x);
      expect(await distinct('value_type')).toEqual(['amount', 'count', 'percentage', 'ratio']);
      expect(await distinct('aggregation_across')).toEqual(['average', 'max', 'min', 'ratio', 'sum']);
      expect(await distinct('aggregation_over_time')).toEqual(['average', 'last', 'sum']);
      expect(await distinct('periodicity')).toEqual(['month', 'quarter', 'year']);
      // and every one has values
      expect(
        await q(
          `SELECT i.code FROM indicators i WHERE NOT EXISTS (SELECT 1 FROM indicator_values v WHERE v.indicator_id = i.id)`,
        ),
      ).toEqual([]);
    });

    it('seeds values that pass validateValue, within committed periods and the indicators’ ranges', async () => {
      const rows = await q<{
        value_type: ValueType;
        value: string | null;
        numerator: string | null;
        denominator: string | null;
        code: string;
        cell: string;
      }>(
        `SELECT i.value_type, i.code, v.cell, v.value::text, v.numerator::text, v.denominator::text
           FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id`,
      );
      console.log(
        `demo values: ${rows.length} (${rows.filter((r) => r.cell !== 'total').length} disaggregation cells)`,
      );
      expect(rows.length).toBeGreaterThan(1000);
      const bad = rows
        .map((r) => [r.code, r.cell, validateValue(r.value_type, r)])
        .filter(([, , e]) => e !== null);
      expect(bad).toEqual([]);
      expect(
        await q(`SELECT v.id FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id
                  WHERE v.value < i.min_value OR v.value > i.max_value`),
      ).toEqual([]);
      expect(
        await q(`SELECT v.id FROM indicator_values v
                   LEFT JOIN commitments c ON c.partner_id = v.partner_id AND c.indicator_id = v.indicator_id
                  WHERE c.partner_id IS NULL`),
      ).toEqual([]);
      expect(await one(`SELECT count(*)::int FROM indicator_values WHERE via <> 'seed'`)).toBe(0);
    });

    it('keeps every total equal to the aggregate of its cells', async () => {
      const pairs = await q<{ code: string; total: string; agg: string; ok: boolean }>(
        `SELECT i.code,
                coalesce(t.value::text, t.numerator || '/' || t.denominator) AS total,
                coalesce(sum(c.value)::text, sum(c.numerator) || '/' || sum(c.denominator)) AS agg,
                CASE WHEN i.value_type IN ('percentage', 'ratio')
                     THEN t.numerator = sum(c.numerator) AND t.denominator = sum(c.denominator)
                     ELSE t.value = sum(c.value) END AS ok
           FROM indicator_values t
           JOIN indicators i ON i.id = t.indicator_id
           JOIN indicator_values c ON c.indicator_id = t.indicator_id AND c.partner_id = t.partner_id
                                  AND c.period = t.period AND c.cell <> 'total'
          WHERE t.cell = 'total'
          GROUP BY i.code, i.value_type, t.collaboration_id, t.id`,
      );
      expect(pairs.length).toBeGreaterThan(50);
      expect(pairs.filter((p) => !p.ok)).toEqual([]);
      // cells are named in the indicator's dimension order, with known categories
      expect(
        await q(
          `SELECT DISTINCT v.cell FROM indicator_values v WHERE v.cell <> 'total' AND v.cell !~ '^[a-z_]+=[a-z0-9-]+(;[a-z_]+=[a-z0-9-]+)*$'`,
        ),
      ).toEqual([]);
    });

    it('has values in every review state, mostly approved, the latest period partly submitted and partly draft', async () => {
      const byStatus = await countBy(
        `SELECT status AS k, count(*)::int AS n FROM indicator_values GROUP BY status`,
      );
      expect(Object.keys(byStatus).sort()).toEqual(['approved', 'draft', 'returned', 'submitted']);
      const total = Object.values(byStatus).reduce((a, b) => a + b, 0);
      expect(byStatus.approved! / total).toBeGreaterThan(0.9);
      expect(byStatus.returned).toBe(1);
      const [returned] = await q(`SELECT * FROM indicator_values WHERE status = 'returned'`);
      expect(returned!.return_reason).toBeTruthy();
      expect(returned!.reviewed_by).toBeTruthy();
      // approved values were reviewed; drafts were not submitted
      expect(
        await one(
          `SELECT count(*)::int FROM indicator_values WHERE status = 'approved' AND (reviewed_at IS NULL OR submitted_at IS NULL)`,
        ),
      ).toBe(0);
      expect(
        await one(
          `SELECT count(*)::int FROM indicator_values WHERE status = 'draft' AND submitted_at IS NOT NULL`,
        ),
      ).toBe(0);
      // nothing in the future
      expect(
        await one(
          `SELECT count(*)::int FROM indicator_values WHERE greatest(created_at, updated_at, submitted_at, reviewed_at) > now()`,
        ),
      ).toBe(0);
      // drafts and submissions sit in each indicator's latest period only
      expect(
        await q(`SELECT v.id FROM indicator_values v
                  WHERE v.status IN ('draft', 'submitted')
                    AND EXISTS (SELECT 1 FROM indicator_values w WHERE w.indicator_id = v.indicator_id AND w.status = 'approved'
                                  AND w.created_at > v.created_at + interval '40 days')`),
      ).toEqual([]);
    });

    it('keeps revision histories: created, then corrected with before and after', async () => {
      const revised = await q<{ value_id: string; actions: string[]; version: number }>(
        `SELECT r.value_id, array_agg(r.action ORDER BY r.version) AS actions, max(v.version) AS version
           FROM value_revisions r JOIN indicator_values v ON v.id = r.value_id
          GROUP BY r.value_id`,
      );
      expect(revised.length).toBeGreaterThanOrEqual(3);
      expect(
        revised.filter((r) => r.actions[0] === 'create' && r.actions.includes('update')).length,
      ).toBeGreaterThanOrEqual(2);
      for (const r of revised) expect(r.version).toBe(r.actions.length);
      const [update] = await q<{
        before: { denominator?: string; value?: string };
        after: object;
        reason: string;
      }>(`SELECT * FROM value_revisions WHERE action = 'update' ORDER BY id LIMIT 1`);
      expect(update!.before).not.toEqual(update!.after);
      expect(update!.reason).toBeTruthy();
      expect(
        await q(`SELECT 1 FROM value_revisions WHERE action = 'return' AND reason IS NOT NULL`),
      ).toHaveLength(1);
    });

    it('has a partner total submitted without a breakdown beside partners that break theirs down', async () => {
      const totalsOnly = await q(
        `SELECT i.code, p.id FROM indicators i JOIN commitments c ON c.indicator_id = i.id JOIN partners p ON p.id = c.partner_id
          WHERE EXISTS (SELECT 1 FROM indicator_values v WHERE v.indicator_id = i.id AND v.partner_id = p.id AND v.cell = 'total')
            AND NOT EXISTS (SELECT 1 FROM indicator_values v WHERE v.indicator_id = i.id AND v.partner_id = p.id AND v.cell <> 'total')
            AND EXISTS (SELECT 1 FROM indicator_values v WHERE v.indicator_id = i.id AND v.cell <> 'total')`,
      );
      expect(totalsOnly.length).toBeGreaterThanOrEqual(1);
    });

    it('asks the rollup worker to rebuild every seeded indicator once', async () => {
      const rows = await q<{ kind: string; n: number; indicators: number }>(
        `SELECT kind, count(*)::int AS n, (SELECT count(*)::int FROM indicators) AS indicators FROM outbox GROUP BY kind`,
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ kind: 'rebuild_requested' });
      expect(rows[0].n).toBe(rows[0].indicators);
    });

    it('has missing reports: a committed partner that skipped periods the others reported', async () => {
      const gaps = await q<{ code: string; partner: string; missing: string[] }>(
        `WITH expected AS (SELECT DISTINCT indicator_id, period FROM indicator_values)
         SELECT i.code, p.sector AS partner, array_agg(e.period ORDER BY e.period) AS missing
           FROM commitments c JOIN indicators i ON i.id = c.indicator_id JOIN partners p ON p.id = c.partner_id
           JOIN expected e ON e.indicator_id = c.indicator_id
          WHERE NOT EXISTS (SELECT 1 FROM indicator_values v WHERE v.indicator_id = c.indicator_id
                              AND v.partner_id = c.partner_id AND v.period = e.period AND v.cell = 'total')
          GROUP BY i.code, p.id, p.sector`,
      );
      expect(gaps).toHaveLength(1);
      expect(gaps[0]!.code).toBe('SERVE-01');
      expect(gaps[0]!.missing).toHaveLength(2);
    });
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
    const counts = `SELECT (SELECT count(*) FROM users) u, (SELECT count(*) FROM partners) p, (SELECT count(*) FROM audit_events) a,
       (SELECT count(*) FROM indicators) i, (SELECT count(*) FROM commitments) c, (SELECT count(*) FROM activities) act,
       (SELECT count(*) FROM indicator_values) v, (SELECT count(*) FROM value_revisions) r`;
    const before = await q(counts);
    expect(await seedDemoIfEmpty(ds)).toBe(false);
    expect(await q(counts)).toEqual(before);
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
    // Measurement rows (commitments, values) reference partners without cascading, as in real
    // use; clear every tenant table, keeping the users and organisations behind.
    await sources[0]!.query(`TRUNCATE collaborations CASCADE`);
    expect(await seedDemoIfEmpty(sources[0]!)).toBe(false);
    const [{ n }] = await sources[0]!.query(`SELECT count(*)::int AS n FROM collaborations`);
    expect(n).toBe(0);
  });
});
