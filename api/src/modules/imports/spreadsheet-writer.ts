import { escapeSpreadsheetText, normalizeDecimal } from '@constellation/shared';
import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';

/** A cell to write: text (escaped so no spreadsheet runs it), a decimal number, or empty. */
export type OutCell = { text: string } | { number: string } | null;

export const text = (s: string | null | undefined): OutCell => (s === null || s === undefined ? null : { text: s });
export const num = (s: string | null | undefined): OutCell => (s === null || s === undefined ? null : { number: s });

/** Writes rows as CSV or XLSX to a stream, one row at a time (nothing is held). */
export interface RowWriter {
  row(cells: OutCell[]): Promise<void>;
  end(): Promise<void>;
}

const quote = (s: string) => (/[",;\r\n\t]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

function write(out: Writable, chunk: string): Promise<void> {
  return out.write(chunk) ? Promise.resolve() : new Promise((resolve) => out.once('drain', () => resolve()));
}

export function csvWriter(out: Writable): RowWriter {
  let started = false;
  return {
    async row(cells) {
      const line = cells
        .map((c) => (c === null ? '' : 'text' in c ? quote(escapeSpreadsheetText(c.text)) : normalizeDecimal(c.number)))
        .join(',');
      await write(out, `${started ? '' : '\uFEFF'}${line}\r\n`);
      started = true;
    },
    async end() {
      await new Promise<void>((resolve) => out.end(() => resolve()));
    },
  };
}

/** A decimal as a spreadsheet number when a double holds it exactly, else as (unescaped) text. */
function xlsxNumber(s: string): number | string {
  const canon = normalizeDecimal(s);
  const n = Number(canon);
  return Number.isFinite(n) && normalizeDecimal(n) === canon ? n : canon;
}

export function xlsxWriter(out: Writable, sheetName: string): RowWriter {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const sheet = wb.addWorksheet(sheetName);
  return {
    async row(cells) {
      sheet
        .addRow(cells.map((c) => (c === null ? null : 'text' in c ? escapeSpreadsheetText(c.text) : xlsxNumber(c.number))))
        .commit();
      await Promise.resolve();
    },
    async end() {
      sheet.commit();
      await wb.commit();
    },
  };
}
