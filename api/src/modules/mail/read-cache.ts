import { Inject, Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { APP_CONFIG, type AppConfig } from '../../config/config';

interface Entry {
  generation: number;
  value: Promise<unknown>;
}

/**
 * The dashboard read cache of one api process. Answers of reads of worker-computed data (the
 * rollups) are kept per collaboration and query, and every caller asking the same question while
 * it is being answered shares one database read.
 *
 * Freshness: each collaboration has a generation, bumped by `invalidate` when the worker's
 * `rollup-updated` or any api instance's `values-changed` event arrives (RollupEventsHub), and
 * directly by this process's own writes (LiveEventsPublisher), so the person who wrote reads their
 * write. An entry of an older generation is never served. Events can only be trusted while the
 * Redis subscriber is connected: until it is (and whenever it drops) the cache is bypassed and
 * emptied. READ_CACHE_SECONDS bounds the age of any entry, for an event lost in transit.
 */
@Injectable()
export class ReadCache {
  private readonly entries: LRUCache<string, Entry> | null;
  private readonly generations = new Map<string, number>();
  private live = false;
  hits = 0;
  misses = 0;

  constructor(@Inject(APP_CONFIG) config: Pick<AppConfig, 'readCacheSeconds'>) {
    this.entries = config.readCacheSeconds > 0 ? new LRUCache<string, Entry>({ max: 2_000, ttl: config.readCacheSeconds * 1000 }) : null;
  }

  /** Whether answers are served from the cache now (on, and the event subscriber connected). */
  get active(): boolean {
    return this.entries !== null && this.live;
  }

  /**
   * The answer for `key` in the collaboration: cached when computed since the last change, else
   * computed once for every concurrent caller. `key` must contain everything the answer depends
   * on besides the collaboration (query and audience). A failed computation is not kept.
   */
  get<T>(collaborationId: string, key: string, compute: () => Promise<T>): Promise<T> {
    const entries = this.entries;
    if (!entries || !this.live) return compute();
    const k = `${collaborationId}\u0000${key}`;
    const generation = this.generations.get(collaborationId) ?? 0;
    const hit = entries.get(k);
    if (hit && hit.generation === generation) {
      this.hits++;
      return hit.value as Promise<T>;
    }
    this.misses++;
    const value = compute();
    entries.set(k, { generation, value });
    value.catch(() => {
      if (entries.peek(k)?.value === value) entries.delete(k);
    });
    return value;
  }

  /** Something the collaboration's answers depend on changed: none cached before now is served again. */
  invalidate(collaborationId: string): void {
    this.generations.set(collaborationId, (this.generations.get(collaborationId) ?? 0) + 1);
  }

  /** The event subscriber (dis)connected. Not live: bypass and forget everything (events may have been missed). */
  setLive(live: boolean): void {
    this.live = live;
    if (!live) this.entries?.clear();
  }
}
