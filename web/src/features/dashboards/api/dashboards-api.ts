import { api } from '../../../lib/api-client';

export type Granularity = 'month' | 'quarter' | 'year';
export type ProgressStatus = 'on_track' | 'at_risk' | 'off_track' | 'no_data';

export interface ProgressRow {
  indicatorId: string;
  granularity: Granularity;
  period: string;
  actual: string | null;
  baseline: string;
  target: string;
  longTermTarget: string;
  percentToLongTerm: number | null;
  ratio: number | null;
  status: ProgressStatus;
  computedAt: string;
}
export interface Trajectory {
  indicatorId: string;
  granularity: Granularity;
  projectedPeriod: string | null;
  reached: boolean;
  slopePerMonth: number | null;
  computedAt: string;
}
export interface ProgressResponse {
  items: ProgressRow[];
  trajectories: Trajectory[];
  computedAt: string | null;
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
  contributors?: { count: number; names: string[] };
}
export interface RollupRow {
  indicatorId: string;
  granularity: Granularity;
  period: string;
  cell: string;
  scope: string;
  organisationName: string | null;
  value: string;
  numerator: string | null;
  denominator: string | null;
  partnerCount: number;
  valueCount: number;
  computedAt: string;
}
export interface RollupsResponse {
  scope: 'all' | 'partners';
  items: RollupRow[];
  computedAt: string | null;
  pendingChanges: number;
  valuesPending: boolean;
}
export interface CompletenessResponse {
  indicatorId: string;
  granularity: Granularity;
  from: string;
  to: string;
  items: {
    period: string;
    partnersExpected: number;
    partnersReported: number;
    reportsExpected: number;
    reportsReceived: number;
  }[];
}
export interface ExplainResponse {
  indicator: { id: string; code: string; name: string };
  granularity: Granularity;
  period: string;
  cell: string;
  rollup: {
    value: string;
    numerator: string | null;
    denominator: string | null;
    partnerCount: number;
    valueCount: number;
    computedAt: string;
  } | null;
  rules: {
    valueType: string;
    periodicity: Granularity;
    aggregationAcrossPartners: string;
    aggregationOverTime: string;
    countingStatuses: string[];
    nativePeriods: string[];
    steps: string[];
  };
  partners: { id: string; organisationName: string }[];
  values: {
    id: string;
    partnerId: string;
    organisationName: string;
    period: string;
    cell: string;
    activity: { id: string; name: string } | string | null;
    value: string | null;
    numerator: string | null;
    denominator: string | null;
    status: string;
    updatedAt: string;
  }[];
  otherPartners: number;
}
/** GET …/attention (docs/API.md): the type is shared with the api. */
export type { AttentionView as AttentionResponse } from '@constellation/shared';
import type { AttentionView as AttentionResponse } from '@constellation/shared';

const base = (cid: string) => `/collaborations/${encodeURIComponent(cid)}`;

export const getProgress = (cid: string, query: { indicatorId?: string; granularity?: Granularity } = {}) =>
  api.get<ProgressResponse>(`${base(cid)}/progress`, { query });
export const getWins = (cid: string, indicatorId?: string) =>
  api.get<{ items: Win[] }>(`${base(cid)}/wins`, { query: { indicatorId } });
export const getRollups = (
  cid: string,
  query: { indicatorId: string; granularity?: Granularity; cell?: string; scope?: 'all' | 'partners' },
) => api.get<RollupsResponse>(`${base(cid)}/rollups`, { query });
export const getCompleteness = (
  cid: string,
  indicatorId: string,
  granularity?: Granularity,
  range?: { from: string; to: string },
) =>
  api.get<CompletenessResponse>(`${base(cid)}/rollups/completeness`, {
    query: { indicatorId, granularity, ...range },
  });
export const getExplain = (
  cid: string,
  query: { indicatorId: string; granularity: Granularity; period: string; cell?: string },
) => api.get<ExplainResponse>(`${base(cid)}/rollups/explain`, { query });
export const getAttention = (cid: string) => api.get<AttentionResponse>(`${base(cid)}/attention`);
