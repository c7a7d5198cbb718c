import type { AppConfig } from '../../config/config';
import {
  AttemptLimiter,
  type Counter,
  type CounterStore,
  humanDuration,
  TooManyAttempts,
} from './attempt-limiter';

/** Fixed windows on a fake clock, as Redis keeps them (INCR + EXPIRE NX + TTL). */
class MemoryStore implements CounterStore {
  now = 0;
  private readonly entries = new Map<string, { count: number; expiresAt: number }>();

  private live(key: string) {
    const e = this.entries.get(key);
    if (e && e.expiresAt <= this.now) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }
  async increment(key: string, windowSeconds: number): Promise<Counter> {
    const e = this.live(key) ?? { count: 0, expiresAt: this.now + windowSeconds * 1000 };
    e.count += 1;
    this.entries.set(key, e);
    return { count: e.count, resetInSeconds: Math.ceil((e.expiresAt - this.now) / 1000) };
  }
  async get(key: string): Promise<Counter> {
    const e = this.live(key);
    return e
      ? { count: e.count, resetInSeconds: Math.ceil((e.expiresAt - this.now) / 1000) }
      : { count: 0, resetInSeconds: 0 };
  }
  async reset(key: string): Promise<void> {
    this.entries.delete(key);
  }
  keys(): string[] {
    return [...this.entries.keys()];
  }
}

const config = {
  queuePrefix: '{unit}',
  signIn: { maxPerAccount: 3, maxPerIp: 5, windowSeconds: 900 },
} as AppConfig;

async function refusal(p: Promise<unknown>): Promise<TooManyAttempts> {
  try {
    await p;
  } catch (err) {
    if (err instanceof TooManyAttempts) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('AttemptLimiter', () => {
  let store: MemoryStore;
  let limiter: AttemptLimiter;
  beforeEach(() => {
    store = new MemoryStore();
    limiter = new AttemptLimiter(store, config);
  });

  it('consume: lets max attempts through and refuses the next, with the seconds left in the window', async () => {
    for (let i = 0; i < 5; i++) await limiter.consume('signin-ip', '203.0.113.1', 5);
    store.now = 60_000;
    const err = await refusal(limiter.consume('signin-ip', '203.0.113.1', 5));
    expect(err.getStatus()).toBe(429);
    expect(err.retryAfterSeconds).toBe(840);
    expect(err.message).toBe('Too many sign-in attempts from your network. Please try again in 14 minutes.');
  });

  it('ensureBelow: refuses once max failures are counted, without counting itself', async () => {
    for (let i = 0; i < 2; i++) await limiter.count('signin-account', 'a@example.org');
    await limiter.ensureBelow('signin-account', 'a@example.org', 3);
    await limiter.ensureBelow('signin-account', 'a@example.org', 3);
    expect((await store.get(limiter.key('signin-account', 'a@example.org'))).count).toBe(2);
    await limiter.count('signin-account', 'a@example.org');
    const err = await refusal(limiter.ensureBelow('signin-account', 'a@example.org', 3));
    expect(err.scope).toBe('signin-account');
    expect(err.retryAfterSeconds).toBe(900);
  });

  it('the window closes: counting starts again', async () => {
    for (let i = 0; i < 3; i++) await limiter.count('signin-account', 'a@example.org');
    await expect(limiter.ensureBelow('signin-account', 'a@example.org', 3)).rejects.toBeInstanceOf(
      TooManyAttempts,
    );
    store.now = 900_000;
    await expect(limiter.ensureBelow('signin-account', 'a@example.org', 3)).resolves.toBeUndefined();
  });

  it('clear resets one subject only', async () => {
    for (let i = 0; i < 3; i++) {
      await limiter.count('signin-account', 'a@example.org');
      await limiter.count('signin-account', 'b@example.org');
    }
    await limiter.clear('signin-account', 'a@example.org');
    await expect(limiter.ensureBelow('signin-account', 'a@example.org', 3)).resolves.toBeUndefined();
    await expect(limiter.ensureBelow('signin-account', 'b@example.org', 3)).rejects.toBeInstanceOf(
      TooManyAttempts,
    );
  });

  it('keys: scoped, prefixed, case-insensitive, and without the subject in clear', () => {
    const key = limiter.key('signin-account', 'Someone@Example.org');
    expect(key).toBe(limiter.key('signin-account', 'someone@example.org'));
    expect(key.startsWith('{unit}:ratelimit:signin-account:')).toBe(true);
    expect(key).not.toContain('example');
    expect(limiter.key('reset-account', 'someone@example.org')).not.toBe(key);
  });

  it.each([
    [1, '1 second'],
    [45, '45 seconds'],
    [60, '1 minute'],
    [61, '2 minutes'],
    [900, '15 minutes'],
    [3600, '1 hour'],
    [5400, '2 hours'],
  ])('humanDuration(%i) = %s', (s, text) => {
    expect(humanDuration(s)).toBe(text);
  });
});
