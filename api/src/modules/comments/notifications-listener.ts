import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { Client } from 'pg';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { NotificationsRepository } from './notifications.repository';

/** The channel the notifications trigger (migration 1765194000000-digest-live) announces on; payload: the person's id. */
export const NOTIFICATIONS_CHANNEL = 'constellation_notifications';

/** What a person's open streams receive: their unread count, after a notification or a reconnect. */
export interface UnreadUpdate {
  unread: number;
  /** 'notification': a notification was written for them; 'resync': the listener reconnected and may have missed some. */
  reason: 'notification' | 'resync';
}
type Listener = (u: UnreadUpdate) => void;

interface Subscription {
  userId: string;
  listener: Listener;
  /** Ends the client's stream (on shutdown). */
  close: () => void;
}

const BACKOFF_MIN_MS = 250;
const BACKOFF_MAX_MS = 30_000;

/**
 * ONE dedicated PostgreSQL connection per api process LISTENing on 'constellation_notifications'.
 * The trigger on notifications fires pg_notify with the person's id, which PostgreSQL delivers
 * only when the writing transaction commits — whoever wrote it, the api or the worker. Each
 * announcement is fanned out in memory to that person's open streams (GET /api/me/events) with
 * their unread count, computed with the same "still a member" rule as the list.
 *
 * When the connection drops (PostgreSQL restarted, the backend terminated) the listener logs it
 * and reconnects with exponential backoff (250 ms → 30 s); once listening again it sends every
 * subscriber a 'resync' with the current count, since announcements made meanwhile were lost.
 */
@Injectable()
export class NotificationsListener implements BeforeApplicationShutdown {
  private readonly logger = new Logger('NotificationsListener');
  private client: Client | null = null;
  private ready: Promise<void> | null = null;
  private stopped = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private readonly subscriptions = new Set<Subscription>();
  /** People whose count is being computed, and whether another announcement came meanwhile. */
  private readonly inFlight = new Map<string, { again: boolean; reason: UnreadUpdate['reason'] }>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: NotificationsRepository,
  ) {}

  /** Subscribes (connecting the listener on first use); resolves once LISTEN is in place. Returns the unsubscribe. */
  async subscribe(userId: string, listener: Listener, close: () => void): Promise<() => void> {
    const sub: Subscription = { userId, listener, close };
    this.subscriptions.add(sub);
    try {
      await this.connect();
    } catch (err) {
      this.subscriptions.delete(sub);
      throw err;
    }
    return () => this.subscriptions.delete(sub);
  }

  get clientCount(): number {
    return this.subscriptions.size;
  }

  /** The listening connection's backend pid (null while disconnected): for operators and tests. */
  backendPid: number | null = null;

  /** The person's unread count ("still a member" rule of the list). */
  unread(userId: string): Promise<number> {
    return this.repo.unreadCount(this.repo.manager, userId);
  }

  private connect(): Promise<void> {
    if (this.stopped) return Promise.reject(new Error('the notifications listener is shut down'));
    if (this.ready) return this.ready;
    const client = new Client({ connectionString: this.config.databaseUrl, application_name: 'constellation-notifications-listener' });
    this.client = client;
    let lost = false;
    const onLost = (why: string) => {
      if (lost) return;
      lost = true;
      if (this.client === client) {
        this.client = null;
        this.ready = null;
        this.backendPid = null;
      }
      client.removeAllListeners('notification');
      client.end().catch(() => undefined);
      if (this.stopped) return;
      this.logger.warn(`lost the notifications LISTEN connection (${why}); reconnecting`);
      this.scheduleReconnect();
    };
    client.on('error', (err: Error) => onLost(err.message));
    client.on('end', () => onLost('connection ended'));
    client.on('notification', (msg) => {
      if (msg.channel === NOTIFICATIONS_CHANNEL && msg.payload) this.announce(msg.payload, 'notification');
    });
    const ready = (async () => {
      await client.connect();
      await client.query(`LISTEN ${NOTIFICATIONS_CHANNEL}`);
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      this.backendPid = rows[0]?.pid ?? null;
    })();
    this.ready = ready.then(
      () => {
        if (this.failures > 0) {
          this.logger.log(`listening for notifications again (after ${this.failures} failed attempt${this.failures === 1 ? '' : 's'})`);
        }
        this.failures = 0;
      },
      (err: unknown) => {
        onLost((err as Error).message);
        throw err;
      },
    );
    return this.ready;
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** this.failures);
    this.failures++;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect().then(
        () => {
          // Announcements made while disconnected are lost: give every open stream its current count.
          for (const userId of new Set([...this.subscriptions].map((s) => s.userId))) this.announce(userId, 'resync');
        },
        (err: unknown) => this.logger.warn(`reconnecting the notifications listener failed: ${(err as Error).message}`),
      );
    }, delay);
    this.reconnectTimer.unref();
  }

  /** Compute the person's count once and send it to each of their streams (coalescing bursts). */
  private announce(userId: string, reason: UnreadUpdate['reason']): void {
    const pending = this.inFlight.get(userId);
    if (pending) {
      pending.again = true;
      if (reason === 'notification') pending.reason = reason;
      return;
    }
    if (![...this.subscriptions].some((s) => s.userId === userId)) return;
    const state = { again: false, reason };
    this.inFlight.set(userId, state);
    void (async () => {
      try {
        do {
          state.again = false;
          const update: UnreadUpdate = { unread: await this.unread(userId), reason: state.reason };
          for (const s of this.subscriptions) if (s.userId === userId) s.listener(update);
        } while (state.again && !this.stopped);
      } catch (err) {
        this.logger.warn(`could not count unread notifications: ${(err as Error).message}`);
      } finally {
        this.inFlight.delete(userId);
      }
    })();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    for (const s of [...this.subscriptions]) s.close();
    this.subscriptions.clear();
    const client = this.client;
    this.client = null;
    this.ready = null;
    this.backendPid = null;
    if (client) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
    }
  }
}
