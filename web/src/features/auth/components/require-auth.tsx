import { Outlet, Navigate, useLocation } from 'react-router';
import { ErrorState } from '../../../components/error-state';
import { PageLoader } from '../../../components/page-loader';
import { useMe } from '../hooks/use-me';
import { withNext } from '../hooks/use-next-path';

/** Pages behind sign-in: anyone signed out goes to /sign-in and comes back here afterwards. */
export function RequireAuth() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <PageLoader />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => me.refetch()} />;
  if (!me.data) return <Navigate to={withNext('/sign-in', location.pathname + location.search)} replace />;
  return <Outlet />;
}
