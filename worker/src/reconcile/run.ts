import type { Pool, PoolClient } from 'pg';
import type { Logger } from '../logger';
import type { BusyIndicators, PendingCheck } from './pending';
import { compareIndicatorIn, driftOf, type DriftExample, MAX_EXAMPLES } from './reconcile';

/** What one collaboration's reconciliation found (one rollup_reconciliations row). */
export interface CollaborationReconciliation {
  collaborationId: string;
  startedAt: Date;
  indicatorsChecked: number;
  /** Left for the next run: changes to them were still on their way to the rollups. */
  indicatorsSkipped: number;
  cellsCompared: number;
  cellsDrifted: number;
  missing: number;
  extra: number;
  different: number;
  examples: DriftExample[];
  /** Indicators with drift (what a repair rebuilds). */
  driftedIndicators: string[];
  repaired: boolean;
}

export interface ReconcileDeps {
  pool: Pool;
  logger: Logger;
  pending: PendingCheck;
  /** Optional cheap skip of indicators with rollup jobs still queued, before rebuilding them. */
  busy?: BusyIndicators;
  /** When set (RECONCILE_REPAIR), called for each drifted indicator after the report is written. */
  repair?: (collaborationId: string, indicatorId: string) => Promise<void>;
}

/** Reconciliation rows older than this are removed by each run. */
export const KEEP_DAYS = 90;

async function inTransaction<T>(client: PoolClient, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/**
 * Reconcile every indicator of one collaboration, one transaction per indicator on one connection,
 * and record the result. A session advisory lock per collaboration keeps two reconciliations of
 * the same collaboration (several worker instances, or a run longer than the interval) from
 * running at once: the second one skips it (null).
 */
export async function reconcileCollaboration(
  deps: ReconcileDeps,
  collaborationId: string,
): Promise<CollaborationReconciliation | null> {
  const client = await deps.pool.connect();
  let locked = false;
  try {
    const lock = await client.query<{ ok: boolean }>(
      `SELECT pg_try_advisory_lock(hashtextextended('reconcile:' || $1::text, 42)) AS ok`,
      [collaborationId],
    );
    locked = lock.rows[0]?.ok === true;
    if (!locked) {
      deps.logger.info({ collaborationId }, 'reconciliation skipped: another one of this collaboration is running');
      return null;
    }
    const startedAt = new Date();
    const { rows: indicators } = await client.query<{ id: string }>(
      `SELECT id FROM indicators WHERE collaboration_id = $1 ORDER BY id`,
      [collaborationId],
    );
    const result: CollaborationReconciliation = {
      collaborationId,
      startedAt,
      indicatorsChecked: 0,
      indicatorsSkipped: 0,
      cellsCompared: 0,
      cellsDrifted: 0,
      missing: 0,
      extra: 0,
      different: 0,
      examples: [],
      driftedIndicators: [],
      repaired: false,
    };
    const busy = (await deps.busy?.(collaborationId)) ?? new Set<string>();
    for (const { id } of indicators) {
      if (busy === 'all' || busy.has(id)) {
        result.indicatorsSkipped++;
        deps.logger.debug({ collaborationId, indicatorId: id }, 'reconciliation: indicator skipped, changes are still being applied');
        continue;
      }
      const outcome = await inTransaction(client, async () => {
        const comparison = await compareIndicatorIn(client, collaborationId, id);
        if (!comparison) return null; // deleted meanwhile
        // Still holding the indicator's lock: a difference with changes on their way is lag, not drift.
        if (driftOf(comparison) > 0 && (await deps.pending(client, collaborationId, id))) return 'pending' as const;
        return comparison;
      });
      if (outcome === null) continue;
      if (outcome === 'pending') {
        result.indicatorsSkipped++;
        deps.logger.debug({ collaborationId, indicatorId: id }, 'reconciliation: indicator skipped, changes are still being applied');
        continue;
      }
      result.indicatorsChecked++;
      result.cellsCompared += outcome.cellsCompared;
      result.missing += outcome.missing;
      result.extra += outcome.extra;
      result.different += outcome.different;
      if (driftOf(outcome) > 0) {
        result.driftedIndicators.push(id);
        result.examples.push(...outcome.examples.slice(0, MAX_EXAMPLES - result.examples.length));
      }
    }
    result.cellsDrifted = result.missing + result.extra + result.different;

    // Recorded before any repair, so a failed repair leaves the report. Not recorded when the
    // collaboration was deleted meanwhile.
    const recorded = await client.query<{ id: string }>(
      `INSERT INTO rollup_reconciliations (collaboration_id, started_at, finished_at, indicators_checked, indicators_skipped,
         cells_compared, cells_drifted, cells_missing, cells_extra, cells_different, examples)
       SELECT $1, $2, now(), $3, $4, $5, $6, $7, $8, $9, $10::jsonb
        WHERE EXISTS (SELECT 1 FROM collaborations WHERE id = $1)
       RETURNING id::text AS id`,
      [
        collaborationId,
        startedAt,
        result.indicatorsChecked,
        result.indicatorsSkipped,
        result.cellsCompared,
        result.cellsDrifted,
        result.missing,
        result.extra,
        result.different,
        JSON.stringify(result.examples),
      ],
    );
    const recordId = recorded.rows[0]?.id;
    if (result.cellsDrifted > 0) {
      deps.logger.warn(
        {
          collaborationId,
          cellsCompared: result.cellsCompared,
          cellsDrifted: result.cellsDrifted,
          missing: result.missing,
          extra: result.extra,
          different: result.different,
          indicators: result.driftedIndicators,
          examples: result.examples,
        },
        deps.repair
          ? 'rollup drift: the live rollups differ from a rebuild; rebuilding the drifted indicators (RECONCILE_REPAIR)'
          : 'rollup drift: the live rollups differ from a rebuild (not repaired: rebuild the indicators, or set RECONCILE_REPAIR)',
      );
    }
    if (result.cellsDrifted > 0 && deps.repair && recordId) {
      for (const indicatorId of result.driftedIndicators) await deps.repair(collaborationId, indicatorId);
      result.repaired = true;
      await client.query(`UPDATE rollup_reconciliations SET repaired = true WHERE collaboration_id = $1 AND id = $2`, [
        collaborationId,
        recordId,
      ]);
      deps.logger.info({ collaborationId, indicators: result.driftedIndicators }, 'rollup drift repaired by rebuilding');
    }
    return result;
  } finally {
    // A connection that cannot unlock is destroyed instead of reused (which ends its session lock).
    let broken = false;
    if (locked) {
      await client
        .query(`SELECT pg_advisory_unlock(hashtextextended('reconcile:' || $1::text, 42))`, [collaborationId])
        .catch(() => {
          broken = true;
        });
    }
    client.release(broken);
  }
}

export interface ReconcileSummary {
  collaborations: number;
  cellsCompared: number;
  cellsDrifted: number;
  indicatorsSkipped: number;
}

/** Reconcile one collaboration, or every one; then drop records older than KEEP_DAYS. */
export async function reconcile(deps: ReconcileDeps, collaborationId?: string): Promise<ReconcileSummary> {
  const ids = collaborationId
    ? [collaborationId]
    : (await deps.pool.query<{ id: string }>(`SELECT id FROM collaborations ORDER BY id`)).rows.map((r) => r.id);
  const summary: ReconcileSummary = { collaborations: 0, cellsCompared: 0, cellsDrifted: 0, indicatorsSkipped: 0 };
  for (const id of ids) {
    const r = await reconcileCollaboration(deps, id);
    if (!r) continue;
    summary.collaborations++;
    summary.cellsCompared += r.cellsCompared;
    summary.cellsDrifted += r.cellsDrifted;
    summary.indicatorsSkipped += r.indicatorsSkipped;
  }
  await deps.pool.query(
    `DELETE FROM rollup_reconciliations WHERE finished_at < now() - make_interval(days => $1)`,
    [KEEP_DAYS],
  );
  const message =
    summary.cellsDrifted > 0
      ? 'reconciliation found rollup drift'
      : summary.indicatorsSkipped > 0
        ? 'reconciliation: no drift in the indicators compared; those with changes still being applied are left for the next run'
        : 'reconciliation: rollups equal a rebuild';
  deps.logger.info(summary, message);
  return summary;
}
