import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ROLLUP_UPDATED_CHANNEL, type RollupUpdatedMessage, VALUES_CHANGED_CHANNEL, type ValuesChangedMessage } from '@constellation/shared';
import type { Redis } from 'ioredis';
import { ReadCache } from '../mail/read-cache';
import { REDIS } from '../mail/redis.provider';

/** What a collaboration's stream forwards: the worker's rollup updates and the api's value changes. */
export type LiveEvent =
  | { event: 'rollup-updated'; message: RollupUpdatedMessage }
  | { event: 'values-changed'; message: ValuesChangedMessage };
type Listener = (e: LiveEvent) => void;

interface Subscription {
  collaborationId: string;
  listener: Listener;
  /** Ends the client's stream (on shutdown). */
  close: () => void;
}

/**
 * One Redis subscriber connection per api process for the worker's 'rollup-updated' messages and
 * the api instances' 'values-changed' messages, fanned out in memory to the SSE clients of each
 * collaboration and to the dashboard read cache (which it tells whether events are arriving).
 */
@Injectable()
export class RollupEventsHub implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('RollupEvents');
  private subscriber: Redis | null = null;
  private ready: Promise<void> | null = null;
  private readonly subscriptions = new Set<Subscription>();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly readCache: ReadCache,
  ) {}

  /** Subscribes at start, so the read cache can be used before any browser opens a stream. */
  onApplicationBootstrap(): void {
    this.connect().catch((err: Error) => this.logger.warn(`rollup-updated subscriber not connected yet: ${err.message}`));
  }

  /** Subscribes (connecting the shared subscriber on first use); resolves once Redis confirmed it. Returns the unsubscribe. */
  async subscribe(collaborationId: string, listener: Listener, close: () => void): Promise<() => void> {
    const sub: Subscription = { collaborationId, listener, close };
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

  private connect(): Promise<void> {
    if (this.ready) return this.ready;
    const subscriber = this.redis.duplicate();
    this.subscriber = subscriber;
    subscriber.on('message', (channel: string, raw: string) => this.dispatch(channel, raw));
    subscriber.on('error', (err: Error) => this.logger.warn(`rollup-updated subscriber: ${err.message}`));
    // While the subscriber is down, events are missed: the read cache is bypassed (and emptied)
    // until it is subscribed again. ioredis resubscribes after it reports ready; subscribing once
    // more (a no-op for Redis, answered after the resubscription) says when that is done.
    let subscribed = false;
    subscriber.on('close', () => this.readCache.setLive(false));
    subscriber.on('ready', () => {
      if (!subscribed) return;
      subscriber.subscribe(ROLLUP_UPDATED_CHANNEL, VALUES_CHANGED_CHANNEL).then(
        () => this.readCache.setLive(true),
        (err: Error) => this.logger.warn(`rollup-updated subscriber: ${err.message}`),
      );
    });
    this.ready = subscriber.subscribe(ROLLUP_UPDATED_CHANNEL, VALUES_CHANGED_CHANNEL).then(
      () => {
        subscribed = true;
        this.readCache.setLive(true);
      },
      (err: unknown) => {
        this.ready = null;
        this.subscriber = null;
        subscriber.disconnect();
        throw err;
      },
    );
    return this.ready;
  }

  private dispatch(channel: string, raw: string): void {
    if (channel !== ROLLUP_UPDATED_CHANNEL && channel !== VALUES_CHANGED_CHANNEL) return;
    let message: { collaborationId?: unknown };
    try {
      message = JSON.parse(raw) as { collaborationId?: unknown };
    } catch {
      this.logger.warn(`ignored a ${channel} message that is not JSON`);
      return;
    }
    if (typeof message?.collaborationId !== 'string') return;
    this.readCache.invalidate(message.collaborationId);
    const e =
      channel === ROLLUP_UPDATED_CHANNEL
        ? ({ event: 'rollup-updated', message: message as RollupUpdatedMessage } as const)
        : ({ event: 'values-changed', message: message as ValuesChangedMessage } as const);
    for (const s of this.subscriptions) {
      if (s.collaborationId === message.collaborationId) s.listener(e);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    for (const s of [...this.subscriptions]) s.close();
    this.subscriptions.clear();
    const subscriber = this.subscriber;
    this.readCache.setLive(false);
    this.subscriber = null;
    this.ready = null;
    if (subscriber) await subscriber.quit().catch(() => subscriber.disconnect());
  }
}
