import type { PartnerHomeView, WinView as Win } from '@constellation/shared';
import { api } from '../../../lib/api-client';

/** GET /collaborations/:id/partners/:partnerId/home (docs/API.md): the types are shared with the api. */
export type {
  ReportState,
  ReportView as Report,
  PartnerHomeView as PartnerHome,
} from '@constellation/shared';
export type Contribution = PartnerHomeView['contributions'][number];

export type { WinView as Win } from '@constellation/shared';

const base = (cid: string) => `/collaborations/${encodeURIComponent(cid)}`;

export const getPartnerHome = (cid: string, partnerId: string) =>
  api.get<PartnerHomeView>(`${base(cid)}/partners/${encodeURIComponent(partnerId)}/home`);
export const listWins = (cid: string) => api.get<{ items: Win[] }>(`${base(cid)}/wins`);
