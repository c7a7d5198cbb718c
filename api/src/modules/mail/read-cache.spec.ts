import { ReadCache } from './read-cache';

const deferred = <T>() => {
  let resolve!: (v: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

describe('ReadCache', () => {
  const live = (seconds = 15) => {
    const c = new ReadCache({ readCacheSeconds: seconds });
    c.setLive(true);
    return c;
  };

  it('answers a repeated question from the cache, per collaboration and key', async () => {
    const c = live();
    let calls = 0;
    const compute = jest.fn(async () => ({ n: ++calls }));
    expect(await c.get('c1', 'k', compute)).toEqual({ n: 1 });
    expect(await c.get('c1', 'k', compute)).toEqual({ n: 1 });
    expect(await c.get('c1', 'other', compute)).toEqual({ n: 2 });
    expect(await c.get('c2', 'k', compute)).toEqual({ n: 3 });
    expect(compute).toHaveBeenCalledTimes(3);
    expect([c.hits, c.misses]).toEqual([1, 3]);
  });

  it('shares one computation between callers asking while it runs', async () => {
    const c = live();
    const d = deferred<string>();
    const compute = jest.fn(() => d.promise);
    const both = Promise.all([c.get('c1', 'k', compute), c.get('c1', 'k', compute)]);
    d.resolve('rows');
    expect(await both).toEqual(['rows', 'rows']);
    expect(compute).toHaveBeenCalledTimes(1);
  });

  it('never serves an answer computed before the collaboration changed, even one still running', async () => {
    const c = live();
    const first = deferred<string>();
    const p1 = c.get('c1', 'k', () => first.promise);
    c.invalidate('c1');
    const p2 = c.get('c1', 'k', async () => 'after');
    first.resolve('before');
    expect(await p1).toBe('before');
    expect(await p2).toBe('after');
    expect(await c.get('c1', 'k', async () => 'recomputed')).toBe('after');
    c.invalidate('c2');
    expect(await c.get('c1', 'k', async () => 'recomputed')).toBe('after');
  });

  it('does not keep a failure', async () => {
    const c = live();
    await expect(c.get('c1', 'k', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await c.get('c1', 'k', async () => 'ok')).toBe('ok');
  });

  it('is bypassed while events cannot be trusted, and forgets everything when they stop', async () => {
    const c = new ReadCache({ readCacheSeconds: 15 });
    expect(c.active).toBe(false);
    expect(await c.get('c1', 'k', async () => 1)).toBe(1);
    expect(await c.get('c1', 'k', async () => 2)).toBe(2);
    c.setLive(true);
    expect(await c.get('c1', 'k', async () => 3)).toBe(3);
    expect(await c.get('c1', 'k', async () => 4)).toBe(3);
    c.setLive(false);
    c.setLive(true);
    expect(await c.get('c1', 'k', async () => 5)).toBe(5);
  });

  it('READ_CACHE_SECONDS=0 turns it off', async () => {
    const c = live(0);
    expect(c.active).toBe(false);
    expect(await c.get('c1', 'k', async () => 1)).toBe(1);
    expect(await c.get('c1', 'k', async () => 2)).toBe(2);
  });

  it('entries expire after READ_CACHE_SECONDS', async () => {
    const c = live(1);
    expect(await c.get('c1', 'k', async () => 1)).toBe(1);
    expect(await c.get('c1', 'k', async () => 2)).toBe(1);
    await new Promise((r) => setTimeout(r, 1_100));
    expect(await c.get('c1', 'k', async () => 3)).toBe(3);
  });
});
