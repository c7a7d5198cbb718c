import type {
  DimensionInput,
  DimensionUpdateInput,
  DimensionView,
  IndicatorRevisionView,
  IndicatorSetDocument,
  IndicatorView,
} from '@constellation/shared';
import { api } from '../../../lib/api-client';

export type Indicator = IndicatorView;
export type Dimension = DimensionView;
export type IndicatorRevision = IndicatorRevisionView;

const base = (id: string) => `/collaborations/${encodeURIComponent(id)}`;
const seg = encodeURIComponent;

export type IndicatorStatusFilter = 'active' | 'retired' | 'all';

export const listIndicators = (cid: string, status: IndicatorStatusFilter = 'active') =>
  api.get<{ items: Indicator[] }>(`${base(cid)}/indicators`, { query: { status } });
export const getIndicator = (cid: string, id: string) => api.get<Indicator>(`${base(cid)}/indicators/${seg(id)}`);
export const listRevisions = (cid: string, id: string) =>
  api.get<{ items: IndicatorRevision[] }>(`${base(cid)}/indicators/${seg(id)}/revisions`);
/** The body is checked with the shared schemas in the form; the api checks it again. */
export const createIndicator = (cid: string, body: Record<string, unknown>) => api.post<Indicator>(`${base(cid)}/indicators`, body);
export const updateIndicator = (cid: string, id: string, body: Record<string, unknown>) =>
  api.patch<Indicator>(`${base(cid)}/indicators/${seg(id)}`, body);
export const setIndicatorStatus = (cid: string, id: string, action: 'retire' | 'reinstate', version: number, changeNote = '') =>
  api.post<Indicator>(`${base(cid)}/indicators/${seg(id)}/${action}`, { version, changeNote });

export const listDimensions = (cid: string) => api.get<{ items: Dimension[] }>(`${base(cid)}/dimensions`);
export const createDimension = (cid: string, body: DimensionInput) => api.post<Dimension>(`${base(cid)}/dimensions`, body);
export const updateDimension = (cid: string, id: string, body: DimensionUpdateInput) =>
  api.patch<Dimension>(`${base(cid)}/dimensions/${seg(id)}`, body);
export const deleteDimension = (cid: string, id: string) => api.delete(`${base(cid)}/dimensions/${seg(id)}`);

export interface ExampleSetSummary {
  id: string;
  name: string;
  description: string;
  indicatorCount: number;
}
export interface ImportResult {
  imported: number;
  indicators: { id: string; code: string }[];
  dimensionsCreated: number;
  dimensionsMatched: number;
}
export const listExampleSets = () => api.get<{ items: ExampleSetSummary[] }>('/indicator-sets/examples');
export const getExampleSet = (exampleId: string) => api.get<IndicatorSetDocument>(`/indicator-sets/examples/${seg(exampleId)}`);
export const importIndicatorSet = (cid: string, body: IndicatorSetDocument & { goalId: string }) =>
  api.post<ImportResult>(`${base(cid)}/indicator-sets/import`, body);
