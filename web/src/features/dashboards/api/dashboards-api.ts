import type {
  CompletenessPeriod,
  ProgressView as ProgressRow,
  RollupsResponse,
  TrajectoryView as Trajectory,
  WinView as Win,
} from '@constellation/shared';
import { api } from '../../../lib/api-client';

export type Granularity = 'month' | 'quarter' | 'year';
export type ProgressStatus = 'on_track' | 'at_risk' | 'off_track' | 'no_data';

/** The answers' rows, shared with the api (shared/src/schemas/dashboards.ts). */
export type {
  ProgressView as ProgressRow,
  TrajectoryView as Trajectory,
  WinView as Win,
  RollupView as RollupRow,
  RollupsResponse,
} from '@constellation/shared';
export interface ProgressResponse {
  items: ProgressRow[];
  trajectories: Trajectory[];
  computedAt: string | null;
}
export interface CompletenessResponse {
  indicatorId: string;
  granularity: Granularity;
  from: string;
  to: string;
  items: CompletenessPeriod[];
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
