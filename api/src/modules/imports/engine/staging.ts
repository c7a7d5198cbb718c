import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ImportError, ImportFormat } from '@constellation/shared';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { type RawCell, type RawRow, readRows, UnreadableFile } from '../file-reader';
import type { DimensionRef } from '../imports.repository';
import { type ColumnMap, mapHeader } from '../row-mapping';
import { stagingTable } from './names';

/** What loading a file into its staging table found. */
export interface StagingResult {
  /** The header's column map, or null when the file has no usable header (see errors). */
  map: ColumnMap | null;
  /** Header problems and a file that cannot be read (row and column named). */
  errors: ImportError[];
  /** Data rows staged (blank rows included; validation skips them). */
  staged: number;
}

/** The separator of a header line: whichever of `;`, `,` or tab occurs most outside quotes. */
export function sniffLineDelimiter(line: string): string {
  const counts: Record<string, number> = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch]!++;
  }
  const best = Object.entries(counts).sort((a, b) => b[1] - a[1])[0]!;
  return best[1] > 0 ? best[0] : ',';
}

const blankLine = (line: string) => /^[\s;,\t"]*$/.test(line);

/**
 * The CSV header: the first non-blank line (BOM removed), its 1-based line number and the byte
 * offset where the data starts. Reads only the file's first 1 MB.
 */
async function csvHeader(path: string): Promise<{ line: string; row: number; dataOffset: number } | null> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(1024 * 1024);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const bytes = buf.subarray(0, bytesRead);
    let start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    let row = 1;
    while (start < bytes.length) {
      let end = bytes.indexOf(0x0a, start);
      const last = end === -1;
      if (last) end = bytes.length;
      const line = bytes.subarray(start, end).toString('utf8').replace(/\r$/, '');
      if (!blankLine(line)) return { line, row, dataOffset: last ? bytes.length : end + 1 };
      start = end + 1;
      row++;
    }
    return null;
  } finally {
    await fh.close();
  }
}

/**
 * The CSV data, line by line, with the file's line number put in front of each record as its
 * first field (so errors name the file's row) and empty lines dropped. Works on raw bytes (latin1
 * strings are byte-for-byte), so PostgreSQL's CSV parser does the real parsing. A quoted field
 * spanning lines stays one record: quotes are counted only on lines that contain one.
 */
export class LineNumberer extends Transform {
  private rest = '';
  private quoted = false;
  private record = '';

  constructor(
    private line: number,
    private readonly delimiter: string,
  ) {
    super();
  }

  private lines(text: string, final: boolean): string {
    let out = '';
    let start = 0;
    for (;;) {
      let end = text.indexOf('\n', start);
      if (end === -1) {
        if (!final || start >= text.length) break;
        end = text.length;
      }
      let line = text.slice(start, end);
      start = end + 1;
      if (line.endsWith('\r')) line = line.slice(0, -1);
      const continues = this.quoted;
      let q = line.indexOf('"');
      if (q !== -1) {
        let n = 0;
        for (; q !== -1; q = line.indexOf('"', q + 1)) n++;
        if (n % 2 === 1) this.quoted = !this.quoted;
      }
      if (continues) this.record += `\n${line}`;
      else if (line.length === 0 || (line.length < 64 && /^\s*$/.test(line))) {
        this.line++;
        continue;
      } else this.record = `${this.line}${this.delimiter}${line}`;
      if (!this.quoted) {
        out += `${this.record}\n`;
        this.record = '';
      }
      this.line++;
    }
    this.rest = text.slice(start);
    if (final && this.record !== '') {
      out += `${this.record}\n`; // an unterminated quote: COPY names it, and the fallback parser the row
      this.record = '';
    }
    return out;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    const out = this.lines(this.rest + chunk.toString('latin1'), false);
    if (out !== '') this.push(Buffer.from(out, 'latin1'));
    done();
  }

  override _flush(done: TransformCallback): void {
    const out = this.lines(this.rest, true);
    if (out !== '') this.push(Buffer.from(out, 'latin1'));
    done();
  }
}

const quoteCell = (c: RawCell, decimalComma: boolean): string => {
  if (c === null || c === undefined) return '';
  // A numeric workbook cell is exact: write it with the file's declared decimal mark.
  const s = typeof c === 'number' ? (decimalComma ? String(c).replace('.', ',') : String(c)) : c;
  return s === '' ? '' : `"${s.replace(/"/g, '""')}"`;
};

/** Rows parsed in JavaScript (XLSX, or a CSV PostgreSQL refused), as CSV records for COPY. */
async function* records(rows: AsyncIterable<RawRow>, width: number, decimalComma: boolean): AsyncGenerator<string> {
  let batch = '';
  for await (const r of rows) {
    const cells: string[] = [String(r.row)];
    for (let i = 0; i < width; i++) cells.push(quoteCell(r.cells[i] ?? null, decimalComma));
    batch += `${cells.join(',')}\n`;
    if (batch.length > 1 << 16) {
      yield batch;
      batch = '';
    }
  }
  if (batch !== '') yield batch;
}

const isBlank = (cells: RawCell[]) => cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''));

/** CSV rows parsed by csv-parse (relaxed column counts), for files PostgreSQL's strict parser refuses. */
async function* csvRowsAfterHeader(path: string, delimiter: string, headerRow: number): AsyncGenerator<RawRow> {
  const parser = createReadStream(path).pipe(parse({ delimiter, bom: true, info: true, relax_column_count: true, skip_empty_lines: true, max_record_size: 100_000 }));
  try {
    for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (rec.info.lines <= headerRow || isBlank(rec.record)) continue;
      yield { row: rec.info.lines, cells: rec.record };
    }
  } catch (err) {
    const e = err as { lines?: number; message?: string; code?: string };
    if (e.code?.startsWith('CSV_')) throw new UnreadableFile(e.lines ?? 0, `The file cannot be read as CSV: ${e.message ?? 'malformed'}`);
    throw err;
  }
}

async function createTable(db: ClientBase, importId: string, width: number): Promise<string> {
  const table = stagingTable(importId);
  const cols = Array.from({ length: width }, (_, i) => `c${i} text`).join(', ');
  await db.query(`DROP TABLE IF EXISTS ${table}`);
  await db.query(`CREATE UNLOGGED TABLE ${table} (row_no int NOT NULL${cols ? `, ${cols}` : ''})`);
  return table;
}

async function copyInto(db: ClientBase, table: string, source: NodeJS.ReadableStream, delimiter: string): Promise<number> {
  const sql = `COPY ${table} FROM STDIN WITH (FORMAT csv, DELIMITER E'${delimiter === '\t' ? '\\t' : delimiter}')`;
  const sink = db.query(copyFrom(sql));
  await pipeline(source, sink);
  return Number(sink.rowCount ?? 0);
}

/** SQLSTATEs of a file PostgreSQL's COPY cannot read (ragged rows, bad quoting, bad UTF-8). */
const UNREADABLE_BY_COPY = new Set(['22P04', '22021', '22P02', '54000']);

/**
 * Load an uploaded file into its staging table (UNLOGGED; row_no plus one text column per header
 * column): the header is read in JavaScript (BOM, separator, aliases, dimensions), the data goes
 * through COPY FROM STDIN — PostgreSQL parses the CSV. A CSV that COPY refuses (a row with more or
 * fewer cells than the header, a stray quote) is re-read with csv-parse, which tolerates ragged rows
 * and names the row where quoting breaks. An XLSX streams through exceljs into the same COPY.
 * Nothing is held in memory beyond a read buffer.
 */
export async function loadStaging(
  db: ClientBase,
  importId: string,
  path: string,
  format: ImportFormat,
  dimensions: DimensionRef[],
  decimalComma: boolean,
): Promise<StagingResult> {
  if (format === 'xlsx') {
    const rows = readRows(path, 'xlsx');
    let header: RawRow | null;
    try {
      const first = await rows.next();
      header = first.done ? null : first.value;
    } catch (err) {
      if (err instanceof UnreadableFile) return { map: null, errors: [{ row: err.row, column: null, message: err.message }], staged: 0 };
      throw err;
    }
    if (!header) return { map: null, errors: [{ row: 1, column: null, message: 'The file is empty: it needs a header row and rows of values' }], staged: 0 };
    const { map, errors } = mapHeader(header, dimensions);
    if (errors.some((e) => e.column === null)) return { map: null, errors, staged: 0 };
    const table = await createTable(db, importId, map.headers.length);
    try {
      const staged = await copyInto(db, table, Readable.from(records(rows, map.headers.length, decimalComma)), ',');
      return { map, errors, staged };
    } catch (err) {
      if (err instanceof UnreadableFile) return { map, errors: [...errors, { row: err.row, column: null, message: err.message }], staged: 0 };
      throw err;
    }
  }

  const head = await csvHeader(path);
  if (!head) return { map: null, errors: [{ row: 1, column: null, message: 'The file is empty: it needs a header row and rows of values' }], staged: 0 };
  const delimiter = sniffLineDelimiter(head.line);
  let cells: string[];
  try {
    cells = (parseSync(head.line, { delimiter, relax_quotes: true }) as string[][])[0] ?? [];
  } catch (err) {
    return { map: null, errors: [{ row: head.row, column: null, message: `The file cannot be read as CSV: ${(err as Error).message}` }], staged: 0 };
  }
  const { map, errors } = mapHeader({ row: head.row, cells }, dimensions);
  if (errors.some((e) => e.column === null)) return { map: null, errors, staged: 0 };
  const width = map.headers.length;
  const table = await createTable(db, importId, width);
  try {
    const source = createReadStream(path, { start: head.dataOffset, highWaterMark: 256 * 1024 });
    const staged = await copyInto(db, table, source.pipe(new LineNumberer(head.row + 1, delimiter)), delimiter);
    return { map, errors, staged };
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (!code || !UNREADABLE_BY_COPY.has(code)) throw err;
  }
  // PostgreSQL refused the file (ragged rows, quoting, encoding): parse it in JavaScript instead.
  await db.query(`TRUNCATE ${table}`);
  try {
    const staged = await copyInto(db, table, Readable.from(records(csvRowsAfterHeader(path, delimiter, head.row), width, false)), ',');
    return { map, errors, staged };
  } catch (err) {
    if (err instanceof UnreadableFile) return { map, errors: [...errors, { row: err.row, column: null, message: err.message }], staged: 0 };
    throw err;
  }
}

