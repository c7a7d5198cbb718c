import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { setUnauthorizedHandler } from '../../../lib/api-client';
import { meQueryKey } from '../hooks/use-me';
import { withNext } from '../hooks/use-next-path';

const PUBLIC_PREFIXES = ['/sign-in', '/sign-up', '/forgot-password', '/reset-password', '/invitations/'];

/**
 * When a signed-in page gets a 401 (the session ended), go to sign in and come back here after.
 * Renders nothing.
 */
export function UnauthorizedRedirect() {
  const navigate = useNavigate();
  const location = useLocation();
  const qc = useQueryClient();
  const here = useRef(location.pathname + location.search);

  useEffect(() => {
    here.current = location.pathname + location.search;
  }, [location]);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      const path = here.current;
      qc.setQueryData(meQueryKey, null);
      if (PUBLIC_PREFIXES.some((p) => path.startsWith(p))) return;
      navigate(withNext('/sign-in', path), { replace: true });
    });
    return () => setUnauthorizedHandler(null);
  }, [navigate, qc]);

  return null;
}
