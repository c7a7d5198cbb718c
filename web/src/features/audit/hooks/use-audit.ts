import type { AuditQuery } from '@constellation/shared';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { listAudit } from '../api/audit-api';

export function useAuditLog(collaborationId: string, query: Partial<AuditQuery>, enabled = true) {
  return useQuery({
    queryKey: ['audit', collaborationId, query],
    queryFn: () => listAudit(collaborationId, query),
    placeholderData: keepPreviousData,
    enabled,
  });
}
