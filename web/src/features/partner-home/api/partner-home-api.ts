import { api } from '../../../lib/api-client';

export type ReportState = 'approved' | 'submitted' | 'returned' | 'missing' | 'due' | 'upcoming';

export interface Report {
  indicatorId: string;
  code: string;
  name: string;
  period: string;
  periodLabel: string;
  state: ReportState;
  dueDate: string;
  draft: boolean;
  closed: boolean;
}

export interface Contribution {
  indicator: { id: string; code: string; name: string; unit: string; valueType: string; aggregationAcross: string; periodicity: string };
  period: string;
  periodLabel: string;
  mine: { value: string; numerator: string | null; denominator: string | null } | null;
  all: { value: string; numerator: string | null; denominator: string | null; partnerCount: number };
  share: number | null;
  computedAt: string;
}

/** GET /collaborations/:id/partners/:partnerId/home (docs/API.md). */
export interface PartnerHome {
  partner: { id: string; organisationName: string };
  today: string;
  dueRule: string;
  requiresApproval: boolean;
  window: { from: string; to: string };
  summary: { overdue: number; due: number; returned: number; awaitingReview: number; approved: number; upcoming: number };
  todo: Report[];
  upcoming: Report[];
  commitments: {
    indicator: { id: string; code: string; name: string; unit: string; periodicity: 'month' | 'quarter' | 'year' };
    startPeriod: string;
    endPeriod: string | null;
    reports: Report[];
  }[];
  contributions: Contribution[];
}

export interface Win {
  id: string;
  indicator: { id: string; code: string; name: string };
  kind: 'milestone' | 'long_term';
  milestonePeriod: string;
  milestoneValue: string;
  metPeriod: string;
  metValue: string;
  status: 'active' | 'withdrawn';
  firstMetAt: string;
  withdrawnAt: string | null;
}

const base = (cid: string) => `/collaborations/${encodeURIComponent(cid)}`;

export const getPartnerHome = (cid: string, partnerId: string) => api.get<PartnerHome>(`${base(cid)}/partners/${encodeURIComponent(partnerId)}/home`);
export const listWins = (cid: string) => api.get<{ items: Win[] }>(`${base(cid)}/wins`);
