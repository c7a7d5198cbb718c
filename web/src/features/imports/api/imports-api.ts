import {
  IMPORT_MAX_BYTES,
  type ImportCommitResult,
  type ImportFormat,
  type ImportPreview,
} from '@constellation/shared';
import { api, ApiError, errorMessage } from '../../../lib/api-client';

const base = (id: string) => `/api/collaborations/${encodeURIComponent(id)}`;
const seg = encodeURIComponent;

export const MAX_MEGABYTES = IMPORT_MAX_BYTES / (1024 * 1024);

export interface UploadInput {
  partnerId: string;
  file: File;
  decimalComma: boolean;
  submit: boolean;
}

/** Send a file for a preview: every row is checked, nothing is written. */
export function uploadImport(cid: string, input: UploadInput): Promise<ImportPreview> {
  const form = new FormData();
  // Fields before the file, so the server has them when the file streams in.
  form.append('partnerId', input.partnerId);
  if (input.decimalComma) form.append('decimalComma', 'true');
  if (input.submit) form.append('submit', 'true');
  form.append('file', input.file, input.file.name);
  return api.upload<ImportPreview>(`${base(cid)}/imports`, form);
}

/** An import's status, counts, errors and sample; while a worker job checks or commits a large file, its progress. */
export const getImport = (cid: string, importId: string) =>
  api.get<ImportPreview>(`${base(cid)}/imports/${seg(importId)}`);

/** Whether a worker job is still checking or committing the file (the wizard polls until it is not). */
export const isRunning = (p: ImportPreview | null | undefined) =>
  p?.status === 'validating' || p?.status === 'committing';

/** Write the previewed file's values (all or nothing); a large file answers `committing` and is polled. */
export const commitImport = (cid: string, importId: string) =>
  api.post<ImportCommitResult>(`${base(cid)}/imports/${seg(importId)}/commit`);

/** Where the partner's template downloads from (a plain link: the cookie authenticates it). */
export const templateUrl = (cid: string, partnerId: string, format: ImportFormat) =>
  `${base(cid)}/partners/${seg(partnerId)}/import-template?format=${format}`;
/** Every error of an import, as a file (row, column, problem). */
export const errorsUrl = (cid: string, importId: string, format: ImportFormat) => `${base(cid)}/imports/${seg(importId)}/errors?format=${format}`;

const sentence = (s: string) => {
  const t = s.trim();
  if (!t) return t;
  const cap = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(cap) ? cap : `${cap}.`;
};

export interface ImportProblem {
  message: string;
  /** One sentence per detail the api gave (a field, or a row of the file). */
  details: string[];
}

/** What went wrong with an upload or a commit, as sentences a person can act on. */
export function importProblem(e: unknown): ImportProblem {
  if (e instanceof ApiError) {
    switch (e.status) {
      case 413:
        return {
          message: `The file is larger than the ${MAX_MEGABYTES} MB limit. Split it into smaller files and import each one.`,
          details: [],
        };
      case 415:
        return {
          message: 'The file could not be sent as an upload. Choose the file again and retry.',
          details: [],
        };
      case 422:
        return {
          message: `${sentence(e.message)} Save the file as CSV (UTF-8) or as an Excel workbook (.xlsx) and upload it again.`,
          details: [],
        };
      case 410:
        return {
          message: 'This preview has expired (files are kept for 24 hours). Upload the file again.',
          details: [],
        };
      case 404:
        return { message: 'We could not find this import. Upload the file again.', details: [] };
      default:
        return {
          message: sentence(errorMessage(e)),
          details: e.details.map((d) =>
            sentence(d.path ? `${d.path === 'file' ? 'The file' : d.path} ${d.message}` : d.message),
          ),
        };
    }
  }
  return { message: sentence(errorMessage(e)), details: [] };
}
