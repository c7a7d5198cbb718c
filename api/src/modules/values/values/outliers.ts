/**
 * The outlier flag: a value far outside the partner's OWN history for the same indicator and
 * cell is accepted but flagged for the backbone's review. Rule (documented in docs/API.md): with
 * at least 3 earlier counting values (the last 12), a value more than 3 × their maximum, or below
 * ⅓ of their minimum when that minimum is positive, is flagged. Zero histories never flag.
 * A heuristic for attention, not a stored number: plain doubles are fine here.
 */
export const OUTLIER_MIN_HISTORY = 3;
export const OUTLIER_FACTOR = 3;

export function outlierReason(value: number, history: readonly number[]): string | null {
  if (history.length < OUTLIER_MIN_HISTORY || !Number.isFinite(value)) return null;
  const max = Math.max(...history);
  const min = Math.min(...history);
  const fmt = (x: number) => String(Number(x.toPrecision(12)));
  if (max > 0 && value > OUTLIER_FACTOR * max) {
    return `${fmt(value)} is more than ${OUTLIER_FACTOR} times this partner's highest recent value (${fmt(max)})`;
  }
  if (min > 0 && value < min / OUTLIER_FACTOR) {
    return `${fmt(value)} is less than a third of this partner's lowest recent value (${fmt(min)})`;
  }
  return null;
}
