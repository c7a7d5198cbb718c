import type { AuditEventView, AuditPage, AuditQuery } from '@constellation/shared';
import { api } from '../../../lib/api-client';

export type { AuditEventView as AuditEvent, AuditPage };

export const listAudit = (collaborationId: string, query: Partial<AuditQuery>) =>
  api.get<AuditPage>(`/collaborations/${encodeURIComponent(collaborationId)}/audit`, { query });
