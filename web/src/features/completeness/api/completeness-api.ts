import { api } from '../../../lib/api-client';

export type Granularity = 'month' | 'quarter' | 'year';
/** GET /collaborations/:id/completeness/matrix (docs/API.md): the types are shared with the api. */
export type {
  CellState,
  StateCounts,
  MatrixCell,
  CompletenessMatrixView as CompletenessMatrix,
} from '@constellation/shared';
import type { CompletenessMatrixView as CompletenessMatrix } from '@constellation/shared';

export interface MatrixQuery {
  indicatorId?: string;
  granularity?: Granularity;
  from?: string;
  to?: string;
}

export const getCompletenessMatrix = (cid: string, q: MatrixQuery) =>
  api.get<CompletenessMatrix>(`/collaborations/${encodeURIComponent(cid)}/completeness/matrix`, {
    query: { ...q },
  });
