import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { ImportFormat } from '@constellation/shared';

/** A cell as read from a file: text, a number (XLSX numeric cells), or nothing. */
export type RawCell = string | number | null;

/** One non-blank row; `row` numbers it as a spreadsheet does (the header is usually row 1). */
export interface RawRow {
  row: number;
  cells: RawCell[];
}

/** A file that cannot be read at all (malformed quoting, not a workbook): the row where it broke. */
export class UnreadableFile extends Error {
  constructor(
    readonly row: number,
    message: string,
  ) {
    super(message);
  }
}

const XLSX_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** CSV or XLSX, from the file's first bytes (a zip is a workbook) and otherwise its name. */
export async function detectFormat(path: string, fileName: string): Promise<ImportFormat | null> {
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await fh.read(head, 0, 4, 0);
    if (bytesRead === 4 && head.equals(XLSX_MAGIC)) return 'xlsx';
  } finally {
    await fh.close();
  }
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.xlsx')) return null; // named a workbook, but not a zip
  if (lower.endsWith('.xls')) return null; // the old binary format
  return 'csv';
}

/** The separator of a CSV: whichever of `;`, `,` or tab occurs most in the first line outside quotes. */
export async function sniffDelimiter(path: string): Promise<string> {
  const fh = await open(path, 'r');
  let text: string;
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    text = buf.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '');
  } finally {
    await fh.close();
  }
  const firstLine = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const counts: Record<string, number> = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch]!++;
  }
  const best = Object.entries(counts).sort((a, b) => b[1] - a[1])[0]!;
  return best[1] > 0 ? best[0] : ',';
}

const isBlank = (cells: RawCell[]) => cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''));

/** Non-blank rows of a CSV, streamed (UTF-8 with or without a BOM; `;`, `,` or tab). */
async function* csvRows(path: string): AsyncGenerator<RawRow> {
  const delimiter = await sniffDelimiter(path);
  const parser = createReadStream(path).pipe(
    parse({
      delimiter,
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: 100_000,
    }),
  );
  try {
    for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const cells: RawCell[] = rec.record;
      if (isBlank(cells)) continue;
      yield { row: rec.info.lines, cells };
    }
  } catch (err) {
    const e = err as { lines?: number; message?: string; code?: string };
    if (e.code?.startsWith('CSV_')) {
      throw new UnreadableFile(e.lines ?? 0, `The file cannot be read as CSV: ${e.message ?? 'malformed'}`);
    }
    throw err;
  }
}

/** A workbook cell as text or a number (formulas give their stored result; dates their YYYY-MM). */
function xlsxCell(v: ExcelJS.CellValue): RawCell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 7);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return xlsxCell((v.result ?? null) as ExcelJS.CellValue);
    if ('formula' in v || 'sharedFormula' in v) return null;
    if ('text' in v) return String(v.text);
    if ('error' in v) return String(v.error);
  }
  return String(v as unknown);
}

/** Non-blank rows of the first worksheet of a workbook, streamed. */
async function* xlsxRows(path: string): AsyncGenerator<RawRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'emit',
  });
  try {
    for await (const sheet of reader) {
      for await (const row of sheet as unknown as AsyncIterable<ExcelJS.Row>) {
        const values = row.values as ExcelJS.CellValue[];
        const cells = values.slice(1).map(xlsxCell);
        if (isBlank(cells)) continue;
        yield { row: row.number, cells };
      }
      break; // the first worksheet only
    }
  } catch (err) {
    if (err instanceof UnreadableFile) throw err;
    throw new UnreadableFile(0, `The file cannot be read as an XLSX workbook: ${(err as Error).message}`);
  }
}

export function readRows(path: string, format: ImportFormat): AsyncGenerator<RawRow> {
  return format === 'xlsx' ? xlsxRows(path) : csvRows(path);
}
