import type { TargetDefinition } from '@constellation/shared';
import type { Job } from 'bullmq';
import { randomBytes } from 'node:crypto';
import type { Logger } from '../src/logger';
import { recomputePeriodsWithProgress } from '../src/progress';
import { formatNumber, winTitle } from '../src/progress/notify';
import { createRollupPeriodHandler } from '../src/rollups/handlers';
import { loadContext } from '../src/rollups/recompute';
import { createIndicator, createTenant, freshRollupsDatabase, upsertValue, type Tenant, type TestDatabase } from './rollups-support';

/**
 * 'milestone_met' notifications are written in the transaction that first records a win: one per
 * member of the collaboration (backbone, partners, funders) per win, however many jobs run, and
 * none when a revision withdraws the win or when a withdrawn win is met again.
 */
let db: TestDatabase;
let tenant: Tenant;
let members: { userId: string; role: string }[];

const logger = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined } as unknown as Logger;
const publisher = { publish: async () => 1 };
const AS_OF = { asOfMonth: '2026-11' };
const increase: TargetDefinition = {
  direction: 'increase',
  baseline: { value: '0', period: '2024' },
  targets: [
    { period: '2025', value: '120', kind: 'milestone' },
    { period: '2026', value: '240', kind: 'long_term' },
  ],
};

async function member(role: string, partnerKind: 'backbone' | 'partner' | 'funder'): Promise<{ userId: string; role: string }> {
  const tag = randomBytes(5).toString('hex');
  const q = async (sql: string, params: unknown[]) => (await db.pool.query<{ id: string }>(sql, params)).rows[0]!.id;
  const userId = await q(`INSERT INTO users (email, name, password_hash) VALUES ($1, $2, 'x') RETURNING id`, [`m-${tag}@example.test`, `Member ${tag}`]);
  const org = await q(`INSERT INTO organisations (name) VALUES ($1) RETURNING id`, [`Org ${tag}`]);
  const partnerId = await q(`INSERT INTO partners (collaboration_id, organisation_id, kind, status) VALUES ($1, $2, $3, 'active') RETURNING id`, [
    tenant.collaborationId,
    org,
    partnerKind,
  ]);
  await db.pool.query(`INSERT INTO memberships (collaboration_id, user_id, partner_id, role) VALUES ($1, $2, $3, $4)`, [tenant.collaborationId, userId, partnerId, role]);
  return { userId, role };
}

beforeAll(async () => {
  db = await freshRollupsDatabase();
  tenant = await createTenant(db.pool, { fiscalYearStartMonth: 1, requiresApproval: false, partners: 2 });
  members = [
    await member('backbone_admin', 'backbone'),
    await member('partner_contributor', 'partner'),
    await member('funder', 'funder'),
  ];
});
afterAll(async () => {
  await db?.drop();
});

async function indicator(name: string): Promise<string> {
  const id = await createIndicator(db.pool, tenant, { valueType: 'count', periodicity: 'month', across: 'sum', overTime: 'sum' });
  await db.pool.query(`UPDATE indicators SET name = $3, unit = 'children', direction = 'increase', baseline_value = 0, baseline_period = '2024' WHERE collaboration_id = $1 AND id = $2`, [
    tenant.collaborationId,
    id,
    name,
  ]);
  for (const t of increase.targets) {
    await db.pool.query(`INSERT INTO indicator_targets (collaboration_id, indicator_id, period, value, kind) VALUES ($1, $2, $3, $4, $5)`, [
      tenant.collaborationId,
      id,
      t.period,
      t.value,
      t.kind,
    ]);
  }
  return id;
}

async function put(indicatorId: string, partner: number, period: string, value: string): Promise<void> {
  await upsertValue(db.pool, tenant, {
    indicatorId,
    partnerId: tenant.partners[partner]!,
    period,
    cell: 'total',
    activityId: null,
    value,
    numerator: null,
    denominator: null,
    status: 'submitted',
  });
}

const periodJob = (indicatorId: string, period: string) =>
  createRollupPeriodHandler({ pool: db.pool, publisher, logger })({ collaborationId: tenant.collaborationId, indicatorId, period }, {} as Job);

async function notifications(indicatorId: string) {
  const { rows } = await db.pool.query<{ userId: string; kind: string; title: string; link: string; emailState: string; actorId: string | null }>(
    `SELECT user_id AS "userId", kind, title, link, email_state AS "emailState", actor_id AS "actorId"
       FROM notifications WHERE collaboration_id = $1 AND link = $2 ORDER BY user_id`,
    [tenant.collaborationId, `/collaborations/${tenant.collaborationId}/indicators/${indicatorId}`],
  );
  return rows;
}

describe('milestone_met notifications', () => {
  it('one per member for a new win, even with concurrent jobs and retries; none when withdrawn or met again', async () => {
    const id = await indicator('Children reading at grade level');
    await put(id, 0, '2025-03', '100');
    await put(id, 1, '2025-04', '30');
    await Promise.all([periodJob(id, '2025-03'), periodJob(id, '2025-04'), periodJob(id, '2025-03')]);
    const first = await notifications(id);
    expect(first.map((n) => n.userId).sort()).toEqual(members.map((m) => m.userId).sort());
    for (const n of first) {
      expect(n).toMatchObject({ kind: 'milestone_met', title: 'Milestone met: Children reading at grade level reached 130 children for 2025', emailState: 'pending', actorId: null });
    }

    // Retries and a second run find the win already recorded.
    await periodJob(id, '2025-03');
    await Promise.all([periodJob(id, '2025-04'), periodJob(id, '2025-04')]);
    expect(await notifications(id)).toEqual(first);

    // A revision below the milestone withdraws the win: nothing new is announced.
    await put(id, 0, '2025-03', '80');
    await periodJob(id, '2025-03');
    const { rows: wins } = await db.pool.query(`SELECT status FROM wins WHERE collaboration_id = $1 AND indicator_id = $2`, [tenant.collaborationId, id]);
    expect(wins).toEqual([{ status: 'withdrawn' }]);
    expect(await notifications(id)).toEqual(first);

    // Met again (reactivated): the members were told when it was first met.
    await put(id, 0, '2025-03', '95');
    await Promise.all([periodJob(id, '2025-03'), periodJob(id, '2025-03')]);
    expect(await notifications(id)).toEqual(first);
  });

  it('one per member when the compute itself runs concurrently (four transactions racing)', async () => {
    const id = await indicator('Families supported');
    await put(id, 0, '2025-08', '150');
    const ctx = await loadContext(db.pool, tenant.collaborationId, id);
    await Promise.all(Array.from({ length: 4 }, () => recomputePeriodsWithProgress(db.pool, ctx!, ['2025-08'], AS_OF)));
    const rows = await notifications(id);
    expect(rows).toHaveLength(members.length);
    expect(new Set(rows.map((r) => r.userId)).size).toBe(members.length);
  });

  it('nothing for a value that does not meet any milestone; the long-term target gets its own wording', async () => {
    const id = await indicator('Books lent');
    await put(id, 0, '2025-05', '50');
    await periodJob(id, '2025-05');
    expect(await notifications(id)).toEqual([]);
    await put(id, 1, '2026-02', '300');
    await periodJob(id, '2026-02');
    const rows = await notifications(id);
    expect(rows).toHaveLength(members.length);
    expect(new Set(rows.map((r) => r.title))).toEqual(new Set(['Long-term target met: Books lent reached 300 children for 2026']));
  });
});

describe('wording', () => {
  it('trims numeric zeros and the unit', () => {
    expect(formatNumber('130.000')).toBe('130');
    expect(formatNumber('0.8500')).toBe('0.85');
    expect(formatNumber('1200')).toBe('1200');
    expect(winTitle('Reach', ' ', { kind: 'milestone', milestonePeriod: '2025-Q1', metValue: '12.50' })).toBe('Milestone met: Reach reached 12.5 for 2025-Q1');
  });
});
