import type { CreateSharedDashboardInput, PublicDashboard, SharedDashboardView } from '@constellation/shared';
import { api } from '../../../lib/api-client';

const base = (cid: string) => `/collaborations/${encodeURIComponent(cid)}/shared-dashboards`;

export const listSharedDashboards = (cid: string) => api.get<{ items: SharedDashboardView[] }>(base(cid));
export const createSharedDashboard = (cid: string, body: CreateSharedDashboardInput) =>
  api.post<SharedDashboardView>(base(cid), body);
export const revokeSharedDashboard = (cid: string, id: string) =>
  api.post<SharedDashboardView>(`${base(cid)}/${encodeURIComponent(id)}/revoke`);

/** The public read: no session needed (a 401 never happens here, so no sign-in redirect either). */
export const getPublicDashboard = (token: string) =>
  api.get<PublicDashboard>(`/public/dashboards/${encodeURIComponent(token)}`, { allow401: true });

/** The public page's address for a token, on this site. */
export function shareUrl(token: string): string {
  return `${window.location.origin}/share/${token}`;
}
