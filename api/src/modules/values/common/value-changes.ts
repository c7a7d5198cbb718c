import { countsInRollups, normalizeDecimal, type ValueStatus, type ValueView } from '@constellation/shared';
import type { OutboxWrite, ValueRow } from '../values/values.repository';

type Numbers = { value: string | null; numerator: string | null; denominator: string | null };

/** A stored number as the api answers it (canonical decimal text), or null. */
export const canon = (x: string | null) => (x === null ? null : normalizeDecimal(x));
export const sameNumbers = (a: Numbers, b: Numbers) =>
  canon(a.value) === canon(b.value) && canon(a.numerator) === canon(b.numerator) && canon(a.denominator) === canon(b.denominator);

/** What a revision keeps of a value (before/after). */
export function snapshot(v: Numbers & { partnerId: string; status: ValueStatus; comment: string; flagged?: boolean; returnReason?: string | null }, by?: string | null) {
  return {
    partnerId: v.partnerId,
    value: canon(v.value),
    numerator: canon(v.numerator),
    denominator: canon(v.denominator),
    status: v.status,
    comment: v.comment,
    ...(v.returnReason ? { returnReason: v.returnReason } : {}),
    ...(v.flagged ? { flagged: true } : {}),
    ...(by ? { by } : {}),
  };
}

/**
 * Whether a change moves any rollup: the value entered or left the counting set, or it counts
 * before and after with different numbers. Drafts and returned values never count.
 */
export function changesRollups(before: (Numbers & { status: ValueStatus }) | null, after: (Numbers & { status: ValueStatus }) | null, requiresApproval: boolean): boolean {
  const was = before !== null && countsInRollups(before.status, requiresApproval);
  const is = after !== null && countsInRollups(after.status, requiresApproval);
  if (was !== is) return true;
  return was && is && !sameNumbers(before, after);
}

/** One outbox row per distinct (indicator, period), naming the partners whose values moved. */
export class OutboxCollector {
  private readonly cells = new Map<string, OutboxWrite>();

  add(indicatorId: string, period: string, partnerId: string): void {
    const key = `${indicatorId}|${period}`;
    const row = this.cells.get(key) ?? { indicatorId, period, partnerIds: [] };
    if (!row.partnerIds.includes(partnerId)) row.partnerIds.push(partnerId);
    this.cells.set(key, row);
  }

  rows(): OutboxWrite[] {
    return [...this.cells.values()];
  }
}

export function toValueView(v: ValueRow): ValueView {
  return {
    id: v.id,
    indicatorId: v.indicatorId,
    partnerId: v.partnerId,
    period: v.period,
    cell: v.cell,
    activityId: v.activityId,
    value: canon(v.value),
    numerator: canon(v.numerator),
    denominator: canon(v.denominator),
    status: v.status,
    comment: v.comment,
    returnReason: v.returnReason,
    flagged: v.flagged,
    flagReason: v.flagReason,
    version: v.version,
    via: v.via,
    updatedAt: new Date(v.updatedAt).toISOString(),
  };
}
