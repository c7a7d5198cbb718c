import { IMPORT_ERROR_LIST_CAP, type ImportCounts, ImportError, ImportProgress, ImportSampleRow, ImportStatus } from '@constellation/shared';
import type { Pool, PoolClient } from 'pg';
import type { ColumnMap } from '../row-mapping';
import { commit, CommitRefused, type CommitTotals, dropStaging, type EngineImport, stagingExists, stateStamp, validate } from './import-engine';
import { inTransaction } from '../../../database/pg-transaction';

/**
 * Validate and commit runs over an import row and its staging table, each in its own transaction
 * on a client of `pool`. The api calls them directly for small files; the worker's `imports`
 * jobs call them for large ones. Progress is written to the import row on another connection (so
 * a poll sees it while the run's transaction is open).
 */

export interface ImportRecord {
  collaborationId: string;
  id: string;
  partnerId: string;
  fileName: string;
  decimalComma: boolean;
  submit: boolean;
  status: ImportStatus;
  counts: ImportCounts;
  header: { map: ColumnMap; errors: ImportError[] } | null;
  planStamp: string | null;
}

export interface AuditMeta {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

const SELECT = `SELECT collaboration_id AS "collaborationId", id, partner_id AS "partnerId", file_name AS "fileName",
                       decimal_comma AS "decimalComma", submit, status, counts, header, plan_stamp AS "planStamp" FROM imports`;

export async function findImport(db: Pool | PoolClient, cid: string, id: string, forUpdate = false): Promise<ImportRecord | null> {
  const r = await db.query(`${SELECT} WHERE collaboration_id = $1 AND id = $2${forUpdate ? ' FOR UPDATE' : ''}`, [cid, id]);
  return (r.rows[0] as ImportRecord | undefined) ?? null;
}

const engineImport = (imp: ImportRecord): EngineImport => ({
  collaborationId: imp.collaborationId,
  importId: imp.id,
  partnerId: imp.partnerId,
  decimalComma: imp.decimalComma,
  submit: imp.submit,
  map: imp.header!.map,
});

/** Write progress on its own connection, at most every 250 ms (and always the last call). */
function progressWriter(pool: Pool, cid: string, id: string, phase: ImportProgress['phase'], onProgress?: (p: ImportProgress) => Promise<void> | void) {
  let last = 0;
  return async (rowsDone: number, rowsTotal: number) => {
    const now = Date.now();
    if (now - last < 250 && rowsDone < rowsTotal) return;
    last = now;
    const progress: ImportProgress = { phase, rowsDone, rowsTotal };
    await pool.query(`UPDATE imports SET progress = $3, updated_at = now() WHERE collaboration_id = $1 AND id = $2`, [cid, id, JSON.stringify(progress)]);
    await onProgress?.(progress);
  };
}

/**
 * Validate a staged import and store the preview (status ready or invalid, counts, the errors
 * listed with the header's own first, a sample). A file with errors can never be committed: its
 * staging table is dropped.
 */
export async function runValidation(
  pool: Pool,
  cid: string,
  importId: string,
  onProgress?: (p: ImportProgress) => Promise<void> | void,
): Promise<ImportStatus> {
  const imp = await findImport(pool, cid, importId);
  if (!imp || !imp.header) throw new Error(`Import ${importId} not found or never staged`);
  const write = progressWriter(pool, cid, importId, 'validating', onProgress);
  // One snapshot for the whole validation and the stamp of what it was decided on (the commit
  // writes this plan without validating again while the stamp still matches).
  const result = await inTransaction(
    pool,
    async (c) => {
      const v = await validate(c, engineImport(imp), write);
      const stamp = v.errorsTotal === 0 ? await stateStamp(c, engineImport(imp)) : null;
      return { ...v, stamp };
    },
    'REPEATABLE READ',
  );
  const headerErrors = imp.header.errors;
  const errors = [...headerErrors, ...result.errors].slice(0, IMPORT_ERROR_LIST_CAP);
  const errorsTotal = result.errorsTotal + headerErrors.length;
  const status: ImportStatus = errorsTotal > 0 ? 'invalid' : 'ready';
  const counts = { ...result.counts, errors: errorsTotal };
  await pool.query(
    `UPDATE imports SET status = $3, counts = $4, errors = $5, errors_truncated = $6, sample = $7, plan_stamp = $8, progress = NULL, updated_at = now()
      WHERE collaboration_id = $1 AND id = $2`,
    [
      cid,
      importId,
      status,
      JSON.stringify(counts),
      JSON.stringify(errors),
      errorsTotal > errors.length,
      JSON.stringify(result.sample as ImportSampleRow[]),
      status === 'ready' ? result.stamp : null,
    ],
  );
  if (status === 'invalid') await dropStaging(pool, importId, { keepErrors: true });
  return status;
}

/** `rechecked`: the commit validated the file again (something the preview's plan was decided on had changed). */
export type CommitOutcome = { ok: true; totals: CommitTotals; rechecked: boolean; committedAt: Date } | { ok: false; refused: CommitRefused };

/**
 * Claim an import for committing (ready → committing) in a short transaction of its own, so a
 * second commit is refused and the long write never holds the import row (progress is written to
 * it meanwhile). Returns the refusal, or null when claimed.
 */
export async function claimForCommit(pool: Pool, cid: string, importId: string, partnerId: string, progress: ImportProgress | null): Promise<{ refused: CommitRefused | null; rows: number }> {
  return inTransaction(pool, async (c) => {
    const r = await c.query(`SELECT partner_id AS "partnerId", status, counts FROM imports WHERE collaboration_id = $1 AND id = $2 FOR UPDATE`, [cid, importId]);
    const imp = r.rows[0] as { partnerId: string; status: ImportStatus; counts: ImportCounts } | undefined;
    const no = (message: string, status: 404 | 409 | 410) => ({ refused: new CommitRefused(message, status), rows: 0 });
    if (!imp || imp.partnerId !== partnerId) return no('Import not found', 404);
    if (imp.status === 'committed') return no('This import has already been committed', 409);
    if (imp.status === 'committing') return no('This import is being committed; follow its progress', 409);
    if (imp.status === 'validating') return no('This file is still being checked; wait for its preview', 409);
    if (imp.status === 'invalid') return no(`This file has ${imp.counts.errors} error(s) and cannot be imported; fix the file and upload it again`, 409);
    if (imp.status === 'failed') return no('This import can no longer be committed; upload the file again', 410);
    await c.query(`UPDATE imports SET status = 'committing', failure = NULL, progress = $3, updated_at = now() WHERE collaboration_id = $1 AND id = $2`, [
      cid,
      importId,
      progress ? JSON.stringify(progress) : null,
    ]);
    return { refused: null, rows: imp.counts.rows };
  });
}

/**
 * Commit a claimed import (status committing) all or nothing: the engine's set-based write, the
 * import marked committed with its result, the staging table dropped — one transaction. A refusal
 * (errors since the preview: status invalid with the errors; a lost staging table; an archived
 * collaboration: back to ready) is recorded and returned, not thrown; nothing is written.
 */
export async function runCommit(
  pool: Pool,
  cid: string,
  importId: string,
  actor: { userId: string } & AuditMeta,
  onProgress?: (p: ImportProgress) => Promise<void> | void,
): Promise<CommitOutcome> {
  const write = progressWriter(pool, cid, importId, 'committing', onProgress);
  try {
    return await inTransaction(pool, async (c) => {
      const imp = await findImport(c, cid, importId);
      if (!imp || !imp.header || imp.status !== 'committing') throw new CommitRefused('Import not found', 404);
      if (!(await stagingExists(c, importId))) throw new CommitRefused('gone', 410);
      const { rechecked, ...totals } = await commit(c, engineImport(imp), { ...actor, fileName: imp.fileName }, { stamp: imp.planStamp, counts: imp.counts }, write);
      const [done] = (
        await c.query(
          `UPDATE imports SET status = 'committed', committed_by = $3, committed_at = now(), result = $4, progress = NULL, failure = NULL, updated_at = now()
            WHERE collaboration_id = $1 AND id = $2 RETURNING committed_at AS "committedAt"`,
          [cid, importId, actor.userId, JSON.stringify(totals)],
        )
      ).rows as Array<{ committedAt: Date }>;
      await dropStaging(c, importId);
      return { ok: true as const, totals, rechecked, committedAt: done!.committedAt };
    });
  } catch (err) {
    if (err instanceof CommitRefused) {
      if (err.status === 409 && err.errorsTotal > 0) {
        await recordFailure(pool, cid, importId, 'invalid', err.message, err.errors, err.errorsTotal);
        await dropStaging(pool, importId);
      } else if (err.status === 410) {
        await recordFailure(pool, cid, importId, 'failed', 'The uploaded file is no longer kept; upload it again');
      } else {
        await recordFailure(pool, cid, importId, 'ready', err.message);
      }
      return { ok: false, refused: err };
    }
    await recordFailure(pool, cid, importId, 'ready', 'The commit failed and nothing was imported; try again');
    throw err;
  }
}

/** A job's failure, recorded on the import so the person polling it sees why. */
export async function recordFailure(
  pool: Pool,
  cid: string,
  importId: string,
  status: ImportStatus,
  failure: string,
  errors?: ImportError[],
  errorsTotal?: number,
): Promise<void> {
  await pool.query(
    `UPDATE imports SET status = $3, failure = $4, progress = NULL, updated_at = now()
                        ${errors ? `, errors = $5, errors_truncated = $6 > jsonb_array_length($5), counts = jsonb_set(counts, '{errors}', to_jsonb($6::int))` : ''}
      WHERE collaboration_id = $1 AND id = $2 AND status <> 'committed'`,
    errors ? [cid, importId, status, failure, JSON.stringify(errors), errorsTotal ?? errors.length] : [cid, importId, status, failure],
  );
}
