import { z } from 'zod';
import { uuid } from './common';

/** The largest file an import accepts (bytes); larger uploads answer 413 naming it. */
export const IMPORT_MAX_BYTES = 50 * 1024 * 1024;
/** The most rows one file may hold. */
export const IMPORT_MAX_ROWS = 1_000_000;
/** The most errors a preview lists (the total is always given). */
export const IMPORT_ERROR_LIST_CAP = 1000;
/** Rows a preview shows as a sample. */
export const IMPORT_SAMPLE_ROWS = 20;

export const IMPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

const booleanField = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off', ''])], {
    message: 'must be true or false',
  })
  .transform((v) => v === true || v === 'true' || v === '1' || v === 'yes' || v === 'on');

/** The form fields sent beside the `file` of a multipart upload. */
export const importUploadFieldsSchema = z.strictObject({
  partnerId: uuid,
  /** The file writes 1.234,5 (comma as the decimal mark). */
  decimalComma: booleanField.optional(),
  /** Submit the values on commit (draft → submitted). */
  submit: booleanField.optional(),
});
export type ImportUploadFields = z.infer<typeof importUploadFieldsSchema>;

export const importTemplateQuerySchema = z.strictObject({
  format: z.enum(IMPORT_FORMATS, { message: 'must be csv or xlsx' }).default('csv'),
  /** First and last period (any granularity) the template covers; default: the current year. */
  from: z.string().max(20).optional(),
  to: z.string().max(20).optional(),
});
export type ImportTemplateQuery = z.infer<typeof importTemplateQuerySchema>;

/** GET …/imports/:importId/errors: every error of the import as a file. */
export const importErrorsQuerySchema = z.strictObject({
  format: z.enum(IMPORT_FORMATS, { message: 'must be csv or xlsx' }).default('csv'),
});
export type ImportErrorsQuery = z.infer<typeof importErrorsQuerySchema>;

export const valuesExportQuerySchema = z.strictObject({
  format: z.enum(IMPORT_FORMATS, { message: 'must be csv or xlsx' }).default('csv'),
  indicatorId: uuid.optional(),
  partnerId: uuid.optional(),
  /** Periods (any granularity): values whose period lies within from..to. */
  from: z.string().max(20).optional(),
  to: z.string().max(20).optional(),
});
export type ValuesExportQuery = z.infer<typeof valuesExportQuerySchema>;

/**
 * The columns a value file may hold, each with the headers that name it (compared without case,
 * spaces, `_` or `-`). Dimension columns are named by the dimension's name or key.
 */
export const IMPORT_COLUMNS = {
  indicator: ['indicator', 'indicator code', 'code', 'indicator id'],
  period: ['period', 'period key'],
  value: ['value', 'amount'],
  numerator: ['numerator', 'num'],
  denominator: ['denominator', 'denom', 'den'],
  comment: ['comment', 'comments', 'note', 'notes'],
  /** One of the partner's activities (its name, any case, or its id): the value is attributed to it. */
  activity: ['activity', 'activity name', 'activity id', 'programme', 'program'],
} as const;
export type ImportColumn = keyof typeof IMPORT_COLUMNS;

/** Columns an export writes for people to read; an import ignores them (so exports re-import). */
export const IMPORT_IGNORED_COLUMNS = [
  'indicator name',
  'partner',
  'organisation',
  'organization',
  'status',
  'version',
  'updated at',
  'flagged',
  'unit',
  'period label',
] as const;

/** One problem in a file: the row as a spreadsheet numbers it (the header is row 1), the column's header. */
export interface ImportError {
  row: number;
  column: string | null;
  message: string;
}

/**
 * validating → invalid | ready → committing → committed. Large files are validated and committed
 * by a worker job (status validating / committing, with progress); `failed` when a job stopped.
 */
export const IMPORT_STATUSES = ['validating', 'invalid', 'ready', 'committing', 'committed', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** How far a worker job has got: rows processed out of the file's rows. */
export interface ImportProgress {
  phase: 'validating' | 'committing';
  rowsDone: number;
  rowsTotal: number;
}

/** What a commit wrote. */
export interface ImportResult {
  created: number;
  updated: number;
  unchanged: number;
  committedAt: string;
}

export interface ImportCounts {
  rows: number;
  new: number;
  changed: number;
  unchanged: number;
  errors: number;
}

export interface ImportSampleRow {
  row: number;
  indicator: string;
  period: string;
  cell: string;
  value: string | null;
  numerator: string | null;
  denominator: string | null;
  comment: string | null;
  /** The partner's activity the value is attributed to (its name), or null. */
  activity: string | null;
  /** What committing would do with it. */
  outcome: 'new' | 'changed' | 'unchanged';
}

export interface ImportPreview {
  importId: string;
  partnerId: string;
  fileName: string;
  format: ImportFormat;
  status: ImportStatus;
  counts: ImportCounts;
  /** Every error up to IMPORT_ERROR_LIST_CAP; `errorsTruncated` says when more exist (counts.errors is the total). */
  errors: ImportError[];
  errorsTruncated: boolean;
  sample: ImportSampleRow[];
  createdAt: string;
  /** While a worker job validates or commits the file; null otherwise. */
  progress: ImportProgress | null;
  /** Why a job stopped (status failed), or why a commit was refused after the preview. */
  failure: string | null;
  /** Once committed. */
  result: ImportResult | null;
}

/** A synchronous commit answers `committed` with its counts; a large one answers `committing` (202) and is polled. */
export interface ImportCommitResult {
  importId: string;
  status: 'committed' | 'committing';
  created: number;
  updated: number;
  unchanged: number;
  committedAt: string | null;
}

/** Escape a text cell so no spreadsheet runs it as a formula (= + - @ tab CR prefixed with '). */
export function escapeSpreadsheetText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** Undo escapeSpreadsheetText on a cell read back from a file. */
export function unescapeSpreadsheetText(text: string): string {
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}
