import { api } from '../../../lib/api-client';

export type CellState = 'approved' | 'submitted' | 'returned' | 'missing' | 'not_due' | 'not_expected';
export type Granularity = 'month' | 'quarter' | 'year';

export interface StateCounts {
  expected: number;
  approved: number;
  submitted: number;
  returned: number;
  missing: number;
  notDue: number;
  draft: number;
}

export interface MatrixCell extends StateCounts {
  period: string;
  state: CellState;
}

/** GET /collaborations/:id/completeness/matrix (docs/API.md). */
export interface CompletenessMatrix {
  indicatorId: string | null;
  granularity: Granularity;
  from: string;
  to: string;
  today: string;
  dueRule: string;
  audience: 'backbone' | 'partner' | 'funder';
  periods: { period: string; label: string }[];
  partners: { partnerId: string; organisationName: string; cells: MatrixCell[] }[];
  totals: (MatrixCell & { partnersExpected: number; partnersComplete: number })[];
  partnersNotListed: number;
}

export interface MatrixQuery {
  indicatorId?: string;
  granularity?: Granularity;
  from?: string;
  to?: string;
}

export const getCompletenessMatrix = (cid: string, q: MatrixQuery) =>
  api.get<CompletenessMatrix>(`/collaborations/${encodeURIComponent(cid)}/completeness/matrix`, { query: { ...q } });
