import type { Permission } from '@constellation/shared';
import { useOutletContext } from 'react-router';
import type { Membership } from '../../auth/api/auth-api';
import type { CollaborationDetail } from '../api/collaborations-api';

export interface CollaborationContext {
  collaborationId: string;
  collaboration: CollaborationDetail;
  membership: Membership;
  can: (permission: Permission) => boolean;
}

/** The collaboration a page inside the shell belongs to, with my membership and permissions. */
export function useCollaborationContext(): CollaborationContext {
  return useOutletContext<CollaborationContext>();
}
