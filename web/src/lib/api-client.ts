import type { ErrorBody, ErrorDetail } from '@constellation/shared';

export const CSRF_COOKIE = 'constellation_csrf';

/** An error answered by the api, in its one error shape. */
export class ApiError extends Error {
  readonly status: number;
  readonly error: string;
  readonly details: ErrorDetail[];
  /** Seconds to wait, from a 429's Retry-After header. */
  readonly retryAfter?: number;

  constructor(body: ErrorBody, retryAfter?: number) {
    super(body.message);
    this.name = 'ApiError';
    this.status = body.statusCode;
    this.error = body.error;
    this.details = body.details ?? [];
    this.retryAfter = retryAfter;
  }
}

export function isApiError(e: unknown, status?: number): e is ApiError {
  return e instanceof ApiError && (status === undefined || e.status === status);
}

export function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) {
      try {
        return decodeURIComponent(v.join('='));
      } catch {
        return v.join('=');
      }
    }
  }
  return null;
}

type UnauthorizedHandler = () => void;
let onUnauthorized: UnauthorizedHandler | null = null;

/** The app registers what to do when a signed-in page meets a 401 (go to sign in, come back). */
export function setUnauthorizedHandler(handler: UnauthorizedHandler | null): void {
  onUnauthorized = handler;
}

export interface RequestOptions {
  /** Query string parameters; undefined and empty values are left out. */
  query?: Record<string, string | number | boolean | undefined | null>;
  /** A 401 is an expected answer (sign in, public pages): do not redirect to sign-in. */
  allow401?: boolean;
  signal?: AbortSignal;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function toErrorBody(status: number, statusText: string, payload: unknown): ErrorBody {
  if (payload && typeof payload === 'object' && 'message' in payload) {
    const p = payload as Partial<ErrorBody>;
    return {
      statusCode: typeof p.statusCode === 'number' ? p.statusCode : status,
      error: p.error ?? statusText,
      message: typeof p.message === 'string' ? p.message : statusText,
      details: Array.isArray(p.details) ? p.details : [],
    };
  }
  const message =
    status >= 500
      ? 'Something went wrong on our side. Please try again in a moment.'
      : statusText || `Request failed (${status})`;
  return { statusCode: status, error: statusText, message, details: [] };
}

export async function request<T>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
  const url = new URL(path.startsWith('/api') ? path : `/api${path}`, window.location.origin);
  for (const [k, v] of Object.entries(opts.query ?? {})) {
    if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, String(v));
  }
  const headers: Record<string, string> = { Accept: 'application/json' };
  // A FormData body (a file upload) sets its own multipart Content-Type with the boundary.
  const isForm = typeof FormData !== 'undefined' && body instanceof FormData;
  if (body !== undefined && !isForm) headers['Content-Type'] = 'application/json';
  if (WRITE_METHODS.has(method)) {
    const csrf = readCookie(CSRF_COOKIE);
    if (csrf) headers['X-CSRF-Token'] = csrf;
  }

  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
      signal: opts.signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError({
      statusCode: 0,
      error: 'Network error',
      message: 'We could not reach Constellation. Check your connection and try again.',
      details: [],
    });
  }

  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let payload: unknown = undefined;
  if (text) {
    try {
      payload = JSON.parse(text);
    } catch {
      payload = undefined;
    }
  }
  if (!res.ok) {
    const retry = Number(res.headers.get('Retry-After'));
    const error = new ApiError(toErrorBody(res.status, res.statusText, payload), Number.isFinite(retry) && retry > 0 ? retry : undefined);
    if (res.status === 401 && !opts.allow401) onUnauthorized?.();
    throw error;
  }
  return payload as T;
}

export const api = {
  get: <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, undefined, opts),
  post: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, body ?? {}, opts),
  put: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PUT', path, body ?? {}, opts),
  patch: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PATCH', path, body ?? {}, opts),
  delete: <T = void>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, undefined, opts),
  /** POST multipart/form-data (a file upload), with the same CSRF header and error handling. */
  upload: <T>(path: string, form: FormData, opts?: RequestOptions) => request<T>('POST', path, form, opts),
};

/** A sentence to show for an error in a notification or an alert. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.status === 403) return 'You do not have permission to do that.';
    if (e.status === 429) {
      const wait = e.retryAfter ? ` Try again in ${Math.ceil(e.retryAfter / 60)} minute${e.retryAfter > 60 ? 's' : ''}.` : '';
      return `Too many attempts.${wait}`;
    }
    return e.message;
  }
  if (e instanceof Error) return e.message;
  return 'Something went wrong.';
}
