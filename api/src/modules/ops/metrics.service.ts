import { Injectable, Logger } from '@nestjs/common';
import { NOTIFICATION_EMAIL_STATES } from '@constellation/shared';
import { InjectDataSource } from '@nestjs/typeorm';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { ReadCache } from '../mail/read-cache';
import { OpsQueues } from './ops-queues';

const JOB_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;

/**
 * One database read shared by the gauges of one scrape: prom-client collects every metric at
 * once, so the gauges asking while the read is in flight share it; the next scrape reads again.
 */
function sharedWhileInFlight<T>(read: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | undefined;
  return () => {
    inFlight ??= read().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
}

interface ReconciliationFigures {
  lastRun: number;
  cellsCompared: number;
  cellsDrifted: number;
  collaborationsDrifted: number;
}
/** Outbox kinds the rollup relay turns into jobs (worker/src/rollups/relay.ts). */
const ROLLUP_KINDS = ['values_changed', 'indicator_definition_changed'];

/**
 * Prometheus metrics of this api process: its own registry (several apps can live in one test
 * process), HTTP request durations, rollup lag and pending outbox rows (read from PostgreSQL at
 * scrape time), and the job counts of every queue (read from BullMQ at scrape time).
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly logger = new Logger('Metrics');
  readonly httpDuration: Histogram<'method' | 'route' | 'status_code'>;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly queues: OpsQueues,
    readCache: ReadCache,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'constellation_api_' });
    this.httpDuration = new Histogram({
      name: 'constellation_http_request_duration_seconds',
      help: 'HTTP request durations by method, route pattern and status code',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    const logger = this.logger;
    const db = this.ds;
    const outbox = async () => {
      const rows: Array<{ lag: string | null; pending: number }> = await db.query(
        `SELECT extract(epoch FROM now() - min(created_at))::text AS lag, count(*)::int AS pending
           FROM outbox WHERE processed_at IS NULL AND kind = ANY($1::text[])`,
        [ROLLUP_KINDS],
      );
      return rows[0];
    };
    new Gauge({
      name: 'constellation_rollup_lag_seconds',
      help: 'Age of the oldest value change not yet relayed to the rollups queue (0 when none)',
      registers: [this.registry],
      async collect() {
        try {
          const r = await outbox();
          this.set(r?.lag ? Math.max(0, Number(r.lag)) : 0);
        } catch (err) {
          logger.warn(`rollup lag: ${(err as Error).message}`);
        }
      },
    });
    new Gauge({
      name: 'constellation_outbox_pending',
      help: 'Value changes waiting in the outbox for the rollup relay',
      registers: [this.registry],
      async collect() {
        try {
          this.set((await outbox())?.pending ?? 0);
        } catch (err) {
          logger.warn(`outbox pending: ${(err as Error).message}`);
        }
      },
    });
    // The scheduled reconciliation (worker/src/reconcile): each collaboration's latest result.
    const reconciliation = sharedWhileInFlight(async (): Promise<ReconciliationFigures> => {
      const rows: Array<{ last: string | null; compared: string; drifted: string; collaborations: number }> = await db.query(
        `SELECT extract(epoch FROM max(r.finished_at))::text AS last,
                coalesce(sum(r.cells_compared), 0)::text AS compared,
                coalesce(sum(r.cells_drifted), 0)::text AS drifted,
                (count(*) FILTER (WHERE r.cells_drifted > 0))::int AS collaborations
           FROM collaborations c
           CROSS JOIN LATERAL (
             SELECT finished_at, cells_compared, cells_drifted FROM rollup_reconciliations r
              WHERE r.collaboration_id = c.id ORDER BY finished_at DESC, id DESC LIMIT 1) r`,
      );
      const r = rows[0];
      return {
        lastRun: r?.last ? Number(r.last) : 0,
        cellsCompared: Number(r?.compared ?? 0),
        cellsDrifted: Number(r?.drifted ?? 0),
        collaborationsDrifted: r?.collaborations ?? 0,
      };
    });
    const reconciliationGauge = (name: string, help: string, pick: (f: ReconciliationFigures) => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        async collect() {
          try {
            this.set(pick(await reconciliation()));
          } catch (err) {
            logger.warn(`${name}: ${(err as Error).message}`);
          }
        },
      });
    reconciliationGauge(
      'constellation_rollup_reconciliation_last_run_timestamp_seconds',
      'Unix time the latest rollup reconciliation finished (0: none yet); alert when older than two intervals',
      (f) => f.lastRun,
    );
    reconciliationGauge(
      'constellation_rollup_reconciliation_cells_compared',
      'Rollup cells compared with a rebuild by the latest reconciliation of each collaboration, summed',
      (f) => f.cellsCompared,
    );
    reconciliationGauge(
      'constellation_rollup_reconciliation_cells_drifted',
      'Rollup cells missing, extra or different from a rebuild in the latest reconciliation of each collaboration, summed; alert when above 0',
      (f) => f.cellsDrifted,
    );
    reconciliationGauge(
      'constellation_rollup_reconciliation_collaborations_drifted',
      'Collaborations whose latest reconciliation found drift',
      (f) => f.collaborationsDrifted,
    );
    new Counter({
      name: 'constellation_read_cache_requests_total',
      help: 'Dashboard reads (GET …/rollups) answered from the read cache (hit) or the database (miss), while the cache is active',
      labelNames: ['result'],
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc({ result: 'hit' }, readCache.hits);
        this.inc({ result: 'miss' }, readCache.misses);
      },
    });
    new Gauge({
      name: 'constellation_read_cache_active',
      help: '1 while the dashboard read cache is used (on, and the live-event subscriber connected), else 0',
      registers: [this.registry],
      collect() {
        this.set(readCache.active ? 1 : 0);
      },
    });
    // The notification email outbox (worker/src/notifications): rows per email state. 'failed' are
    // emails not delivered after their retries (alert when it grows); 'pending' waits for the relay.
    new Gauge({
      name: 'constellation_notification_emails',
      help: "Notifications per email state (failed: not delivered after the retries; pending: not yet relayed)",
      labelNames: ['state'],
      registers: [this.registry],
      async collect() {
        try {
          const rows: Array<{ state: string; n: number }> = await db.query(
            `SELECT s AS state, (SELECT count(*) FROM notifications n WHERE n.email_state = s)::int AS n
               FROM unnest($1::text[]) s`,
            [NOTIFICATION_EMAIL_STATES],
          );
          for (const r of rows) this.set({ state: r.state }, r.n);
        } catch (err) {
          logger.warn(`notification emails: ${(err as Error).message}`);
        }
      },
    });
    const handles = this.queues;
    new Gauge({
      name: 'constellation_queue_jobs',
      help: 'Jobs per queue and state (failed and completed are bounded by retention)',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        await Promise.all(
          handles.all.map(async (q) => {
            try {
              const counts = await q.getJobCounts(...JOB_STATES);
              for (const state of JOB_STATES) this.set({ queue: q.name, state }, counts[state] ?? 0);
            } catch (err) {
              logger.warn(`queue ${q.name}: ${(err as Error).message}`);
            }
          }),
        );
      },
    });
  }
}
