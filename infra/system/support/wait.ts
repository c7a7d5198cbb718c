/**
 * Wait for a condition with a generous deadline instead of sleeping a fixed time (no timed
 * assertions: a slow, loaded machine only makes the tests slower, not red).
 */
export async function until<T>(
  check: () => T | undefined | false | null | Promise<T | undefined | false | null>,
  opts: { timeoutMs?: number; intervalMs?: number; what: string; detail?: () => string | Promise<string> },
): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await check();
    if (result) return result;
    if (Date.now() > deadline) {
      const detail = opts.detail ? `\n${await opts.detail()}` : '';
      throw new Error(`waited ${Math.round(timeoutMs / 1000)} s for ${opts.what}${detail}`);
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 100));
  }
}
