import type { IndicatorValue, ValueStatus } from './types';

/**
 * Whether a value with this status enters rollups: `submitted` and `approved`, or `approved`
 * alone when the collaboration requires approval. Drafts and returned values never count.
 */
export function countsInRollups(status: ValueStatus, requiresApproval: boolean): boolean {
  return status === 'approved' || (status === 'submitted' && !requiresApproval);
}

export type ValueIdentity = Pick<
  IndicatorValue,
  'partnerId' | 'indicatorId' | 'period' | 'cell' | 'activityId'
>;

/** The identity of a stored value: one per partner, indicator, period, cell and activity. */
export function valueKey(v: ValueIdentity): string {
  return JSON.stringify([v.indicatorId, v.partnerId, v.period, v.cell, v.activityId ?? null]);
}

/** A change to the stored values: a new value or a revision (`upsert`), or a deletion. */
export type ValueChange =
  { kind: 'upsert'; value: IndicatorValue } | { kind: 'delete'; value: ValueIdentity };

/**
 * The values after a sequence of changes, as the database keeps them: a revision replaces the
 * value with the same identity (it never adds to it); a deletion removes it. Order is kept
 * (first insertion), so replaying the same changes gives the same list.
 */
export function applyValueChanges(
  values: readonly IndicatorValue[],
  changes: readonly ValueChange[],
): IndicatorValue[] {
  const current = new Map<string, IndicatorValue>();
  for (const v of values) current.set(valueKey(v), v);
  for (const change of changes) {
    if (change.kind === 'upsert') current.set(valueKey(change.value), change.value);
    else current.delete(valueKey(change.value));
  }
  return [...current.values()];
}
