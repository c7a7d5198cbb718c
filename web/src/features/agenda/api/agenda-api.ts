import type { SaveAgendaInput } from '@constellation/shared';
import { api } from '../../../lib/api-client';
import type { AgendaVersion } from '../../collaborations/api/collaborations-api';

const base = (id: string) => `/collaborations/${encodeURIComponent(id)}/agenda`;

export const getAgenda = (collaborationId: string) => api.get<AgendaVersion>(base(collaborationId));
export const saveAgenda = (collaborationId: string, body: SaveAgendaInput) => api.put<AgendaVersion>(base(collaborationId), body);
export const listAgendaVersions = (collaborationId: string) =>
  api.get<{ items: AgendaVersion[] }>(`${base(collaborationId)}/versions`);
export const endorseAgenda = (collaborationId: string, partnerId: string, agendaVersion: number) =>
  api.post<unknown>(`/collaborations/${encodeURIComponent(collaborationId)}/partners/${encodeURIComponent(partnerId)}/endorse`, {
    agendaVersion,
  });
