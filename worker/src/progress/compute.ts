import {
  ALL_PARTNERS,
  milestoneResults,
  monthKeyOf,
  progressFor,
  requirePeriod,
  TOTAL_CELL,
  trajectory,
  type Granularity,
  type MilestoneDefinition,
  type StatusBands,
} from '@constellation/shared';
import type { PoolClient } from 'pg';
import type { TargetPeriod } from '../rollups/recompute';
import { notifyWinsIn } from './notify';

/**
 * Progress, wins and trajectory of one indicator, derived from its all-partner total rollups and
 * its baseline and targets with the shared reference (progressFor, milestoneResults, trajectory):
 * no status rule is written twice. Runs inside the caller's transaction, after the rollups it
 * reads, under the same per-indicator advisory lock as the rollup recompute.
 */

type Queryable = Pick<PoolClient, 'query'>;

export interface ProgressDefinition extends MilestoneDefinition {
  collaborationId: string;
  indicatorId: string;
  periodicity: Granularity;
  fiscalYearStartMonth: number;
  hasLongTerm: boolean;
  /** The collaboration's status bands (collaborations.status_band_*; PRODUCT.md defaults 0.95 / 0.80). */
  bands: StatusBands;
}

/** The same lock as the rollup recompute (reentrant within a transaction). */
export async function lockIndicator(db: Queryable, collaborationId: string, indicatorId: string): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock(hashtextextended($1::text || ':' || $2::text, 42))`, [
    collaborationId,
    indicatorId,
  ]);
}

/** The indicator's direction, aggregation, baseline and targets, or null if it is gone. */
export async function loadProgressDefinition(
  db: Queryable,
  collaborationId: string,
  indicatorId: string,
): Promise<ProgressDefinition | null> {
  const { rows } = await db.query<{
    direction: 'increase' | 'decrease';
    value_type: MilestoneDefinition['valueType'];
    periodicity: Granularity;
    aggregation_across: MilestoneDefinition['aggregationAcrossPartners'];
    aggregation_over_time: MilestoneDefinition['aggregationOverTime'];
    baseline_value: string;
    baseline_period: string;
    fiscal_year_start_month: number;
    band_on_track: number;
    band_at_risk: number;
  }>(
    `SELECT i.direction, i.value_type, i.periodicity, i.aggregation_across, i.aggregation_over_time,
            i.baseline_value::text AS baseline_value, i.baseline_period, av.fiscal_year_start_month,
            c.status_band_on_track::float8 AS band_on_track, c.status_band_at_risk::float8 AS band_at_risk
       FROM indicators i
       JOIN collaborations c ON c.id = i.collaboration_id
       JOIN agenda_versions av ON av.collaboration_id = c.id AND av.version = c.current_agenda_version
      WHERE i.collaboration_id = $1 AND i.id = $2`,
    [collaborationId, indicatorId],
  );
  const r = rows[0];
  if (!r) return null;
  const targets = await db.query<{ period: string; value: string; kind: 'milestone' | 'long_term' }>(
    `SELECT period, value::text AS value, kind FROM indicator_targets
      WHERE collaboration_id = $1 AND indicator_id = $2 ORDER BY period`,
    [collaborationId, indicatorId],
  );
  return {
    collaborationId,
    indicatorId,
    direction: r.direction,
    valueType: r.value_type,
    periodicity: r.periodicity,
    aggregationAcrossPartners: r.aggregation_across,
    aggregationOverTime: r.aggregation_over_time,
    baseline: { value: r.baseline_value, period: r.baseline_period },
    targets: targets.rows,
    fiscalYearStartMonth: Number(r.fiscal_year_start_month),
    hasLongTerm: targets.rows.some((t) => t.kind === 'long_term'),
    bands: { onTrack: Number(r.band_on_track), atRisk: Number(r.band_at_risk) },
  };
}

/** All-partner total-cell aggregates by `granularity|period` (only those periods when given). */
async function totals(
  db: Queryable,
  def: ProgressDefinition,
  periods: readonly TargetPeriod[] | null,
): Promise<Map<string, string>> {
  const { rows } = await db.query<{ granularity: string; period: string; value: string }>(
    periods === null
      ? `SELECT granularity, period, value::text AS value FROM rollups
          WHERE collaboration_id = $1 AND indicator_id = $2 AND scope = $3 AND cell = $4`
      : `SELECT r.granularity, r.period, r.value::text AS value FROM rollups r
           JOIN unnest($5::text[], $6::text[]) AS t(granularity, period)
             ON t.granularity = r.granularity AND t.period = r.period
          WHERE r.collaboration_id = $1 AND r.indicator_id = $2 AND r.scope = $3 AND r.cell = $4`,
    periods === null
      ? [def.collaborationId, def.indicatorId, ALL_PARTNERS, TOTAL_CELL]
      : [
          def.collaborationId,
          def.indicatorId,
          ALL_PARTNERS,
          TOTAL_CELL,
          periods.map((p) => p.granularity),
          periods.map((p) => p.period),
        ],
  );
  return new Map(rows.map((r) => [`${r.granularity}|${r.period}`, r.value]));
}

export interface ProgressResult {
  progressRows: number;
  /** Milestone periods whose win was recorded for the first time or reactivated. */
  winsRecorded: string[];
  winsWithdrawn: string[];
}

export interface ProgressOptions {
  /** Override the collaboration's bands (tests). */
  bands?: StatusBands;
  /** The current month ('YYYY-MM'): whether a milestone period is over. Defaults to now (UTC). */
  asOfMonth?: string;
}

const currentMonth = () => {
  const d = new Date();
  return monthKeyOf(d.getUTCFullYear(), d.getUTCMonth() + 1);
};

/**
 * Recompute progress for these rollup periods (null: every period of the indicator, replacing
 * its rows), then the wins of every target and the trajectory. In the caller's transaction.
 */
export async function recomputeProgressIn(
  db: Queryable,
  def: ProgressDefinition,
  periods: readonly TargetPeriod[] | null,
  opts: ProgressOptions = {},
): Promise<ProgressResult> {
  const { collaborationId, indicatorId, fiscalYearStartMonth: fy } = def;
  await lockIndicator(db, collaborationId, indicatorId);
  const bands = opts.bands ?? def.bands;
  const asOfMonth = opts.asOfMonth ?? currentMonth();

  // Progress rows: the given periods, or every period with a total rollup or a target.
  const actuals = await totals(db, def, periods);
  let rowsWritten = 0;
  if (periods === null) {
    await db.query(`DELETE FROM progress WHERE collaboration_id = $1 AND indicator_id = $2`, [
      collaborationId,
      indicatorId,
    ]);
  }
  if (def.hasLongTerm) {
    const keys = new Map<string, TargetPeriod>();
    if (periods) for (const p of periods) keys.set(`${p.granularity}|${p.period}`, p);
    else {
      for (const k of actuals.keys()) {
        const [granularity, period] = k.split('|');
        keys.set(k, { granularity: granularity as Granularity, period });
      }
      for (const t of def.targets) {
        const p = requirePeriod(t.period, fy);
        keys.set(`${p.granularity}|${p.key}`, { granularity: p.granularity, period: p.key });
      }
    }
    const rows = [...keys.entries()].map(([k, p]) => ({
      ...p,
      progress: progressFor(def, p.period, actuals.get(k) ?? null, fy, bands),
    }));
    if (rows.length > 0) {
      const result = await db.query(
        `INSERT INTO progress (collaboration_id, indicator_id, granularity, period, actual, baseline, target,
                               long_term_target, percent_to_long_term, ratio, status, computed_at)
         SELECT $1, $2, t.granularity, t.period, t.actual, t.baseline, t.target, t.long_term, t.pct, t.ratio, t.status, now()
           FROM unnest($3::text[], $4::text[], $5::numeric[], $6::numeric[], $7::numeric[], $8::numeric[],
                       $9::float8[], $10::float8[], $11::text[])
                AS t(granularity, period, actual, baseline, target, long_term, pct, ratio, status)
         ON CONFLICT (collaboration_id, indicator_id, granularity, period) DO UPDATE SET
           actual = EXCLUDED.actual, baseline = EXCLUDED.baseline, target = EXCLUDED.target,
           long_term_target = EXCLUDED.long_term_target, percent_to_long_term = EXCLUDED.percent_to_long_term,
           ratio = EXCLUDED.ratio, status = EXCLUDED.status, computed_at = EXCLUDED.computed_at`,
        [
          collaborationId,
          indicatorId,
          rows.map((r) => r.granularity),
          rows.map((r) => r.period),
          rows.map((r) => r.progress.actual),
          rows.map((r) => r.progress.baseline),
          rows.map((r) => r.progress.target),
          rows.map((r) => r.progress.longTermTarget),
          rows.map((r) => r.progress.percentOfWay),
          rows.map((r) => r.progress.ratio),
          rows.map((r) => r.progress.status),
        ],
      );
      rowsWritten = result.rowCount ?? 0;
    }
  } else if (periods !== null) {
    // Without a long-term target there is no progress to show (and nothing stale may stay).
    await db.query(`DELETE FROM progress WHERE collaboration_id = $1 AND indicator_id = $2`, [
      collaborationId,
      indicatorId,
    ]);
  }

  const wins = await recomputeWinsIn(db, def, asOfMonth);
  await recomputeTrajectoryIn(db, def);
  return { progressRows: rowsWritten, ...wins };
}

/**
 * Every target's milestone result (met at the target period's own granularity) against the
 * current totals: a met target records its win once (INSERT … ON CONFLICT: the unique key makes
 * concurrent jobs and retries harmless) or reactivates a withdrawn one; a target no longer met
 * withdraws its active win; a win whose target was removed is withdrawn too. Never deletes.
 * A win recorded for the first time notifies every member ('milestone_met', same transaction).
 */
export async function recomputeWinsIn(
  db: Queryable,
  def: ProgressDefinition,
  asOfMonth: string,
): Promise<{ winsRecorded: string[]; winsWithdrawn: string[] }> {
  const { collaborationId, indicatorId, fiscalYearStartMonth: fy } = def;
  const targetPeriods = def.targets.map((t) => {
    const p = requirePeriod(t.period, fy);
    return { granularity: p.granularity, period: p.key };
  });
  const all = await totals(db, def, targetPeriods);
  const byPeriod = new Map<string, string>();
  for (const p of targetPeriods) {
    const v = all.get(`${p.granularity}|${p.period}`);
    if (v !== undefined) byPeriod.set(p.period, v);
  }
  const results = milestoneResults(def, byPeriod, fy, { asOfMonth });
  const met = results.filter((r) => r.state === 'met');
  // Which milestones already have a win (active or withdrawn): read under the per-indicator lock,
  // so no other job can record one between this read and the insert below.
  const existing = await db.query<{ milestone_period: string }>(
    `SELECT milestone_period FROM wins WHERE collaboration_id = $1 AND indicator_id = $2`,
    [collaborationId, indicatorId],
  );
  const known = new Set(existing.rows.map((r) => r.milestone_period));
  const recorded = await db.query<{ milestone_period: string; kind: 'milestone' | 'long_term'; met_value: string }>(
    `INSERT INTO wins (collaboration_id, indicator_id, kind, milestone_period, milestone_value, met_period, met_value)
     SELECT $1, $2, t.kind, t.period, t.value, t.period, t.actual
       FROM unnest($3::text[], $4::text[], $5::numeric[], $6::numeric[]) AS t(kind, period, value, actual)
     ON CONFLICT (collaboration_id, indicator_id, milestone_period) DO UPDATE SET
       status = 'active', withdrawn_at = NULL, kind = EXCLUDED.kind, milestone_value = EXCLUDED.milestone_value,
       met_value = CASE WHEN wins.status = 'withdrawn' THEN EXCLUDED.met_value ELSE wins.met_value END,
       updated_at = now()
     WHERE wins.status = 'withdrawn' OR wins.milestone_value <> EXCLUDED.milestone_value OR wins.kind <> EXCLUDED.kind
     RETURNING milestone_period, kind, met_value::text AS met_value`,
    [collaborationId, indicatorId, met.map((r) => r.kind), met.map((r) => r.period), met.map((r) => r.value), met.map((r) => r.actual)],
  );
  const withdrawn = await db.query<{ milestone_period: string }>(
    `UPDATE wins SET status = 'withdrawn', withdrawn_at = now(), updated_at = now()
      WHERE collaboration_id = $1 AND indicator_id = $2 AND status = 'active'
        AND NOT (milestone_period = ANY($3::text[]))
      RETURNING milestone_period`,
    [collaborationId, indicatorId, met.map((r) => r.period)],
  );
  // A milestone met for the first time is announced to every member, in this transaction. A win
  // withdrawn by a revision and met again is reactivated silently: its members were told when it
  // was first met, and a correction going back and forth must not announce it again.
  const firstMet = recorded.rows.filter((r) => !known.has(r.milestone_period));
  await notifyWinsIn(
    db,
    collaborationId,
    indicatorId,
    firstMet.map((r) => ({ kind: r.kind, milestonePeriod: r.milestone_period, metValue: r.met_value })),
  );
  return {
    winsRecorded: recorded.rows.map((r) => r.milestone_period),
    winsWithdrawn: withdrawn.rows.map((r) => r.milestone_period),
  };
}

/** The trajectory at the indicator's own periodicity (shared `trajectory`), or the row removed without a long-term target. */
export async function recomputeTrajectoryIn(db: Queryable, def: ProgressDefinition): Promise<void> {
  const { collaborationId, indicatorId } = def;
  if (!def.hasLongTerm) {
    await db.query(`DELETE FROM indicator_trajectory WHERE collaboration_id = $1 AND indicator_id = $2`, [
      collaborationId,
      indicatorId,
    ]);
    return;
  }
  const { rows } = await db.query<{ period: string; value: string }>(
    `SELECT period, value::text AS value FROM rollups
      WHERE collaboration_id = $1 AND indicator_id = $2 AND scope = $3 AND cell = $4 AND granularity = $5`,
    [collaborationId, indicatorId, ALL_PARTNERS, TOTAL_CELL, def.periodicity],
  );
  const t = trajectory(def, rows, def.fiscalYearStartMonth);
  await db.query(
    `INSERT INTO indicator_trajectory (collaboration_id, indicator_id, granularity, projected_period, reached, slope_per_month, computed_at)
     VALUES ($1, $2, $3, $4, $5, $6, now())
     ON CONFLICT (collaboration_id, indicator_id) DO UPDATE SET granularity = EXCLUDED.granularity,
       projected_period = EXCLUDED.projected_period, reached = EXCLUDED.reached,
       slope_per_month = EXCLUDED.slope_per_month, computed_at = EXCLUDED.computed_at`,
    [collaborationId, indicatorId, def.periodicity, t?.period ?? null, t?.reached ?? false, t?.perMonth ?? null],
  );
}
