import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  IMPORT_ERROR_LIST_CAP,
  IMPORT_MAX_ROWS,
  IMPORT_SAMPLE_ROWS,
  type ImportCommitResult,
  type ImportCounts,
  type ImportError,
  type ImportFormat,
  type ImportPreview,
  type ImportSampleRow,
  importUploadFieldsSchema,
  type ValueRowInput,
} from '@constellation/shared';
import { rm, stat } from 'node:fs/promises';
import type { DataSource, EntityManager } from 'typeorm';
import { AppError, conflict, notFound, ValidationFailed } from '../../common/errors';
import type { RequestContext } from '../../common/request-context';
import { AuditService } from '../audit/audit.service';
import type { ValuesActor } from '../values/common/actor';
import { PeriodLockCheck } from '../values/common/period-lock-check';
import { MeasurementSettingsRepository } from '../values/common/settings.repository';
import { sameNumbers } from '../values/common/value-changes';
import { type BatchContext, canonicalPeriod, commitmentKey, identityKey, validateBatch } from '../values/values/batch-validation';
import { ValuesBatchService } from '../values/values/values-batch.service';
import { ValuesRepository } from '../values/values/values.repository';
import { detectFormat, readRows, UnreadableFile } from './file-reader';
import { type DimensionRef, ImportsRepository } from './imports.repository';
import { type ColumnMap, columnOfPath, mapHeader, type MappedRow, mapRow } from './row-mapping';
import { importFilePath, type ReceivedUpload, UPLOAD_TTL_HOURS } from './upload';

/** Rows validated (and written) together; a chunk never splits an (indicator, period) group. */
export const IMPORT_CHUNK_ROWS = 5000;

/** Collects every error, keeping the first IMPORT_ERROR_LIST_CAP (sorted by row at the end). */
class ErrorList {
  readonly items: ImportError[] = [];
  total = 0;
  private readonly seen = new Set<string>();

  add(e: ImportError): void {
    const key = `${e.row}|${e.column ?? ''}`;
    // One error per cell: a number that failed to parse is not also "required".
    if (e.column !== null && this.seen.has(key)) return;
    this.seen.add(key);
    this.total++;
    if (this.items.length < IMPORT_ERROR_LIST_CAP) this.items.push(e);
  }
}

/**
 * Which row first held each (indicator, period, cell), in little memory: indicators, periods and
 * cells are interned to small numbers, so a million rows cost a million small-integer map entries
 * (about 30 MB) rather than a million strings.
 */
class DuplicateCheck {
  private readonly ids = [new Map<string, number>(), new Map<string, number>(), new Map<string, number>()] as const;
  private readonly byIndicator = new Map<number, Map<number, number>>();
  private readonly overflow = new Map<string, number>();

  private intern(which: 0 | 1 | 2, s: string): number {
    const map = this.ids[which];
    let n = map.get(s);
    if (n === undefined) map.set(s, (n = map.size));
    return n;
  }

  /** The earlier row with the same identity, or undefined (and `row` is remembered). */
  firstRow(indicatorId: string, period: string, cell: string, row: number): number | undefined {
    const [i, p, c] = [this.intern(0, indicatorId), this.intern(1, period), this.intern(2, cell)];
    if (p >= 32768 || c >= 65536) {
      const key = `${i}|${p}|${c}`;
      const first = this.overflow.get(key);
      if (first === undefined) this.overflow.set(key, row);
      return first;
    }
    let inner = this.byIndicator.get(i);
    if (!inner) this.byIndicator.set(i, (inner = new Map()));
    const key = p * 65536 + c;
    const first = inner.get(key);
    if (first === undefined) inner.set(key, row);
    return first;
  }
}

interface Reference {
  fiscalYearStartMonth: number;
  requiresApproval: boolean;
  indicatorsByCode: Map<string, { id: string; code: string }>;
  dimensionRefs: DimensionRef[];
  context: Omit<BatchContext, 'stored'>;
}

interface ScanResult {
  counts: ImportCounts;
  errors: ErrorList;
  sample: ImportSampleRow[];
}

/**
 * Value imports: a file is streamed to disk, parsed row by row (never held in memory), every row
 * validated with the values module's own rules, and previewed; committing re-reads it and writes
 * every chunk through ValuesBatchService inside ONE transaction (all or nothing).
 */
@Injectable()
export class ImportsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: ImportsRepository,
    private readonly values: ValuesRepository,
    private readonly settings: MeasurementSettingsRepository,
    private readonly batch: ValuesBatchService,
    private readonly audit: AuditService,
  ) {}

  async preview(ctx: RequestContext, actor: ValuesActor, upload: ReceivedUpload): Promise<ImportPreview> {
    const cid = actor.collaborationId;
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
      const scan = await this.scan(cid, actor.partnerId, upload.path, format, decimalComma, submit);
      const status = scan.errors.total > 0 ? 'invalid' : 'ready';
      const row = await this.ds.transaction(async (m) => {
        const saved = await this.repo.insert(m, cid, {
          id: upload.id,
          partnerId: actor.partnerId,
          fileName: upload.fileName,
          format,
          sizeBytes: upload.size,
          decimalComma,
          submit,
          status,
          counts: scan.counts,
          createdBy: actor.userId!,
        });
        await this.audit.record(
          ctx,
          { action: 'imports.preview', entity: 'imports', entityId: upload.id, collaborationId: cid, after: { fileName: upload.fileName, format, status, counts: scan.counts } },
          m,
        );
        return saved!;
      });
      // A file with errors can never be committed: do not keep it.
      if (status === 'invalid') await rm(upload.path, { force: true });
      const errors = scan.errors.items.sort((a, b) => a.row - b.row);
      return {
        importId: upload.id,
        partnerId: actor.partnerId,
        fileName: upload.fileName,
        format,
        status,
        counts: scan.counts,
        errors,
        errorsTruncated: scan.errors.total > errors.length,
        sample: scan.sample,
        createdAt: new Date(row.createdAt).toISOString(),
      };
    } catch (err) {
      await rm(upload.path, { force: true });
      throw err;
    }
  }

  async commit(ctx: RequestContext, actor: ValuesActor, importId: string): Promise<ImportCommitResult> {
    const cid = actor.collaborationId;
    const importActor: ValuesActor = { ...actor, via: 'import' };
    return this.ds.transaction(async (m) => {
      const imp = await this.repo.findForUpdate(m, cid, importId);
      if (!imp || imp.partnerId !== actor.partnerId) throw notFound('Import not found');
      if (imp.status === 'committed') throw conflict('This import has already been committed');
      if (imp.status === 'invalid') {
        throw conflict(`This file has ${imp.counts.errors} error(s) and cannot be imported; fix the file and upload it again`);
      }
      const path = importFilePath(imp.id);
      if (!(await stat(path).catch(() => null))) {
        throw new AppError(HttpStatus.GONE, `The uploaded file is no longer here (uploads are kept for ${UPLOAD_TTL_HOURS} hours); upload it again`);
      }
      const totals = { created: 0, updated: 0, unchanged: 0 };
      const errors = new ErrorList();
      const ref = await this.reference(m, cid, imp.partnerId);
      await this.walk(path, imp.format, ref, imp.partnerId, imp.decimalComma, errors, async (chunk, map) => {
        if (errors.total > 0) return;
        try {
          const r = await this.batch.writeInTransaction(m, ctx, importActor, { values: chunk.map((c) => c.input!), submit: imp.submit });
          totals.created += r.created;
          totals.updated += r.updated;
          totals.unchanged += r.unchanged;
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          const body = err.getResponse() as { message: string; details?: Array<{ path: string; message: string }> };
          for (const d of body.details ?? []) {
            const i = Number(d.path.split('.')[1]);
            errors.add({ row: chunk[i]?.row ?? 0, column: columnOfPath(d.path, map), message: this.rowMessage(d.message, chunk) });
          }
          if (!body.details?.length) errors.add({ row: 0, column: null, message: body.message });
        }
      });
      if (errors.total > 0) {
        throw conflict(
          `The data changed since the preview: ${errors.total} row(s) can no longer be imported; nothing was imported. Upload the file again to see the errors`,
          errors.items.map((e) => ({ path: `row ${e.row}${e.column ? `, ${e.column}` : ''}`, message: e.message })),
        );
      }
      const result = { ...totals };
      const done = await this.repo.markCommitted(m, cid, importId, actor.userId!, result);
      await this.audit.record(
        ctx,
        { action: 'values.import', entity: 'imports', entityId: importId, collaborationId: cid, after: { fileName: imp.fileName, via: 'import', ...result } },
        m,
      );
      await rm(importFilePath(imp.id), { force: true }).catch(() => undefined);
      return { importId, status: 'committed', ...result, committedAt: new Date(done!.committedAt).toISOString() };
    });
  }

  /** "repeats values.3" → "repeats row 5". */
  private rowMessage(message: string, chunk: MappedRow[]): string {
    return message.replace(/values\.(\d+)/g, (_, n: string) => `row ${chunk[Number(n)]?.row ?? n}`);
  }

  private async reference(m: EntityManager, cid: string, partnerId: string): Promise<Reference> {
    const settings = await this.settings.settings(m, cid);
    if (!settings) throw notFound('Collaboration not found');
    const codes = await this.repo.indicatorCodes(m, cid);
    const ids = codes.map((c) => c.id);
    const indicatorsByCode = new Map<string, { id: string; code: string }>();
    for (const c of codes) {
      indicatorsByCode.set(c.code.toLowerCase(), c);
      indicatorsByCode.set(c.id, c);
    }
    const indicators = new Map((await this.values.indicators(m, cid, ids)).map((i) => [i.id, i]));
    const dimensions = new Map<string, Awaited<ReturnType<ValuesRepository['dimensions']>>>();
    for (const d of await this.values.dimensions(m, cid, ids)) dimensions.set(d.indicatorId, [...(dimensions.get(d.indicatorId) ?? []), d]);
    const commitments = new Map((await this.values.commitments(m, cid, [partnerId], ids)).map((c) => [commitmentKey(c.partnerId, c.indicatorId), c]));
    const locks = new PeriodLockCheck((await this.settings.locks(m, cid)).map((l) => l.period), settings.fiscalYearStartMonth);
    return {
      fiscalYearStartMonth: settings.fiscalYearStartMonth,
      requiresApproval: settings.requiresApproval,
      indicatorsByCode,
      dimensionRefs: await this.repo.dimensions(m, cid),
      context: { fiscalYearStartMonth: settings.fiscalYearStartMonth, indicators, dimensions, commitments, activities: new Map(), locks },
    };
  }

  /**
   * Stream the file: header, then rows mapped and checked for duplicates across the whole file,
   * handed on in chunks of about IMPORT_CHUNK_ROWS that never split an (indicator, period) group
   * (so a total and its breakdown are validated together). Returns the number of data rows.
   */
  private async walk(
    path: string,
    format: ImportFormat,
    ref: Reference,
    partnerId: string,
    decimalComma: boolean,
    errors: ErrorList,
    onChunk: (chunk: MappedRow[], map: ColumnMap) => Promise<void>,
  ): Promise<number> {
    let map: ColumnMap | null = null;
    let rows = 0;
    let chunk: MappedRow[] = [];
    let lastGroup = '';
    let pending: Promise<void> = Promise.resolve();
    const seen = new DuplicateCheck();
    const mapping = { partnerId, decimalComma, indicatorsByCode: ref.indicatorsByCode };
    try {
      for await (const raw of readRows(path, format)) {
        if (!map) {
          const header = mapHeader(raw, ref.dimensionRefs);
          header.errors.forEach((e) => errors.add(e));
          if (header.errors.some((e) => e.column === null)) return 0; // a required column is missing
          map = header.map;
          continue;
        }
        rows++;
        if (rows > IMPORT_MAX_ROWS) {
          errors.add({ row: raw.row, column: null, message: `The file has more than ${IMPORT_MAX_ROWS} rows of values; split it into smaller files` });
          break;
        }
        const mapped = mapRow(raw, map, mapping);
        mapped.errors.forEach((e) => errors.add(e));
        const input = mapped.input;
        if (!input) continue;
        const first = seen.firstRow(input.indicatorId, input.period, mapped.cellLabel, raw.row);
        if (first !== undefined) {
          errors.add({
            row: raw.row,
            column: null,
            message: `repeats row ${first} (same indicator, period and cell): each value must appear once — rows are never added up`,
          });
          continue;
        }
        const group = `${input.indicatorId}|${input.period}`;
        if (chunk.length >= IMPORT_CHUNK_ROWS && group !== lastGroup) {
          // Read the next chunk while the database works on this one (one chunk in flight).
          await pending;
          pending = onChunk(chunk, map);
          pending.catch(() => undefined);
          chunk = [];
        }
        lastGroup = group;
        chunk.push(mapped);
      }
    } catch (err) {
      await pending.catch(() => undefined);
      if (!(err instanceof UnreadableFile)) throw err;
      errors.add({ row: err.row, column: null, message: err.message });
    }
    await pending;
    if (!map) {
      if (errors.total === 0) errors.add({ row: 1, column: null, message: 'The file is empty: it needs a header row and rows of values' });
      return 0;
    }
    if (rows === 0) errors.add({ row: map.headerRow + 1, column: null, message: 'The file has a header row but no rows of values' });
    if (chunk.length > 0) await onChunk(chunk, map);
    return rows;
  }

  /** Validate every row of the file (nothing is written) and count what committing would do. */
  private async scan(cid: string, partnerId: string, path: string, format: ImportFormat, decimalComma: boolean, submit: boolean): Promise<ScanResult> {
    const m = this.ds.manager;
    const ref = await this.reference(m, cid, partnerId);
    const fy = ref.fiscalYearStartMonth;
    const errors = new ErrorList();
    const counts: ImportCounts = { rows: 0, new: 0, changed: 0, unchanged: 0, errors: 0 };
    const sample: ImportSampleRow[] = [];
    const periodCache = new Map<string, string | null>();
    counts.rows = await this.walk(path, format, ref, partnerId, decimalComma, errors, async (chunk, map) => {
      const inputs: ValueRowInput[] = chunk.map((c) => c.input!);
      const groups = inputs.flatMap((r) => {
        const indicator = ref.context.indicators.get(r.indicatorId);
        const cacheKey = `${indicator?.periodicity}|${r.period}`;
        let period = periodCache.get(cacheKey);
        if (period === undefined) periodCache.set(cacheKey, (period = canonicalPeriod(r.period, indicator, fy)));
        return period ? [{ indicatorId: r.indicatorId, partnerId: r.partnerId, period, activityId: null }] : [];
      });
      const stored = new Map((await this.values.groupsForUpdate(m, cid, groups)).map((v) => [identityKey(v), v]));
      const { issues, prepared } = validateBatch(inputs, { ...ref.context, stored });
      for (const issue of issues) {
        const i = Number(issue.path.split('.')[1]);
        errors.add({ row: chunk[i]?.row ?? 0, column: columnOfPath(issue.path, map), message: this.rowMessage(issue.message, chunk) });
      }
      for (const p of prepared) {
        const existing = stored.get(identityKey({ ...p, indicatorId: p.indicator.id }));
        let outcome: ImportSampleRow['outcome'];
        if (!existing) outcome = 'new';
        else if (!sameNumbers(existing, p) || (p.comment ?? existing.comment) !== existing.comment) outcome = 'changed';
        else if (submit && (existing.status === 'draft' || existing.status === 'returned')) outcome = 'changed';
        else outcome = 'unchanged';
        counts[outcome]++;
        if (sample.length < IMPORT_SAMPLE_ROWS) {
          const src = chunk[p.index]!;
          sample.push({
            row: src.row,
            indicator: src.indicatorCode,
            period: p.period,
            cell: p.cell,
            value: p.value,
            numerator: p.numerator,
            denominator: p.denominator,
            comment: p.comment ?? null,
            outcome,
          });
        }
      }
    });
    counts.errors = errors.total;
    return { counts, errors, sample };
  }
}
