import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';
import { MIGRATIONS } from '../../api/src/database/migrations';
import type { QueryRunner } from 'typeorm';

/** Support for the rollup integration suites: a fresh database built by the real migrations. */
export const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function urlFor(db: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = '/' + db;
  return u.toString();
}

async function admin(sql: string): Promise<void> {
  const c = new Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

export interface TestDatabase {
  url: string;
  pool: Pool;
  drop(): Promise<void>;
}

/** CREATE DATABASE, then every migration's up() in order, in one transaction (as the api's migrate does). */
export async function freshRollupsDatabase(): Promise<TestDatabase> {
  const name = `wtest_${randomBytes(6).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = urlFor(name);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    const runner = { query: (sql: string, params?: unknown[]) => client.query(sql, params) } as unknown as QueryRunner;
    for (const Migration of MIGRATIONS) await new Migration().up(runner);
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
  const pool = new Pool({ connectionString: url, max: 6 });
  // DROP DATABASE … WITH (FORCE) at the end terminates clients the pool is still closing; an idle
  // client's error would otherwise surface as an unhandled 'error' event (pg's docs: always listen).
  pool.on('error', () => undefined);
  return {
    url,
    pool,
    drop: async () => {
      await pool.end();
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

export interface Tenant {
  collaborationId: string;
  goalId: string;
  userId: string;
  partners: string[];
  /** One activity per partner, same order. */
  activities: string[];
}

const hex = () => randomBytes(6).toString('hex');

/** A collaboration with its current agenda version, a goal, and partners with one activity each. */
export async function createTenant(
  pool: Pool,
  opts: { fiscalYearStartMonth: number; requiresApproval: boolean; partners: number },
): Promise<Tenant> {
  const tag = hex();
  const one = async <T>(sql: string, params: unknown[]) => (await pool.query(sql, params)).rows[0] as T;
  const { id: userId } = await one<{ id: string }>(
    `INSERT INTO users (email, name, password_hash) VALUES ($1, 'Test', 'x') RETURNING id`,
    [`u-${tag}@example.test`],
  );
  const { id: orgId } = await one<{ id: string }>(`INSERT INTO organisations (name) VALUES ($1) RETURNING id`, [
    `Backbone ${tag}`,
  ]);
  const joinCode = randomBytes(8)
    .toString('hex')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '0')
    .slice(0, 8);
  const { id: collaborationId } = await one<{ id: string }>(
    `INSERT INTO collaborations (name, slug, backbone_organisation_id, join_code, current_agenda_version, created_by)
     VALUES ($1, $1, $2, $3, 1, $4) RETURNING id`,
    [`c-${tag}`, orgId, joinCode, userId],
  );
  await pool.query(
    `INSERT INTO agenda_versions (collaboration_id, version, problem_statement, vision, form,
       fiscal_year_start_month, time_zone, requires_approval, author_id)
     VALUES ($1, 1, 'p', 'v', 'collective_impact', $2, 'UTC', $3, $4)`,
    [collaborationId, opts.fiscalYearStartMonth, opts.requiresApproval, userId],
  );
  const { id: goalId } = await one<{ id: string }>(
    `INSERT INTO goals (collaboration_id, title, target_date) VALUES ($1, 'Goal', '2030-12-31') RETURNING id`,
    [collaborationId],
  );
  const partners: string[] = [];
  const activities: string[] = [];
  for (let i = 0; i < opts.partners; i++) {
    const { id: org } = await one<{ id: string }>(`INSERT INTO organisations (name) VALUES ($1) RETURNING id`, [
      `Partner ${i} ${tag}`,
    ]);
    const { id: partnerId } = await one<{ id: string }>(
      `INSERT INTO partners (collaboration_id, organisation_id, kind, status) VALUES ($1, $2, 'partner', 'active') RETURNING id`,
      [collaborationId, org],
    );
    const { id: activityId } = await one<{ id: string }>(
      `INSERT INTO activities (collaboration_id, partner_id, name, status) VALUES ($1, $2, 'Programme', 'active') RETURNING id`,
      [collaborationId, partnerId],
    );
    partners.push(partnerId);
    activities.push(activityId);
  }
  return { collaborationId, goalId, userId, partners, activities };
}

export interface IndicatorDefinition {
  valueType: 'count' | 'amount' | 'percentage' | 'ratio';
  periodicity: 'month' | 'quarter' | 'year';
  across: 'sum' | 'average' | 'min' | 'max' | 'ratio';
  overTime: 'sum' | 'last' | 'average';
}

export async function createIndicator(pool: Pool, tenant: Tenant, def: IndicatorDefinition): Promise<string> {
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO indicators (collaboration_id, code, name, definition, unit, value_type, direction, periodicity,
       aggregation_across, aggregation_over_time, goal_id, baseline_value, baseline_period, measure_type)
     VALUES ($1, $2, 'Indicator', 'd', 'u', $3, 'increase', $4, $5, $6, $7, 0, '2024', 'population') RETURNING id`,
    [tenant.collaborationId, `I-${hex()}`, def.valueType, def.periodicity, def.across, def.overTime, tenant.goalId],
  );
  return rows[0].id;
}

export interface StoredValue {
  indicatorId: string;
  partnerId: string;
  period: string;
  cell: string;
  activityId: string | null;
  value: string | null;
  numerator: string | null;
  denominator: string | null;
  status: 'draft' | 'submitted' | 'approved' | 'returned';
}

/** Insert or revise (one value per partner, indicator, period, cell and activity): an upsert, as the api writes. */
export async function upsertValue(pool: Pool, tenant: Tenant, v: StoredValue): Promise<void> {
  const existing = await pool.query<{ id: string }>(
    `SELECT id FROM indicator_values WHERE collaboration_id = $1 AND indicator_id = $2 AND partner_id = $3
       AND period = $4 AND cell = $5 AND activity_id IS NOT DISTINCT FROM $6::uuid`,
    [tenant.collaborationId, v.indicatorId, v.partnerId, v.period, v.cell, v.activityId],
  );
  const returnReason = v.status === 'returned' ? 'please check' : null;
  if (existing.rows[0]) {
    await pool.query(
      `UPDATE indicator_values SET value = $3, numerator = $4, denominator = $5, status = $6, return_reason = $7,
         version = version + 1, updated_at = now() WHERE collaboration_id = $1 AND id = $2`,
      [tenant.collaborationId, existing.rows[0].id, v.value, v.numerator, v.denominator, v.status, returnReason],
    );
  } else {
    await pool.query(
      `INSERT INTO indicator_values (collaboration_id, indicator_id, partner_id, period, cell, activity_id,
         value, numerator, denominator, status, return_reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        tenant.collaborationId,
        v.indicatorId,
        v.partnerId,
        v.period,
        v.cell,
        v.activityId,
        v.value,
        v.numerator,
        v.denominator,
        v.status,
        returnReason,
      ],
    );
  }
}

export async function deleteValue(
  pool: Pool,
  tenant: Tenant,
  v: Pick<StoredValue, 'indicatorId' | 'partnerId' | 'period' | 'cell' | 'activityId'>,
): Promise<void> {
  await pool.query(
    `DELETE FROM indicator_values WHERE collaboration_id = $1 AND indicator_id = $2 AND partner_id = $3
       AND period = $4 AND cell = $5 AND activity_id IS NOT DISTINCT FROM $6::uuid`,
    [tenant.collaborationId, v.indicatorId, v.partnerId, v.period, v.cell, v.activityId],
  );
}

export async function storedValues(pool: Pool, collaborationId: string): Promise<StoredValue[]> {
  const { rows } = await pool.query<StoredValue>(
    `SELECT indicator_id AS "indicatorId", partner_id AS "partnerId", period, cell, activity_id AS "activityId",
            value, numerator, denominator, status
       FROM indicator_values WHERE collaboration_id = $1`,
    [collaborationId],
  );
  return rows;
}

export interface RollupRow {
  indicatorId: string;
  granularity: string;
  period: string;
  cell: string;
  scope: string;
  value: string;
  numerator: string | null;
  denominator: string | null;
  partnerCount: number;
  valueCount: number;
}

export async function readRollups(pool: Pool, collaborationId: string): Promise<RollupRow[]> {
  const { rows } = await pool.query<RollupRow>(
    `SELECT indicator_id AS "indicatorId", granularity, period, cell, scope, value::text AS value,
            numerator::text AS numerator, denominator::text AS denominator,
            partner_count AS "partnerCount", value_count AS "valueCount"
       FROM rollups WHERE collaboration_id = $1
      ORDER BY indicator_id, granularity, period, cell, scope`,
    [collaborationId],
  );
  return rows;
}

export const rollupKey = (r: Pick<RollupRow, 'indicatorId' | 'granularity' | 'period' | 'cell' | 'scope'>) =>
  `${r.indicatorId}|${r.granularity}|${r.period}|${r.cell}|${r.scope}`;

/** Equal within 1e-9 relative (with an absolute floor of 1e-9 where the true value is near 0). */
export function close(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  const x = Number(a);
  const y = Number(b);
  return Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
}

/**
 * Every difference between two sets of rollup rows, as sentences (empty when they agree; at most 30).
 * Values, numerators and denominators are compared exactly, or within 1e-9 relative (close) unless exact.
 * Used by the worker's rollups property test and the system tests (infra/system/support/compare.ts).
 */
export function differences(actual: RollupRow[], expected: RollupRow[], exact: boolean): string[] {
  const byKey = new Map(expected.map((r) => [rollupKey(r), r]));
  const problems: string[] = [];
  for (const r of actual) {
    const e = byKey.get(rollupKey(r));
    byKey.delete(rollupKey(r));
    if (!e) {
      problems.push(`unexpected ${rollupKey(r)} = ${r.value}`);
      continue;
    }
    const same = (x: string | null, y: string | null) => (exact ? x === y : close(x, y));
    if (
      !same(r.value, e.value) ||
      !same(r.numerator, e.numerator) ||
      !same(r.denominator, e.denominator) ||
      r.partnerCount !== e.partnerCount ||
      r.valueCount !== e.valueCount
    ) {
      problems.push(`${rollupKey(r)}: got ${JSON.stringify(r)}, expected ${JSON.stringify(e)}`);
    }
  }
  for (const key of byKey.keys()) problems.push(`missing ${key}`);
  return problems.slice(0, 30);
}

/** Poll until the check passes, with a bounded deadline (no fixed sleeps). */
export async function until<T>(check: () => Promise<T | undefined | false>, timeoutMs = 15000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await check();
    if (result) return result;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
