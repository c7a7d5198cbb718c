import type { CreateCollaborationInput, JoinRequestInput, Permission, Role, UpdateCollaborationInput } from '@constellation/shared';
import { api } from '../../../lib/api-client';

export interface CollaborationSummary {
  id: string;
  name: string;
  slug: string;
  status: 'active' | 'archived' | string;
  vision: string;
  role: Role;
  partnerCount: number;
  goalCount: number;
}

export interface AgendaVersion {
  version: number;
  problemStatement: string;
  vision: string;
  principles: string[];
  geography: string;
  form: string;
  fiscalYearStartMonth: number;
  timeZone: string;
  requiresApproval: boolean;
  changeNote: string;
  author: { id: string; name: string } | null;
  createdAt: string;
  endorsements?: { partnerId: string; organisationName: string }[];
}

export interface Strategy {
  id: string;
  name: string;
  description: string;
  position: number;
}

export interface Goal {
  id: string;
  title: string;
  description: string;
  targetDate: string;
  position: number;
  strategies: Strategy[];
}

export interface CollaborationDetail {
  id: string;
  name: string;
  slug: string;
  status: 'active' | 'archived' | string;
  joinCode?: string | null;
  backboneOrganisation: { id: string; name: string };
  agenda: AgendaVersion;
  goals: Goal[];
  myRole: Role;
  myPermissions: Permission[];
  myPartnerId: string | null;
  createdAt: string;
  archivedAt: string | null;
}

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
