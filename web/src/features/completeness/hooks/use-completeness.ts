import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getCompletenessMatrix, type MatrixQuery } from '../api/completeness-api';

/** Live data (the worker's outputs change it): the key starts with ['live', collaborationId]. */
export function useCompletenessMatrix(cid: string, q: MatrixQuery) {
  return useQuery({
    queryKey: ['live', cid, 'completeness-matrix', q],
    queryFn: () => getCompletenessMatrix(cid, q),
    placeholderData: keepPreviousData,
  });
}
