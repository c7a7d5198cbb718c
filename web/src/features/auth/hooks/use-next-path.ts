import { useSearchParams } from 'react-router';
import { safeNext } from '../../../lib/next-path';

export { safeNext, withNext } from '../../../lib/next-path';

/** The `next` path of the current page (where to return after signing in), or "/". */
export function useNextPath(): string {
  const [params] = useSearchParams();
  return safeNext(params.get('next'));
}
