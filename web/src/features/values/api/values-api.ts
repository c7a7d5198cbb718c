import type { ExpectedReportsView, ValuesBatchResult, ValueRowInput, ValueView } from '@constellation/shared';
import { api } from '../../../lib/api-client';
import type { PreviousValue } from '../previous-value';

export type Value = ValueView;
const base = (id: string) => `/collaborations/${encodeURIComponent(id)}`;
const seg = encodeURIComponent;

export interface WorkflowResult {
  changed: number;
  unchanged: number;
  values: Value[];
}
export interface ReviewQueueGroup {
  partner: { id: string; organisationName: string };
  period: string;
  periodLabel: string;
  count: number;
  flagged: number;
  valueIds: string[];
}
export interface ValueHistoryEntry {
  version: number;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  reason: string | null;
  via: string;
  at: string;
  actor: { kind: string; id: string | null; name: string | null } | null;
}

export const getExpected = (cid: string, partnerId: string, from?: string, to?: string) =>
  api.get<ExpectedReportsView>(`${base(cid)}/partners/${seg(partnerId)}/expected`, { query: { from, to } });
export type ValuesFilter = {
  partnerId?: string;
  indicatorId?: string;
  /** Values attributed to this activity only. */
  activityId?: string;
  from?: string;
  to?: string;
  /** One period exactly. */
  period?: string;
  status?: string;
};
export const listValues = (cid: string, query: ValuesFilter & { limit?: number; offset?: number }) =>
  api.get<{ items: Value[] }>(`${base(cid)}/values`, { query });

/** The api's largest page of values. */
export const VALUES_PAGE = 5000;

/** Every value matching the filter, page after page (the api answers at most VALUES_PAGE at a time). */
export async function listAllValues(cid: string, filter: ValuesFilter, list = listValues): Promise<{ items: Value[] }> {
  const items: Value[] = [];
  for (let offset = 0; ; offset += VALUES_PAGE) {
    const page = await list(cid, { ...filter, limit: VALUES_PAGE, offset });
    items.push(...page.items);
    if (page.items.length < VALUES_PAGE) return { items };
  }
}
export const saveValues = (cid: string, values: ValueRowInput[], submit: boolean) =>
  api.post<ValuesBatchResult>(`${base(cid)}/values/batch`, submit ? { values, submit } : { values });
export const submitValues = (cid: string, ids: string[]) => api.post<WorkflowResult>(`${base(cid)}/values/submit`, { ids });
export const reviewQueue = (cid: string) => api.get<{ items: ReviewQueueGroup[] }>(`${base(cid)}/values/review-queue`);
/** By value id of one queue group: the partner's value in the latest earlier period it reported (absent for its first). */
export const reviewPrevious = (cid: string, partnerId: string, period: string) =>
  api.get<{ previous: Record<string, PreviousValue> }>(`${base(cid)}/values/review-queue/previous`, { query: { partnerId, period } });
export const reviewValues = (cid: string, ids: string[], decision: 'approve' | 'return', reason?: string) =>
  api.post<WorkflowResult>(`${base(cid)}/values/review`, reason ? { ids, decision, reason } : { ids, decision });
export const valueHistory = (cid: string, valueId: string) =>
  api.get<{ items: ValueHistoryEntry[] }>(`${base(cid)}/values/${seg(valueId)}/history`);

export interface PeriodLock {
  period: string;
  label: string;
  lockedAt: string;
  lockedBy: { id: string; name: string } | null;
}
export const listPeriodLocks = (cid: string) => api.get<{ items: PeriodLock[] }>(`${base(cid)}/period-locks`);
export const closePeriod = (cid: string, period: string) => api.post<PeriodLock>(`${base(cid)}/period-locks`, { period });
export const reopenPeriod = (cid: string, period: string) => api.delete(`${base(cid)}/period-locks/${seg(period)}`);
