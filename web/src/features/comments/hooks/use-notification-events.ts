import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api, isApiError } from '../../../lib/api-client';
import { notificationKeys } from './use-comments';

const MAX_BACKOFF_MS = 30_000;

/**
 * The live bell: one EventSource per tab on GET /api/me/events while signed in. Each `notification`
 * event (a notification was written for this person, by the api or the worker) invalidates the
 * notifications queries, so the bell's count and list update without a reload. On an error the
 * stream is closed and the session checked with an ordinary request: a 401 stops (the person is
 * signed out; the page's own queries take them to sign in); otherwise it reconnects with a growing
 * delay (1 s → 30 s) and refetches what it may have missed. The bell keeps a slow poll as fallback.
 */
export function useNotificationEvents(enabled: boolean): void {
  const qc = useQueryClient();
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    let attempt = 0;
    const refresh = () => void qc.invalidateQueries({ queryKey: notificationKeys.all });

    const connect = () => {
      if (stopped) return;
      source = new EventSource('/api/me/events', { withCredentials: true });
      source.addEventListener('ready', () => {
        if (attempt > 0) refresh();
        attempt = 0;
      });
      source.addEventListener('notification', refresh);
      source.onerror = () => {
        source?.close();
        source = null;
        if (stopped) return;
        attempt += 1;
        api
          .get('/me/notifications', { query: { limit: 1 }, allow401: true })
          .then(() => schedule())
          .catch((e: unknown) => {
            if (isApiError(e, 401)) stopped = true;
            else schedule();
          });
      };
    };
    const schedule = () => {
      if (stopped) return;
      timer = setTimeout(connect, Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(attempt - 1, 5)));
    };

    connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      source?.close();
    };
  }, [enabled, qc]);
}
