import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  expectedReports,
  type ImportError,
  type ImportTemplateQuery,
  parsePeriodKey,
  periodAtIndex,
  toMonthIndex,
  TOTAL_CELL,
  type ValuesExportQuery,
} from '@constellation/shared';
import type { FastifyReply } from 'fastify';
import { PassThrough } from 'node:stream';
import type { DataSource } from 'typeorm';
import { notFound, ValidationFailed } from '../../common/errors';
import type { ValuesActor } from '../values/common/actor';
import { PeriodLockCheck } from '../values/common/period-lock-check';
import { periodsWithin } from '../values/common/periods-within';
import { MeasurementSettingsRepository } from '../values/common/settings.repository';
import { ValuesRepository } from '../values/values/values.repository';
import { type DimensionRef, ImportsRepository } from './imports.repository';
import { csvWriter, num, type OutCell, type RowWriter, text, xlsxWriter } from './spreadsheet-writer';

const FETCH_ROWS = 2000;

/** Value exports and per-partner import templates, streamed as CSV or XLSX. */
@Injectable()
export class ExportsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: ImportsRepository,
    private readonly values: ValuesRepository,
    private readonly settings: MeasurementSettingsRepository,
  ) {}

  /** Starts the download (status and headers) and answers the writer of its rows and the stream they go through. */
  private writer(reply: FastifyReply, format: 'csv' | 'xlsx', baseName: string, sheet: string): RowWriter & { stream: PassThrough } {
    const stamp = new Date().toISOString().slice(0, 10);
    const stream = new PassThrough();
    void reply
      .code(200)
      .header('content-disposition', `attachment; filename="${baseName}-${stamp}.${format}"`)
      .header('cache-control', 'no-store')
      .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .send(stream);
    return { ...(format === 'csv' ? csvWriter(stream) : xlsxWriter(stream, sheet)), stream };
  }

  private async fiscalYearStart(cid: string): Promise<number> {
    const s = await this.settings.settings(this.ds.manager, cid);
    if (!s) throw notFound('Collaboration not found');
    return s.fiscalYearStartMonth;
  }

  /** Cells of a canonical cell key ('age=0-5;sex=f') under each dimension column, by category name. */
  private dimCells(cell: string, dims: DimensionRef[]): OutCell[] {
    const parts = new Map(cell === TOTAL_CELL ? [] : cell.split(';').map((kv) => kv.split('=') as [string, string]));
    return dims.map((d) => {
      const key = parts.get(d.key);
      if (key === undefined) return null;
      return text(d.categories.find((c) => c.key === key)?.name ?? key);
    });
  }

  /**
   * The values as a file: partners their own organisation's only (another partnerId → 404),
   * reviewers every partner's. Read with a server-side cursor, written row by row.
   */
  async exportValues(actor: ValuesActor, query: ValuesExportQuery, reply: FastifyReply): Promise<void> {
    const cid = actor.collaborationId;
    let partnerId = query.partnerId ?? null;
    if (!actor.canReview) {
      if (partnerId && partnerId !== actor.partnerId) throw notFound('Partner not found');
      partnerId = actor.partnerId;
    }
    const fy = await this.fiscalYearStart(cid);
    const periods = query.from || query.to ? periodsWithin(query.from, query.to, fy) : null;
    const dims = await this.repo.dimensions(this.ds.manager, cid);
    const { sql, params } = this.repo.exportQuery(cid, { partnerId, indicatorId: query.indicatorId ?? null, periods });

    type Row = {
      indicatorCode: string;
      indicatorName: string;
      partnerName: string;
      period: string;
      cell: string;
      activityName: string | null;
      value: string | null;
      numerator: string | null;
      denominator: string | null;
      comment: string;
      status: string;
      version: number;
      updatedAt: Date;
    };
    const header = ['indicator', 'indicator name', 'partner', 'period', ...dims.map((d) => d.name), 'activity', 'value', 'numerator', 'denominator', 'comment', 'status', 'version', 'updated at'];
    await this.streamQuery(reply, query.format, 'values', 'Values', { sql, params }, header.map(text), (r: Row) => [
      text(r.indicatorCode),
      text(r.indicatorName),
      text(r.partnerName),
      text(r.period),
      ...this.dimCells(r.cell, dims),
      r.activityName ? text(r.activityName) : null,
      num(r.value),
      num(r.numerator),
      num(r.denominator),
      r.comment ? text(r.comment) : null,
      text(r.status),
      num(String(r.version)),
      text(new Date(r.updatedAt).toISOString()),
    ]);
  }

  /**
   * Starts the download and writes the header row, then the query's rows read with a server-side
   * cursor in one REPEATABLE READ snapshot, each turned into cells by `line`. An error before the
   * first byte is answered as usual; after it, the download is cut (the client sees it fail).
   */
  private async streamQuery<R>(
    reply: FastifyReply,
    format: 'csv' | 'xlsx',
    baseName: string,
    sheet: string,
    query: { sql: string; params?: unknown[] },
    header: OutCell[],
    line: (r: R) => OutCell[],
  ): Promise<void> {
    const qr = this.ds.createQueryRunner();
    await qr.connect();
    let out: (RowWriter & { stream: PassThrough }) | null = null;
    try {
      await qr.startTransaction('REPEATABLE READ');
      await qr.query(`DECLARE rows_out NO SCROLL CURSOR FOR ${query.sql}`, query.params ?? []);
      out = this.writer(reply, format, baseName, sheet);
      await out.row(header);
      for (;;) {
        const rows: R[] = await qr.query(`FETCH ${FETCH_ROWS} FROM rows_out`);
        for (const r of rows) await out.row(line(r));
        if (rows.length < FETCH_ROWS) break;
      }
      await qr.commitTransaction();
      await out.end();
    } catch (err) {
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      if (out) {
        out.stream.destroy(err as Error);
        return;
      }
      throw err;
    } finally {
      await qr.release();
    }
  }

  /**
   * An import's errors as a file (row, column, problem): read with a cursor from the import's
   * errors table (names.ts `errorsTable`) when it has one, else the list its preview stored.
   */
  async importErrors(reply: FastifyReply, format: 'csv' | 'xlsx', fileName: string, table: string | null, stored: ImportError[]): Promise<void> {
    const base = `errors-${fileName.replace(/\.[^.]*$/, '').replace(/[^\w-]+/g, '-').slice(0, 40)}`;
    const header = ['row', 'column', 'problem'].map(text);
    const line = (e: { row: number; column: string | null; message: string }) => [num(String(e.row)), e.column ? text(e.column) : null, text(e.message)];
    if (!table) {
      const out = this.writer(reply, format, base, 'Errors');
      await out.row(header);
      for (const e of stored) await out.row(line(e));
      await out.end();
      return;
    }
    const sql = `SELECT row_no, col, msg FROM ${table} ORDER BY row_no, ord`;
    await this.streamQuery(reply, format, base, 'Errors', { sql }, header, (r: { row_no: number; col: string | null; msg: string }) =>
      line({ row: r.row_no, column: r.col, message: r.msg }),
    );
  }

  /**
   * A file the partner fills in: each committed (active) indicator × each of its periods in the
   * window that is not closed, the total and every breakdown cell, keys pre-filled, values empty.
   */
  async template(actor: ValuesActor, partnerId: string, query: ImportTemplateQuery, reply: FastifyReply): Promise<void> {
    const cid = actor.collaborationId;
    const m = this.ds.manager;
    if (!actor.canReview && partnerId !== actor.partnerId) throw notFound('Partner not found');
    const partner = await this.repo.partner(m, cid, partnerId);
    if (!partner) throw notFound('Partner not found');
    const fy = await this.fiscalYearStart(cid);
    const now = new Date();
    const thisYear = periodAtIndex(toMonthIndex(now.getUTCFullYear(), now.getUTCMonth() + 1), 'year', fy).key;
    const issues: Array<{ path: string; message: string }> = [];
    const read = (field: 'from' | 'to', key: string) => {
      const r = parsePeriodKey(key, fy);
      if (!r.ok) issues.push({ path: `query.${field}`, message: r.error });
      return r.ok ? r.period : null;
    };
    const from = read('from', query.from ?? thisYear);
    const to = read('to', query.to ?? query.from ?? thisYear);
    if (from && to && to.endIndex < from.startIndex) issues.push({ path: 'query.to', message: `must not end before from (${from.key})` });
    if (from && to && to.endIndex - from.startIndex > 12 * 10) issues.push({ path: 'query.to', message: 'must be at most 10 years after from' });
    if (issues.length > 0 || !from || !to) throw new ValidationFailed(issues);

    const spans = await this.repo.commitmentSpans(m, cid, partnerId);
    const ids = [...new Set(spans.map((s) => s.indicatorId))];
    const codes = new Map((await this.repo.indicatorCodes(m, cid)).map((c) => [c.id, c]));
    const indicators = new Map((await this.values.indicators(m, cid, ids)).map((i) => [i.id, i]));
    const indicatorDims = new Map<string, Array<{ key: string; categories: string[] }>>();
    for (const d of await this.values.dimensions(m, cid, ids)) indicatorDims.set(d.indicatorId, [...(indicatorDims.get(d.indicatorId) ?? []), d]);
    const dims = (await this.repo.dimensions(m, cid)).filter((d) => [...indicatorDims.values()].some((l) => l.some((x) => x.key === d.key)));
    const locks = new PeriodLockCheck((await this.settings.locks(m, cid)).map((l) => l.period), fy);

    // An activity column (left empty: the partner's own values) when the partner has activities to attribute values to.
    const activity = (await this.repo.hasActivities(m, cid, partnerId)) ? ['activity'] : [];
    const out = this.writer(reply, query.format, `import-template-${partner.organisationName.replace(/[^\w-]+/g, '-').slice(0, 40)}`, 'Values');
    await out.row(['indicator', 'indicator name', 'period', ...dims.map((d) => d.name), 'value', 'numerator', 'denominator', 'comment', ...activity].map(text));
    for (const { indicatorId, period } of expectedReports(spans, from.key, to.key, fy)) {
      if (locks.closed(period)) continue;
      const ind = indicators.get(indicatorId);
      const code = codes.get(indicatorId);
      if (!ind || !code) continue;
      const own = indicatorDims.get(indicatorId) ?? [];
      // The total, then every full combination of the indicator's categories.
      let cells: string[] = [TOTAL_CELL];
      if (own.length > 0) {
        let combos: string[][] = [[]];
        for (const d of own) combos = combos.flatMap((c) => d.categories.map((cat) => [...c, `${d.key}=${cat}`]));
        if (combos.length <= 200) cells = [...cells, ...combos.map((c) => c.join(';'))];
      }
      for (const cell of cells) {
        await out.row([text(code.code), text(code.name), text(period), ...this.dimCells(cell, dims), null, null, null, null, ...activity.map(() => null)]);
      }
    }
    await out.end();
  }
}
