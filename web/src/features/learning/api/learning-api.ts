import type { LearningEntryCreateInput, LearningEntryUpdateInput, LearningEntryView } from '@constellation/shared';
import { api } from '../../../lib/api-client';

export type { LearningEntryView } from '@constellation/shared';

const base = (cid: string) => `/collaborations/${encodeURIComponent(cid)}/learning`;

export const listLearning = (cid: string, indicatorId?: string) =>
  api.get<{ items: LearningEntryView[] }>(base(cid), { query: indicatorId ? { indicatorId } : {} });
export const createLearning = (cid: string, body: Partial<LearningEntryCreateInput>) => api.post<LearningEntryView>(base(cid), body);
export const updateLearning = (cid: string, id: string, body: LearningEntryUpdateInput) =>
  api.patch<LearningEntryView>(`${base(cid)}/${encodeURIComponent(id)}`, body);
export const deleteLearning = (cid: string, id: string) => api.delete(`${base(cid)}/${encodeURIComponent(id)}`);
