import type {
  AgendaVersionListItem,
  AgendaVersionView,
  CollaborationDetail,
  CollaborationSummary,
  CreateCollaborationInput,
  GoalView,
  JoinRequestInput,
  StrategyView,
  UpdateCollaborationInput,
} from '@constellation/shared';
import { api } from '../../../lib/api-client';

/** An agenda version; in the version history each also says which partners endorsed it. */
export type AgendaVersion = AgendaVersionView & Partial<Pick<AgendaVersionListItem, 'endorsements'>>;
export type Strategy = StrategyView;
export type Goal = GoalView;
export type { CollaborationDetail, CollaborationSummary };

export interface JoinRequestResult {
  collaboration: { id: string; name: string };
  partnerId: string;
  status: 'pending';
}

const base = (id: string) => `/collaborations/${encodeURIComponent(id)}`;

export const listCollaborations = () => api.get<{ items: CollaborationSummary[] }>('/collaborations');
export const createCollaboration = (body: CreateCollaborationInput) => api.post<CollaborationDetail>('/collaborations', body);
export const getCollaboration = (id: string) => api.get<CollaborationDetail>(base(id));
export const updateCollaboration = (id: string, body: UpdateCollaborationInput) => api.patch<CollaborationDetail>(base(id), body);
export const archiveCollaboration = (id: string) => api.post<CollaborationDetail>(`${base(id)}/archive`);
export const unarchiveCollaboration = (id: string) => api.post<CollaborationDetail>(`${base(id)}/unarchive`);
export const requestToJoin = (body: JoinRequestInput) => api.post<JoinRequestResult>('/collaborations/join', body);
