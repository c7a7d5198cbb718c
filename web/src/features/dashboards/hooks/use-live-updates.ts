import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, isApiError } from '../../../lib/api-client';
import { liveKeys } from './use-dashboards';

const MAX_BACKOFF_MS = 30_000;
/** Events closer together than this are one update. */
const BURST_MS = 300;

/**
 * Live dashboards: one EventSource per open collaboration on GET /api/collaborations/:id/events.
 * Each `rollup-updated` or `values-changed` event invalidates every query under ['live', collaborationId] (rollups,
 * progress, wins, completeness, attention…), so open pages refetch in place. On an error the
 * stream is closed and the session checked with an ordinary request: a 401 goes through the api
 * client's handler (sign in, then back here); otherwise it reconnects with a growing delay and
 * refetches what it may have missed. Returns when data last changed (for a quiet "updated" sign).
 */
export function useLiveUpdates(collaborationId: string): Date | null {
  const qc = useQueryClient();
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);

  useEffect(() => {
    if (!collaborationId || typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let burst: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    let attempt = 0;

    const refresh = () => void qc.invalidateQueries({ queryKey: liveKeys.all(collaborationId) });

    const connect = () => {
      if (stopped) return;
      source = new EventSource(`/api/collaborations/${encodeURIComponent(collaborationId)}/events`, {
        withCredentials: true,
      });
      source.addEventListener('ready', () => {
        // After a reconnect, catch up with anything published while we were away.
        if (attempt > 0) refresh();
        attempt = 0;
      });
      const changed = () => {
        // A rebuild publishes one event per indicator: refetch once per burst.
        if (burst !== undefined) return;
        burst = setTimeout(() => {
          burst = undefined;
          refresh();
          setUpdatedAt(new Date());
        }, BURST_MS);
      };
      // The worker's rollup updates, and the api's "values were written / submitted / reviewed"
      // (review counts and report states change before any rollup does).
      source.addEventListener('rollup-updated', changed);
      source.addEventListener('values-changed', changed);
      source.onerror = () => {
        source?.close();
        source = null;
        if (stopped) return;
        attempt += 1;
        // A request through the api client: a 401 sends the person to sign in and back.
        api
          .get(`/collaborations/${encodeURIComponent(collaborationId)}`)
          .then(() => schedule())
          .catch((e: unknown) => {
            if (!isApiError(e, 401) && !isApiError(e, 404)) schedule();
          });
      };
    };
    const schedule = () => {
      if (stopped) return;
      const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(attempt - 1, 5));
      timer = setTimeout(connect, delay);
    };

    connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      clearTimeout(burst);
      source?.close();
    };
  }, [collaborationId, qc]);

  return updatedAt;
}
