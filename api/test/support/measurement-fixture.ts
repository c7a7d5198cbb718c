import type { TestApp } from './app';
import { addMember, createCollaboration, createUser, dataSourceOf, type UserAgent } from './fixtures';

/**
 * Shared-measurement fixtures written with SQL (indicators, dimensions, commitments and activities
 * do not need their own api for these suites):
 *
 *   const fx = await measurementFixture(t);                 // collaboration, backbone admin, two partners
 *   const ind = await createIndicator(t, fx, { valueType: 'count', periodicity: 'quarter' });
 *   await commit(t, fx, fx.partnerId, ind);                // the partner reports it from 2020-01
 */
export interface MeasurementFixture {
  collaborationId: string;
  goalId: string;
  /** Backbone admin (creator). */
  admin: UserAgent;
  /** Backbone staff (values.review, no values.write). */
  staff: UserAgent;
  /** A partner contributor and the partner admin of the same organisation. */
  partner: UserAgent;
  partnerAdmin: UserAgent;
  partnerId: string;
  /** A contributor of a second partner organisation. */
  other: UserAgent;
  otherPartnerId: string;
  /** `/api/collaborations/:id` */
  base: string;
}

export async function measurementFixture(
  t: TestApp,
  opts: { requiresApproval?: boolean; fiscalYearStartMonth?: number } = {},
): Promise<MeasurementFixture> {
  const admin = await createUser(t, { name: 'Backbone Admin' });
  const collab = await createCollaboration(admin);
  const ds = dataSourceOf(t);
  await ds.query(
    `UPDATE agenda_versions SET requires_approval = $2, fiscal_year_start_month = $3 WHERE collaboration_id = $1`,
    [collab.id, opts.requiresApproval ?? false, opts.fiscalYearStartMonth ?? 1],
  );
  const staff = await createUser(t, { name: 'Backbone Staff' });
  await addMember(t, collab.id, staff.user.id, 'backbone_staff');
  const partner = await createUser(t, { name: 'Pat Partner' });
  const { partnerId } = await addMember(t, collab.id, partner.user.id, 'partner_contributor');
  const partnerAdmin = await createUser(t, { name: 'Paula Partner-Admin' });
  await addMember(t, collab.id, partnerAdmin.user.id, 'partner_admin', partnerId);
  const other = await createUser(t, { name: 'Olga Other' });
  const { partnerId: otherPartnerId } = await addMember(t, collab.id, other.user.id, 'partner_contributor');
  return {
    collaborationId: collab.id,
    goalId: collab.goals[0]!.id,
    admin,
    staff,
    partner,
    partnerAdmin,
    partnerId,
    other,
    otherPartnerId,
    base: `/api/collaborations/${collab.id}`,
  };
}

let counter = 0;

export interface IndicatorOptions {
  code?: string;
  valueType?: 'count' | 'amount' | 'percentage' | 'ratio';
  periodicity?: 'month' | 'quarter' | 'year';
  aggregationAcross?: 'sum' | 'average' | 'min' | 'max' | 'ratio';
  minValue?: string | null;
  maxValue?: string | null;
  status?: 'active' | 'retired';
  /** Dimension key → category keys, in order (dimensions are created per indicator). */
  dimensions?: Record<string, string[]>;
}

/** Insert an indicator (and its dimensions with categories); returns its id. */
export async function createIndicator(t: TestApp, fx: MeasurementFixture, o: IndicatorOptions = {}): Promise<string> {
  const ds = dataSourceOf(t);
  const valueType = o.valueType ?? 'count';
  const ratio = valueType === 'percentage' || valueType === 'ratio';
  const code = o.code ?? `IND-${++counter}-${Math.random().toString(36).slice(2, 6)}`;
  const [row]: Array<{ id: string }> = await ds.query(
    `INSERT INTO indicators (collaboration_id, code, name, definition, unit, value_type, direction, periodicity,
                             aggregation_across, aggregation_over_time, goal_id, baseline_value, baseline_period,
                             measure_type, min_value, max_value, status)
     VALUES ($1, $2, $3, 'A definition', 'people', $4, 'increase', $5, $6, 'sum', $7, 0, '2019', 'performance', $8, $9, $10)
     RETURNING id`,
    [
      fx.collaborationId,
      code,
      `Indicator ${code}`,
      valueType,
      o.periodicity ?? 'quarter',
      o.aggregationAcross ?? (ratio ? 'ratio' : 'sum'),
      fx.goalId,
      o.minValue ?? null,
      o.maxValue ?? null,
      o.status ?? 'active',
    ],
  );
  let position = 0;
  for (const [key, categories] of Object.entries(o.dimensions ?? {})) {
    const dimKey = `${key}`;
    const existing: Array<{ id: string }> = await ds.query(`SELECT id FROM dimensions WHERE collaboration_id = $1 AND key = $2`, [
      fx.collaborationId,
      dimKey,
    ]);
    let dimId = existing[0]?.id;
    if (!dimId) {
      const [d]: Array<{ id: string }> = await ds.query(
        `INSERT INTO dimensions (collaboration_id, key, name) VALUES ($1, $2, $3) RETURNING id`,
        [fx.collaborationId, dimKey, dimKey],
      );
      dimId = d!.id;
      let cp = 0;
      for (const c of categories) {
        await ds.query(
          `INSERT INTO dimension_categories (collaboration_id, dimension_id, key, name, position) VALUES ($1, $2, $3, $3, $4)`,
          [fx.collaborationId, dimId, c, cp++],
        );
      }
    }
    await ds.query(
      `INSERT INTO indicator_dimensions (collaboration_id, indicator_id, dimension_id, position) VALUES ($1, $2, $3, $4)`,
      [fx.collaborationId, row!.id, dimId, position++],
    );
  }
  return row!.id;
}

/** The partner commits to report the indicator from `start` (default 2020-01) to `end` (open). */
export async function commit(
  t: TestApp,
  fx: MeasurementFixture,
  partnerId: string,
  indicatorId: string,
  start = '2020-01',
  end: string | null = null,
): Promise<void> {
  await dataSourceOf(t).query(
    `INSERT INTO commitments (collaboration_id, partner_id, indicator_id, start_period, end_period) VALUES ($1, $2, $3, $4, $5)`,
    [fx.collaborationId, partnerId, indicatorId, start, end],
  );
}

/** An activity of the partner, linked to these indicators. */
export async function createActivity(t: TestApp, fx: MeasurementFixture, partnerId: string, indicatorIds: string[]): Promise<string> {
  const ds = dataSourceOf(t);
  const [a]: Array<{ id: string }> = await ds.query(
    `INSERT INTO activities (collaboration_id, partner_id, name, status) VALUES ($1, $2, 'Reading club', 'active') RETURNING id`,
    [fx.collaborationId, partnerId],
  );
  for (const id of indicatorIds) {
    await ds.query(`INSERT INTO activity_indicators (collaboration_id, activity_id, indicator_id) VALUES ($1, $2, $3)`, [
      fx.collaborationId,
      a!.id,
      id,
    ]);
  }
  return a!.id;
}

/** How many values, revisions, outbox rows and idempotency keys exist (for "nothing was written"). */
export async function counts(t: TestApp, fx: MeasurementFixture): Promise<{ values: number; revisions: number; outbox: number }> {
  const [row]: Array<{ values: number; revisions: number; outbox: number }> = await dataSourceOf(t).query(
    `SELECT (SELECT count(*)::int FROM indicator_values WHERE collaboration_id = $1) AS values,
            (SELECT count(*)::int FROM value_revisions WHERE collaboration_id = $1) AS revisions,
            (SELECT count(*)::int FROM outbox WHERE collaboration_id = $1) AS outbox`,
    [fx.collaborationId],
  );
  return row!;
}

/** The outbox rows written so far, oldest first. */
export async function outbox(t: TestApp, fx: MeasurementFixture): Promise<Array<{ indicatorId: string; period: string; kind: string; partnerIds: string[] }>> {
  const rows: Array<{ indicator_id: string; period: string; kind: string; payload: { partnerIds: string[] } }> = await dataSourceOf(t).query(
    `SELECT indicator_id, period, kind, payload FROM outbox WHERE collaboration_id = $1 ORDER BY id`,
    [fx.collaborationId],
  );
  return rows.map((r) => ({ indicatorId: r.indicator_id, period: r.period, kind: r.kind, partnerIds: r.payload.partnerIds }));
}
