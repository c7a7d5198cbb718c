import {
  IMPORT_COLUMNS,
  IMPORT_IGNORED_COLUMNS,
  type ImportColumn,
  type ImportError,
  parseNumberInput,
  unescapeSpreadsheetText,
  type ValueRowInput,
} from '@constellation/shared';
import type { RawCell, RawRow } from './file-reader';
import type { DimensionRef } from './imports.repository';

const norm = (h: string) => h.replace(/^\uFEFF/, '').toLowerCase().replace(/[\s_-]+/g, ' ').trim();

/** Where each column of the file is, by its header. */
export interface ColumnMap {
  headerRow: number;
  headers: string[];
  fields: Partial<Record<ImportColumn, number>>;
  dims: Array<{ index: number; dim: DimensionRef }>;
}

/** Read the header row: aliases for the value columns, dimensions by name or key; unknown headers are errors. */
export function mapHeader(row: RawRow, dimensions: DimensionRef[]): { map: ColumnMap; errors: ImportError[] } {
  const errors: ImportError[] = [];
  const headers = row.cells.map((c) => (c === null ? '' : String(c).replace(/^\uFEFF/, '').trim()));
  const map: ColumnMap = { headerRow: row.row, headers, fields: {}, dims: [] };
  const ignored = new Set<string>(IMPORT_IGNORED_COLUMNS);
  headers.forEach((h, index) => {
    const n = norm(h);
    if (n === '' || ignored.has(n)) return;
    const field = (Object.keys(IMPORT_COLUMNS) as ImportColumn[]).find((f) => (IMPORT_COLUMNS[f] as readonly string[]).includes(n));
    if (field) {
      if (map.fields[field] !== undefined) errors.push({ row: row.row, column: h, message: `"${h}" repeats the ${field} column` });
      else map.fields[field] = index;
      return;
    }
    const dim = dimensions.find((d) => norm(d.key) === n || norm(d.name) === n);
    if (dim) {
      if (map.dims.some((d) => d.dim.key === dim.key)) errors.push({ row: row.row, column: h, message: `"${h}" repeats the dimension ${dim.name}` });
      else map.dims.push({ index, dim });
      return;
    }
    const dimNames = dimensions.map((d) => d.name).join(', ');
    errors.push({
      row: row.row,
      column: h,
      message: `"${h}" is not a column we know: use indicator, period, value (or numerator and denominator), comment, activity${dimNames ? `, or a dimension (${dimNames})` : ''}`,
    });
  });
  for (const required of ['indicator', 'period'] as const) {
    if (map.fields[required] === undefined) {
      errors.push({ row: row.row, column: null, message: `The header row has no ${required} column (e.g. "${IMPORT_COLUMNS[required][0]}")` });
    }
  }
  if (map.fields.value === undefined && map.fields.numerator === undefined) {
    errors.push({ row: row.row, column: null, message: 'The header row has no value column (or numerator and denominator columns)' });
  }
  return { map, errors };
}

const text = (c: RawCell | undefined) => (c === null || c === undefined ? '' : String(c).trim());

/** A data row turned into a values-batch row; errors here are the file's own (numbers, categories, codes). */
export interface MappedRow {
  row: number;
  input: ValueRowInput | null;
  /** The file's spelling, for duplicate detection and the sample. */
  indicatorCode: string;
  cellLabel: string;
  errors: ImportError[];
}

export interface MappingContext {
  partnerId: string;
  decimalComma: boolean;
  indicatorsByCode: Map<string, { id: string; code: string }>;
}

export function mapRow(raw: RawRow, map: ColumnMap, ctx: MappingContext): MappedRow {
  const errors: ImportError[] = [];
  const header = (i: number | undefined) => (i === undefined ? null : map.headers[i] || null);
  const err = (i: number | undefined, message: string) => errors.push({ row: raw.row, column: header(i), message });
  const at = (f: ImportColumn) => (map.fields[f] === undefined ? undefined : raw.cells[map.fields[f]!]);

  const code = text(at('indicator'));
  const indicator = code ? ctx.indicatorsByCode.get(code.toLowerCase()) : undefined;
  if (!code) err(map.fields.indicator, 'is required: the indicator code');
  else if (!indicator) err(map.fields.indicator, `"${code}" is not an indicator code of this collaboration`);

  const rawPeriod = at('period');
  const period = typeof rawPeriod === 'number' ? String(rawPeriod) : text(rawPeriod).toUpperCase();
  if (!period) err(map.fields.period, 'is required: a period like 2026-03, 2026-Q1 or 2026');

  const cell: Record<string, string> = {};
  const labels: string[] = [];
  for (const { index, dim } of map.dims) {
    const v = text(raw.cells[index]);
    if (!v) continue;
    const lower = v.toLowerCase();
    const category = dim.categories.find((c) => c.key.toLowerCase() === lower || c.name.toLowerCase() === lower);
    if (!category) {
      err(index, `has no category "${v}" in ${dim.name} (categories: ${dim.categories.map((c) => c.name).join(', ') || 'none'})`);
      continue;
    }
    cell[dim.key] = category.key;
    labels.push(`${dim.key}=${category.key}`);
  }

  const numbers: Partial<Record<'value' | 'numerator' | 'denominator', string>> = {};
  for (const f of ['value', 'numerator', 'denominator'] as const) {
    const c = at(f);
    if (c === undefined || c === null || (typeof c === 'string' && c.trim() === '')) continue;
    const parsed = parseNumberInput(c, { decimalComma: ctx.decimalComma });
    if (parsed.ok) numbers[f] = parsed.value;
    else err(map.fields[f], parsed.error);
  }

  const commentRaw = at('comment');
  const comment = commentRaw === undefined || commentRaw === null ? undefined : unescapeSpreadsheetText(String(commentRaw));
  if (comment !== undefined && comment.length > 2000) err(map.fields.comment, 'must be at most 2000 characters');

  const input: ValueRowInput | null =
    indicator && period
      ? {
          indicatorId: indicator.id,
          partnerId: ctx.partnerId,
          period,
          cell: labels.length > 0 ? cell : 'total',
          ...numbers,
          ...(comment !== undefined && comment !== '' ? { comment: comment.slice(0, 2000) } : {}),
        }
      : null;
  return { row: raw.row, input, indicatorCode: indicator?.code ?? code, cellLabel: labels.sort().join(';') || 'total', errors };
}

/** The column a values-batch issue path names (`values.3.cell.age` → the age column). */
export function columnOfPath(path: string, map: ColumnMap): string | null {
  const [, , field, sub] = path.split('.');
  const h = (i: number | undefined) => (i === undefined ? null : map.headers[i] || null);
  switch (field) {
    case 'indicatorId':
      return h(map.fields.indicator);
    case 'period':
      return h(map.fields.period);
    case 'value':
    case 'numerator':
    case 'denominator':
    case 'comment':
      return h(map.fields[field]) ?? field;
    case 'cell': {
      const d = sub ? map.dims.find((x) => x.dim.key === sub) : undefined;
      return d ? h(d.index) : sub ? sub : map.dims.map((x) => map.headers[x.index]).join(', ') || 'cell';
    }
    default:
      return null;
  }
}
