import { HttpStatus, Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  IMPORT_ERROR_LIST_CAP,
  type ImportCommitResult,
  type ImportCounts,
  type ImportError,
  type ImportJob,
  importJobSchema,
  type ImportPreview,
  type ImportProgress,
  type ImportSampleRow,
  type ImportStatus,
  importUploadFieldsSchema,
  QUEUES,
} from '@constellation/shared';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { rm } from 'node:fs/promises';
import type { Pool } from 'pg';
import type { FastifyReply } from 'fastify';
import type { DataSource } from 'typeorm';
import { AppError, conflict, notFound, ValidationFailed } from '../../common/errors';
import type { RequestContext } from '../../common/request-context';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { AuditService } from '../audit/audit.service';
import { LiveEventsPublisher, REDIS } from '../mail/redis.provider';
import type { ValuesActor } from '../values/common/actor';
import { type CommitRefused, dropStaging } from './engine/import-engine';
import { claimForCommit, recordFailure, runCommit, runValidation } from './engine/import-runs';
import { errorsTable } from './engine/names';
import { loadStaging } from './engine/staging';
import { ExportsService } from './exports.service';
import { detectFormat } from './file-reader';
import { ImportsRepository } from './imports.repository';
import { type ReceivedUpload, UPLOAD_TTL_HOURS } from './upload';

/** The `imports` queue: large files are validated and committed by the worker. */
@Injectable()
export class ImportsQueue implements OnApplicationShutdown {
  readonly queue: Queue;

  constructor(@Inject(REDIS) connection: Redis, @Inject(APP_CONFIG) config: AppConfig) {
    this.queue = new Queue(QUEUES.imports, {
      connection,
      prefix: config.queuePrefix,
      defaultJobOptions: { attempts: 1, removeOnComplete: { age: 7 * 24 * 3600, count: 1000 }, removeOnFail: { age: 30 * 24 * 3600 } },
    });
  }

  async add(name: 'validate' | 'commit', job: ImportJob): Promise<void> {
    await this.queue.add(name, importJobSchema.parse(job), { jobId: `${name}-${job.importId}` });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}

const audit = (ctx: RequestContext) => ({ ip: ctx.ip, userAgent: ctx.userAgent, requestId: ctx.requestId });

/**
 * Value imports, set-based in PostgreSQL: the uploaded file is COPYed into its own staging table,
 * validated with SQL (every error with row and column; counts of new, changed and unchanged) and
 * committed all or nothing with INSERT … SELECT … ON CONFLICT, revisions, outbox rows and one
 * audit event (engine/). Files above IMPORT_ASYNC_ROWS rows are validated and committed by a
 * worker job; the web polls the import's status and progress.
 */
@Injectable()
export class ImportsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: ImportsRepository,
    private readonly audit: AuditService,
    private readonly queue: ImportsQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly live: LiveEventsPublisher,
    private readonly exports: ExportsService,
  ) {}

  private get pool(): Pool {
    return (this.ds.driver as unknown as { master: Pool }).master;
  }

  /** Drop staging tables of imports never committed within UPLOAD_TTL_HOURS. Best effort. */
  private async sweep(): Promise<void> {
    const stale = await this.pool.query<{ collaboration_id: string; id: string }>(
      `UPDATE imports SET status = 'failed', failure = 'The upload expired before it was committed', updated_at = now()
        WHERE status IN ('validating', 'ready', 'committing', 'failed') AND updated_at < now() - make_interval(hours => $1)
          AND failure IS DISTINCT FROM 'The upload expired before it was committed'
        RETURNING collaboration_id, id`,
      [UPLOAD_TTL_HOURS],
    );
    for (const r of stale.rows) await dropStaging(this.pool, r.id).catch(() => undefined);
    // Invalid imports keep their full error list (errorsTable) for the same time.
    const kept = await this.pool.query<{ id: string }>(
      `SELECT id FROM imports
        WHERE status = 'invalid' AND errors_truncated AND updated_at < now() - make_interval(hours => $1)
          AND to_regclass('import_staging."e_' || replace(id::text, '-', '') || '"') IS NOT NULL`,
      [UPLOAD_TTL_HOURS],
    );
    for (const r of kept.rows) await this.pool.query(`DROP TABLE IF EXISTS ${errorsTable(r.id)}`).catch(() => undefined);
  }

  async preview(ctx: RequestContext, actor: ValuesActor, upload: ReceivedUpload): Promise<ImportPreview> {
    const cid = actor.collaborationId;
    void this.sweep().catch(() => undefined);
    let staged = false;
    try {
      const parsed = importUploadFieldsSchema.safeParse(upload.fields);
      if (!parsed.success) {
        throw new ValidationFailed(parsed.error.issues.map((i) => ({ path: i.path.join('.') || 'body', message: i.message })));
      }
      const fields = parsed.data;
      if (fields.partnerId !== actor.partnerId) {
        throw new AppError(HttpStatus.NOT_FOUND, 'Partner not found: you can import values only for your own organisation', [
          { path: 'partnerId', message: 'is not your organisation in this collaboration' },
        ]);
      }
      const format = await detectFormat(upload.path, upload.fileName);
      if (!format) {
        throw new AppError(HttpStatus.UNPROCESSABLE_ENTITY, 'The file is neither CSV nor XLSX (.xls files: save them as .xlsx)', [
          { path: 'file', message: 'must be a CSV or XLSX file' },
        ]);
      }
      const decimalComma = fields.decimalComma ?? false;
      const submit = fields.submit ?? false;
      const dimensions = await this.repo.dimensions(this.ds.manager, cid);
      const client = await this.pool.connect();
      let load: Awaited<ReturnType<typeof loadStaging>>;
      try {
        staged = true;
        load = await loadStaging(client, upload.id, upload.path, format, dimensions, decimalComma);
      } finally {
        client.release();
      }
      await rm(upload.path, { force: true });

      // The header decides whether rows can be read at all (a required column missing, an unreadable file).
      const fatal = !load.map || load.errors.some((e) => e.column === null);
      const large = !fatal && load.staged > this.config.importAsyncRows;
      const status: ImportStatus = fatal ? 'invalid' : 'validating';
      const counts: ImportCounts = { rows: 0, new: 0, changed: 0, unchanged: 0, errors: fatal ? load.errors.length : 0 };
      await this.ds.transaction(async (m) => {
        await this.repo.insert(m, cid, {
          id: upload.id,
          partnerId: actor.partnerId,
          fileName: upload.fileName,
          format,
          sizeBytes: upload.size,
          decimalComma,
          submit,
          status,
          counts,
          createdBy: actor.userId!,
          header: load.map ? { map: load.map, errors: load.errors } : null,
          errors: fatal ? load.errors.slice(0, IMPORT_ERROR_LIST_CAP) : [],
          progress: large ? { phase: 'validating', rowsDone: 0, rowsTotal: load.staged } : null,
        });
        await this.audit.record(
          ctx,
          { action: 'imports.preview', entity: 'imports', entityId: upload.id, collaborationId: cid, after: { fileName: upload.fileName, format, status, rows: load.staged } },
          m,
        );
      });
      if (fatal) {
        await dropStaging(this.pool, upload.id);
      } else if (large) {
        await this.queue.add('validate', { collaborationId: cid, importId: upload.id, userId: actor.userId!, audit: audit(ctx) });
      } else {
        await runValidation(this.pool, cid, upload.id).catch(async (err: unknown) => {
          await recordFailure(this.pool, cid, upload.id, 'failed', 'The file could not be checked; upload it again');
          throw err;
        });
      }
      staged = false;
      return this.view(cid, upload.id);
    } catch (err) {
      await rm(upload.path, { force: true });
      if (staged) await dropStaging(this.pool, upload.id).catch(() => undefined);
      throw err;
    }
  }

  /** An import as the wizard shows it (polled while a worker job validates or commits it). */
  /**
   * Every error of the import as a file: the full list when the preview listed only the first
   * IMPORT_ERROR_LIST_CAP (kept for UPLOAD_TTL_HOURS), else the list it showed. 404 without errors;
   * 410 when the full list is no longer kept.
   */
  async errorsFile(actor: ValuesActor, importId: string, format: 'csv' | 'xlsx', reply: FastifyReply): Promise<void> {
    const view = await this.status(actor, importId);
    if (view.counts.errors === 0 || view.errors.length === 0) throw notFound('This import has no errors');
    const table = errorsTable(importId);
    const kept = (await this.pool.query<{ t: string | null }>(`SELECT to_regclass($1) AS t`, [table])).rows[0]?.t;
    if (!kept && view.errorsTruncated) {
      throw new AppError(HttpStatus.GONE, `The full list of errors is kept for ${UPLOAD_TTL_HOURS} hours; upload the file again to see it`);
    }
    await this.exports.importErrors(reply, format, view.fileName, kept ? table : null, view.errors);
  }

  async status(actor: ValuesActor, importId: string): Promise<ImportPreview> {
    const view = await this.view(actor.collaborationId, importId);
    if (view.partnerId !== actor.partnerId) throw notFound('Import not found');
    return view;
  }

  private async view(cid: string, importId: string): Promise<ImportPreview> {
    const r = await this.pool.query<{
      id: string;
      partnerId: string;
      fileName: string;
      format: 'csv' | 'xlsx';
      status: ImportStatus;
      counts: ImportCounts;
      errors: ImportError[];
      errorsTruncated: boolean;
      sample: ImportSampleRow[];
      createdAt: Date;
      progress: ImportProgress | null;
      failure: string | null;
      result: { created: number; updated: number; unchanged: number } | null;
      committedAt: Date | null;
    }>(
      `SELECT id, partner_id AS "partnerId", file_name AS "fileName", format, status, counts, errors, errors_truncated AS "errorsTruncated",
              sample, created_at AS "createdAt", progress, failure, result, committed_at AS "committedAt"
         FROM imports WHERE collaboration_id = $1 AND id = $2`,
      [cid, importId],
    );
    const row = r.rows[0];
    if (!row) throw notFound('Import not found');
    return {
      importId: row.id,
      partnerId: row.partnerId,
      fileName: row.fileName,
      format: row.format,
      status: row.status,
      counts: row.counts,
      errors: row.errors,
      errorsTruncated: row.errorsTruncated,
      sample: row.sample,
      createdAt: new Date(row.createdAt).toISOString(),
      progress: row.progress,
      failure: row.failure,
      result: row.result && row.committedAt ? { ...row.result, committedAt: new Date(row.committedAt).toISOString() } : null,
    };
  }

  /**
   * Commit: all or nothing. Small files are written now (200 with the counts); large ones are
   * handed to the worker (202, status committing; poll GET …/imports/:id for progress and result).
   */
  async commit(ctx: RequestContext, actor: ValuesActor, importId: string): Promise<ImportCommitResult> {
    const cid = actor.collaborationId;
    const claim = await claimForCommit(this.pool, cid, importId, actor.partnerId!, null);
    if (claim.refused) throw this.httpError(claim.refused);
    if (claim.rows > this.config.importAsyncRows) {
      const progress: ImportProgress = { phase: 'committing', rowsDone: 0, rowsTotal: claim.rows };
      await this.pool.query(`UPDATE imports SET progress = $3 WHERE collaboration_id = $1 AND id = $2`, [cid, importId, JSON.stringify(progress)]);
      try {
        await this.queue.add('commit', { collaborationId: cid, importId, userId: actor.userId!, audit: audit(ctx) });
      } catch (err) {
        await recordFailure(this.pool, cid, importId, 'ready', 'The commit could not be started; try again');
        throw err;
      }
      return { importId, status: 'committing', created: 0, updated: 0, unchanged: 0, committedAt: null };
    }
    const outcome = await runCommit(this.pool, cid, importId, { userId: actor.userId!, ...audit(ctx) });
    if (!outcome.ok) throw this.httpError(outcome.refused);
    if (outcome.totals.created + outcome.totals.updated > 0) this.live.valuesChanged(cid);
    return { importId, status: 'committed', ...outcome.totals, committedAt: new Date(outcome.committedAt).toISOString() };
  }

  private httpError(refused: CommitRefused): AppError {
    if (refused.status === 410) {
      return new AppError(HttpStatus.GONE, `The uploaded file is no longer here (uploads are kept for ${UPLOAD_TTL_HOURS} hours); upload it again`);
    }
    if (refused.status === 404) return notFound(refused.message);
    return conflict(
      refused.message,
      refused.errors.map((e) => ({ path: `row ${e.row}${e.column ? `, ${e.column}` : ''}`, message: e.message })),
    );
  }
}
