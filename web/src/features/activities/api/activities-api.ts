import type {
  ActivitiesQuery,
  ActivityDetail,
  ActivityMatrixView,
  ActivityNarrativeView,
  ActivitySummary,
  CreateActivityInput,
  UpdateActivityInput,
} from '@constellation/shared';
import { api } from '../../../lib/api-client';

export type { ActivityDetail, ActivityMatrixView, ActivitySummary };
const base = (id: string) => `/collaborations/${encodeURIComponent(id)}/activities`;
const seg = encodeURIComponent;

export const listActivities = (cid: string, q: Partial<ActivitiesQuery> = {}) => api.get<{ items: ActivitySummary[] }>(base(cid), { query: q });
export const getActivity = (cid: string, id: string) => api.get<ActivityDetail>(`${base(cid)}/${seg(id)}`);
export const getMatrix = (cid: string) => api.get<ActivityMatrixView>(`${base(cid)}/matrix`);
export const createActivity = (cid: string, body: Partial<CreateActivityInput>) => api.post<ActivitySummary>(base(cid), body);
export const updateActivity = (cid: string, id: string, body: UpdateActivityInput) => api.patch<ActivitySummary>(`${base(cid)}/${seg(id)}`, body);
export const deleteActivity = (cid: string, id: string) => api.delete(`${base(cid)}/${seg(id)}`);
export const postUpdate = (cid: string, id: string, body: string) => api.post<ActivityNarrativeView>(`${base(cid)}/${seg(id)}/updates`, { body });
