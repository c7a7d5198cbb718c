import type { AuditQuery } from '@constellation/shared';
import { api } from '../../../lib/api-client';

export interface AuditEvent {
  id: string;
  createdAt: string;
  actor: { id: string; name: string; email: string } | null;
  action: string;
  entity: string;
  entityId: string | null;
  outcome: 'success' | 'denied' | string;
  ip: string | null;
  before: unknown;
  after: unknown;
}

export interface AuditPage {
  items: AuditEvent[];
  total: number;
  page: number;
  pageSize: number;
}

export const listAudit = (collaborationId: string, query: Partial<AuditQuery>) =>
  api.get<AuditPage>(`/collaborations/${encodeURIComponent(collaborationId)}/audit`, { query });
