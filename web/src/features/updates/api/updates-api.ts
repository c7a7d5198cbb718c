import type {
  EditUpdateInput,
  ErrorBody,
  UpdateAudience,
  UpdateReaction,
  UpdatesPage,
  UpdateView,
} from '@constellation/shared';
import { api, ApiError, CSRF_COOKIE, readCookie } from '../../../lib/api-client';

export type { UpdatesPage, UpdateView } from '@constellation/shared';

const base = (cid: string) => `/collaborations/${encodeURIComponent(cid)}/updates`;

export interface FeedFilter {
  goalId?: string;
  indicatorId?: string;
  activityId?: string;
}

export const getFeed = (cid: string, filter: FeedFilter, cursor: string | null, limit = 20) =>
  api.get<UpdatesPage>(base(cid), { query: { ...filter, cursor, limit } });
export const editUpdate = (cid: string, id: string, body: EditUpdateInput) =>
  api.patch<UpdateView>(`${base(cid)}/${id}`, body);
export const deleteUpdate = (cid: string, id: string) => api.delete(`${base(cid)}/${id}`);
export const setPinned = (cid: string, id: string, pinned: boolean) =>
  pinned ? api.put<UpdateView>(`${base(cid)}/${id}/pin`) : api.delete<UpdateView>(`${base(cid)}/${id}/pin`);
export const setReaction = (cid: string, id: string, reaction: UpdateReaction, on: boolean) =>
  on
    ? api.put<UpdateView>(`${base(cid)}/${id}/reactions/${reaction}`)
    : api.delete<UpdateView>(`${base(cid)}/${id}/reactions/${reaction}`);
export const attachmentUrl = (cid: string, updateId: string, attachmentId: string) =>
  `/api${base(cid)}/${encodeURIComponent(updateId)}/attachments/${encodeURIComponent(attachmentId)}`;

export interface NewUpdate {
  body: string;
  audience: UpdateAudience;
  goalId?: string;
  indicatorId?: string;
  activityId?: string;
  files: File[];
}

/**
 * POST a new update as multipart/form-data with its files, reporting upload progress (0–1).
 * XMLHttpRequest because fetch cannot report upload progress; errors become the same ApiError
 * the other calls throw.
 */
export function createUpdate(
  cid: string,
  input: NewUpdate,
  onProgress: (fraction: number) => void,
): Promise<UpdateView> {
  const form = new FormData();
  form.append('body', input.body);
  form.append('audience', input.audience);
  if (input.goalId) form.append('goalId', input.goalId);
  if (input.indicatorId) form.append('indicatorId', input.indicatorId);
  if (input.activityId) form.append('activityId', input.activityId);
  for (const f of input.files) form.append('attachments', f, f.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api${base(cid)}`);
    xhr.setRequestHeader('Accept', 'application/json');
    const csrf = readCookie(CSRF_COOKIE);
    if (csrf) xhr.setRequestHeader('X-CSRF-Token', csrf);
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () =>
      reject(
        new ApiError({
          statusCode: 0,
          error: 'Network error',
          message: 'We could not reach Constellation. Check your connection and try again.',
          details: [],
        }),
      );
    xhr.onload = () => {
      let payload: unknown;
      try {
        payload = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        payload = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(payload as UpdateView);
        return;
      }
      const p = (payload ?? {}) as Partial<ErrorBody>;
      reject(
        new ApiError({
          statusCode: xhr.status,
          error: p.error ?? xhr.statusText,
          message:
            typeof p.message === 'string'
              ? p.message
              : xhr.status >= 500
                ? 'Something went wrong on our side. Please try again in a moment.'
                : `Request failed (${xhr.status})`,
          details: Array.isArray(p.details) ? p.details : [],
        }),
      );
    };
    xhr.send(form);
  });
}
